import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

export const UNREAD_KEY = ['notifications-unread'];

/** The header's badge: unread notifications, re-read every minute and when the tab regains focus. */
export function useUnreadCount(enabled: boolean): number {
  const query = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => call(api.GET('/api/v1/notifications', { params: { query: { unread: 'true', limit: 1 } } })),
    enabled,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  return query.data?.unreadCount ?? 0;
}
