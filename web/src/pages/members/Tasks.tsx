import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { useSession } from '../../auth/session';
import { Badge, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { deadlinePhrase, formatDateTime, plural } from '../../lib/format';

type Task = Schemas['TaskDto'];

/** What each kind of task asks, as a short tag beside its title. */
const KIND_LABEL: Record<Task['kind'], string> = {
  ballot: 'Votar',
  proposal_response: 'Dar respuesta razonada',
  milestone_due: 'Entregar hito',
  milestone_review: 'Revisar hito',
  invitation: 'Invitación',
};
const DUE_VERBS: Record<Task['kind'], { future: string; past: string }> = {
  ballot: { future: 'cierra', past: 'cerró' },
  proposal_response: { future: 'vence', past: 'venció' },
  milestone_due: { future: 'vence', past: 'venció' },
  milestone_review: { future: 'revisar', past: 'espera revisión desde' },
  invitation: { future: 'vence', past: 'venció' },
};

/** "Pendientes": everything the signed-in person must do now, in all their secretariats, soonest deadline first. */
export default function Tasks() {
  return (
    <RequireSignIn>
      <TasksScreen />
    </RequireSignIn>
  );
}

function TasksScreen() {
  const session = useSession();
  // Each deadline in its own secretariat's zone (an invitation's secretariat may not be ours yet).
  const zones = new Map((session.user?.memberships ?? []).map((m) => [m.secretariatId, m.timeZone]));
  const tasks = useInfiniteQuery({
    queryKey: ['my-tasks'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/me/tasks', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // What is pending changes with every action taken elsewhere: always re-read on arrival.
    staleTime: 0,
  });
  if (tasks.isPending) return <Loading what="tus pendientes" />;
  if (tasks.isError)
    return (
      <>
        <PageTitle>Pendientes</PageTitle>
        <ProblemNotice problem={tasks.error} retry={() => void tasks.refetch()} />
      </>
    );
  const items = tasks.data.pages.flatMap((p) => p.items);
  const unread = tasks.data.pages[0]?.unreadNotifications ?? 0;
  return (
    <>
      <PageTitle>Pendientes</PageTitle>
      <p className="lead">
        {items.length === 0 ? 'No tienes nada pendiente por ahora.' : `Tienes ${plural(items.length, 'cosa', 'cosas')}${tasks.hasNextPage ? ' o más' : ''} por hacer, la más urgente primero.`}
      </p>
      {unread > 0 && (
        <p className="notice">
          <Link to="/notificaciones">{unread === 1 ? 'Tienes 1 notificación sin leer' : `Tienes ${unread} notificaciones sin leer`}</Link>
        </p>
      )}
      {items.length === 0 ? (
        <EmptyState title="Todo al día">
          Aquí aparecerán las votaciones en las que te falta votar, las propuestas por responder, los hitos por entregar o revisar y tus invitaciones. <Link to="/mis-secretariados">Ver mis secretariados</Link>
        </EmptyState>
      ) : (
        <ul className="cards task-list">
          {items.map((t) => (
            <li key={`${t.kind}-${t.subjectId}`} className={`card${t.overdue ? ' overdue' : ''}`}>
              <p className="meta">
                <Badge tone={t.overdue ? 'danger' : 'info'}>{KIND_LABEL[t.kind]}</Badge>
                {t.overdue && <Badge tone="danger">Atrasado</Badge>}
                <span>{t.secretariatName}</span>
              </p>
              <h2 className="card-title">
                <Link to={t.link}>{t.title}</Link>
              </h2>
              {t.dueAt && (
                <p>
                  {capitalize(deadlinePhrase(t.dueAt, new Date(), DUE_VERBS[t.kind]))} · {formatDateTime(t.dueAt, zones.get(t.secretariatId))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {tasks.hasNextPage && (
        <button type="button" className="button button-secondary" onClick={() => void tasks.fetchNextPage()} disabled={tasks.isFetchingNextPage}>
          {tasks.isFetchingNextPage ? 'Cargando…' : 'Ver más'}
        </button>
      )}
    </>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
