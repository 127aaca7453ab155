import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';

/**
 * A secretariat's detail (name, zone, rules, the caller's `actions`), one cache entry per
 * secretariat for every screen that needs it; waits while the id is not known yet.
 */
export function useSecretariat(secretariatId: string | undefined) {
  return useQuery({
    queryKey: ['secretariat-detail', secretariatId],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}', { params: { path: { id: secretariatId! } } })),
    enabled: Boolean(secretariatId),
  });
}

/** The IANA zone of a secretariat (its state's), for showing its deadlines as its members live them. */
export function useSecretariatTimeZone(secretariatId: string | undefined): string | undefined {
  return useSecretariat(secretariatId).data?.timeZone;
}
