import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { Breadcrumbs } from '../../components/ui';
import { isoToZonedWallTime } from '../../lib/format';
import { useSecretariat } from '../../lib/use-secretariat';

type Commitment = Schemas['CommitmentDetailDto'];

export type MemberCommitment = Commitment & { secretariatName: string; timeZone: string; stateCode: string };
type Loaded = { isPending: true; isError: false; error: null; data: undefined } | { isPending: false; isError: true; error: Error; data: undefined } | { isPending: false; isError: false; error: null; data: MemberCommitment };

/** A commitment as its members see it, with its secretariat's name, time zone (for today's date in forms) and state (to search its organizations). */
export function useCommitment(id: string): Loaded {
  const commitment = useQuery({ queryKey: ['commitment', id], queryFn: () => call(api.GET('/api/v1/commitments/{id}', { params: { path: { id } } })) });
  const secretariat = useSecretariat(commitment.data?.secretariatId);
  const error = commitment.error ?? secretariat.error;
  if (error) return { isPending: false, isError: true, error, data: undefined };
  if (!commitment.data || !secretariat.data) return { isPending: true, isError: false, error: null, data: undefined };
  return { isPending: false, isError: false, error: null, data: { ...commitment.data, secretariatName: secretariat.data.name, timeZone: secretariat.data.timeZone, stateCode: secretariat.data.stateCode } };
}

/** Mis secretariados › the secretariat › its plan › the commitment › here (the commitment's own page: no `here`). */
export function CommitmentCrumbs({ commitment: c, here }: { commitment: MemberCommitment; here?: string }) {
  return (
    <Breadcrumbs
      items={[
        { to: '/mis-secretariados', label: 'Mis secretariados' },
        { to: `/mis-secretariados/${c.secretariatId}`, label: c.secretariatName },
        { to: `/gestion/planes/${c.planId}`, label: 'Plan de acción' },
        ...(here ? [{ to: `/gestion/compromisos/${c.id}`, label: c.title }, { label: here }] : [{ label: c.title }]),
      ]}
    />
  );
}

/**
 * A number as typed ("96.5", decimal point as in Mexico). Anything else, a comma included
 * ("1,5" could mean 1.5 or 15), goes to the API as typed, to be refused beside its field.
 */
export function toNumber(text: string): number {
  const trimmed = text.trim();
  return (trimmed === '' || Number.isNaN(Number(trimmed)) ? text : Number(trimmed)) as number;
}

/** Today's calendar date in the secretariat's zone (YYYY-MM-DD). */
export const todayIn = (timeZone: string) => isoToZonedWallTime(new Date(), timeZone).slice(0, 10);
