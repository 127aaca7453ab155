import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Badge, Breadcrumbs, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDateTime, plural } from '../../lib/format';
import { useSecretariat } from '../../lib/use-secretariat';
import { DueDate, MilestoneBadges, waitingPhrase } from './milestone-common';

/**
 * The guarantor's review queue: every milestone of the secretariat sent for review, the one
 * waiting longest first, with how long it has waited. "Revisar" shows only where the API
 * offers the review to this person (never for their own organization's milestones).
 */
export default function ReviewQueue() {
  return (
    <RequireSignIn>
      <ReviewQueueScreen />
    </RequireSignIn>
  );
}

function ReviewQueueScreen() {
  const { id = '' } = useParams();
  const secretariat = useSecretariat(id);
  const queue = useInfiniteQuery({
    queryKey: ['review-queue', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/secretariats/{id}/milestones', { params: { path: { id }, query: { status: 'submitted', limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  if (secretariat.isPending || queue.isPending) return <Loading what="los hitos por revisar" />;
  if (secretariat.isError || queue.isError)
    return (
      <>
        <PageTitle>Hitos por revisar</PageTitle>
        <ProblemNotice problem={secretariat.error ?? queue.error} retry={() => void queue.refetch()} />
      </>
    );
  const s = secretariat.data;
  const items = queue.data.pages.flatMap((p) => p.items);
  const now = new Date();
  return (
    <>
      <Breadcrumbs items={[{ to: '/mis-secretariados', label: 'Mis secretariados' }, { to: `/mis-secretariados/${id}`, label: s.name }, { label: 'Hitos por revisar' }]} />
      <PageTitle>Hitos por revisar</PageTitle>
      <p className="lead">
        {items.length === 0
          ? 'No hay hitos esperando la revisión del órgano garante.'
          : `${plural(items.length, 'hito espera', 'hitos esperan')}${queue.hasNextPage ? ' o más' : ''} la revisión del órgano garante; primero el que lleva más tiempo.`}
      </p>
      {items.length === 0 ? (
        <EmptyState title="Todo revisado">
          Cuando una organización responsable envíe un hito con su evidencia, aparecerá aquí. <Link to={`/mis-secretariados/${id}`}>Volver al secretariado</Link>
        </EmptyState>
      ) : (
        <ul className="cards">
          {items.map((m) => (
            <li key={m.id} className={`card${m.overdue ? ' overdue' : ''}`}>
              <p className="meta">
                <span className="code">{m.commitmentCode}</span>
                <span>{m.commitmentTitle}</span>
              </p>
              <h2 className="card-title">
                <Link to={`/gestion/hitos/${m.id}`}>{m.title}</Link>
              </h2>
              <p className="meta">
                <MilestoneBadges milestone={m} />
                {m.submittedAt && <Badge tone="warning">{capitalize(waitingPhrase(m.submittedAt, now))}</Badge>}
              </p>
              <p>
                Responsable: {m.responsibleOrganizationName}
                {m.submittedAt && <> · Entregado el {formatDateTime(m.submittedAt, s.timeZone)}</>}
              </p>
              <p>
                Fecha límite: <DueDate milestone={m} timeZone={s.timeZone} />
              </p>
              {allows(m, 'milestone.review') ? (
                <p>
                  <Link className="button" to={`/gestion/hitos/${m.id}`} aria-label={`Revisar «${m.title}»`}>
                    Revisar
                  </Link>
                </p>
              ) : (
                <p className="muted">Lo revisa otra persona titular o suplente del órgano garante.</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {queue.hasNextPage && (
        <button type="button" className="button button-secondary" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
          {queue.isFetchingNextPage ? 'Cargando…' : 'Ver más'}
        </button>
      )}
    </>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
