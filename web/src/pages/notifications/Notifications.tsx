import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Badge, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { formatDateTime, relativeTime } from '../../lib/format';
import { UNREAD_KEY } from './unread';

type Notification = Schemas['NotificationDto'];

/** My notifications, unread first: each opens its page (and is marked read); all read at once. */
export default function Notifications() {
  return (
    <RequireSignIn>
      <NotificationsScreen />
    </RequireSignIn>
  );
}

function NotificationsScreen() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const list = useInfiniteQuery({
    queryKey: ['notifications'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/notifications', { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['notifications'] }), queryClient.invalidateQueries({ queryKey: UNREAD_KEY })]);
  const readAll = useMutation({ mutationFn: () => call(api.POST('/api/v1/notifications/read-all')), onSuccess: refresh });
  const open = async (n: Notification) => {
    if (!n.readAt) await call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } })).catch(() => undefined);
    void refresh();
    navigate(n.link);
  };

  if (list.isPending) return <Loading what="tus notificaciones" />;
  if (list.isError)
    return (
      <>
        <PageTitle>Notificaciones</PageTitle>
        <ProblemNotice problem={list.error} retry={() => void list.refetch()} />
      </>
    );
  const items = list.data.pages.flatMap((p) => p.items);
  const unread = list.data.pages[0]?.unreadCount ?? 0;
  return (
    <>
      <PageTitle>Notificaciones</PageTitle>
      <div className="actions">
        <p className="lead">{unread === 0 ? 'No tienes notificaciones sin leer.' : unread === 1 ? 'Tienes 1 notificación sin leer.' : `Tienes ${unread} notificaciones sin leer.`}</p>
        {unread > 0 && (
          <button type="button" className="button button-secondary" onClick={() => readAll.mutate()} disabled={readAll.isPending}>
            Marcar todas como leídas
          </button>
        )}
        <Link to="/notificaciones/preferencias">Elegir qué me llega por correo</Link>
      </div>
      {readAll.isError && <ProblemNotice problem={readAll.error} />}
      {items.length === 0 ? (
        <EmptyState title="Aún no tienes notificaciones">Aquí te avisaremos de votaciones, respuestas a tus propuestas, hitos y plazos.</EmptyState>
      ) : (
        <ul className="cards notification-list">
          {items.map((n) => (
            <li key={n.id} className={`card${n.readAt ? '' : ' unread'}`}>
              <p className="meta">
                {!n.readAt && <Badge tone="info">Sin leer</Badge>}
                <span title={formatDateTime(n.createdAt)}>{relativeTime(n.createdAt)}</span>
              </p>
              <h2 className="card-title">
                <a
                  href={n.link}
                  onClick={(e) => {
                    e.preventDefault();
                    void open(n);
                  }}
                >
                  {n.subject}
                </a>
              </h2>
              <p>{n.text}</p>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="button button-secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Cargando…' : 'Ver más antiguas'}
        </button>
      )}
    </>
  );
}
