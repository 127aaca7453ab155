import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { EmptyState, Loading, ProblemNotice } from '../../components/ui';
import { useOrganizationNames } from '../proposals/proposal-common';
import { ProgressSummary, StatusBadge } from './commitment-common';

/**
 * The plan's commitments on its members' page (`/gestion/planes/:id`): code, title linking to
 * the commitment, status, lead agency, verified vs self-reported progress and IRM completion.
 */
export function PlanCommitments({ planId, stage }: { planId: string; stage: string }) {
  const commitments = useQuery({
    queryKey: ['plan-commitments', planId],
    queryFn: () => call(api.GET('/api/v1/plans/{id}/commitments', { params: { path: { id: planId }, query: { limit: 100 } } })),
  });
  const items = commitments.data?.items ?? [];
  const orgs = useOrganizationNames(items.map((c) => c.leadAgencyId));
  return (
    <section aria-labelledby="compromisos">
      <h2 id="compromisos">Compromisos</h2>
      {commitments.isPending ? (
        <Loading what="los compromisos" />
      ) : commitments.isError ? (
        <ProblemNotice problem={commitments.error} retry={() => void commitments.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="Este plan todavía no tiene compromisos">
          <p>
            {['draft', 'consultation', 'deliberation', 'voting'].includes(stage)
              ? 'Cada propuesta que el Secretariado aprueba en votación se vuelve un compromiso del plan.'
              : 'Ninguna propuesta se aprobó como compromiso.'}
          </p>
        </EmptyState>
      ) : (
        <ul className="cards commitment-cards">
          {items.map((c) => (
            <li key={c.id} className="card">
              <p className="code">{c.code}</p>
              <h3>
                <Link to={`/gestion/compromisos/${c.id}`}>{c.title}</Link>
              </h3>
              {c.leadAgencyId && orgs.get(c.leadAgencyId) && <p className="muted">Responsable: {orgs.get(c.leadAgencyId)!.name}</p>}
              <ProgressSummary progress={c.progress} compact>
                <StatusBadge status={c.status} />
              </ProgressSummary>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
