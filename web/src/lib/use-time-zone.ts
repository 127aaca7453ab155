import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';

/** The IANA zone of a secretariat (its state's), for showing its deadlines as its members live them. */
export function useSecretariatTimeZone(secretariatId: string | undefined): string | undefined {
  const query = useQuery({
    queryKey: ['secretariat', secretariatId],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}', { params: { path: { id: secretariatId! } } })),
    enabled: Boolean(secretariatId),
    staleTime: 5 * 60_000,
  });
  return query.data?.timeZone;
}
