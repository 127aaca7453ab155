import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import type { Round } from '../../components/public/shared';
import { useSecretariat } from '../../lib/use-secretariat';

export type RoundDetail = Schemas['RoundDetailDto'];
export type RoundResult = Schemas['ResultDto'];
export type Seat = Schemas['SeatDto'];

/**
 * A round with what its screens show beside it: the secretariat (name, zone), its seats (to
 * name each seat by its organization) and, once closed, the result. One place for the round
 * page and its acta.
 */
export function useRound(id: string) {
  const round = useQuery({ queryKey: ['round', id], queryFn: () => call(api.GET('/api/v1/voting-rounds/{id}', { params: { path: { id } } })) });
  const secretariatId = round.data?.secretariatId;
  const secretariat = useSecretariat(secretariatId);
  const seats = useQuery({
    queryKey: ['seats', secretariatId],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}/seats', { params: { path: { id: secretariatId! } } })),
    enabled: Boolean(secretariatId),
  });
  const closed = round.data?.status === 'closed';
  const result = useQuery({
    queryKey: ['round-result', id],
    queryFn: () => call(api.GET('/api/v1/voting-rounds/{id}/result', { params: { path: { id } } })),
    enabled: closed,
  });
  return { round, secretariat, seats, result };
}

/** Organization name by seat id (seats that were vacated later keep their name). */
export function seatNames(seats: Seat[] | undefined): Map<string, string> {
  return new Map((seats ?? []).map((s) => [s.id, s.organization.name]));
}

/** The member result in the shape the public results table draws (one table for both). */
export function asResultsTable(round: RoundDetail, result: RoundResult, names: Map<string, string>): Round {
  return {
    id: round.id,
    title: round.title,
    subjectType: round.subjectType,
    subjectId: round.subjectId,
    secrecy: round.secrecy,
    decisionRule: result.rule,
    quorumPerSector: result.quorumPerSector,
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    closedAt: result.closedAt,
    outcome: result.outcome,
    totals: result.totals as Round['totals'],
    sectors: result.sectors as unknown as Round['sectors'],
    seats: result.seats?.map((s) => ({ sector: s.sector, organizationId: s.organizationId, organizationName: names.get(s.seatId) ?? null, choice: s.choice, castBy: s.castBy })),
  } as Round;
}
