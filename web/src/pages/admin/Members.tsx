import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Loading, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate } from '../../lib/format';
import { label, ROLE_LABEL, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';

/**
 * Members and their terms. A member carries no `actions` of its own; `membership.update` and
 * `.end` are the coordinators' (the same who as `secretariat.update`), so that action gates them.
 */
export function Members({ secretariat: s }: { secretariat: Schemas['SecretariatDetailDto'] }) {
  const qc = useQueryClient();
  const members = useQuery({
    queryKey: ['members', s.id, 'history'],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}/members', { params: { path: { id: s.id }, query: { limit: 100, includeEnded: true } } })),
    staleTime: 0,
  });
  const [ending, setEnding] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['members', s.id] }), qc.invalidateQueries({ queryKey: ['seats', s.id] }), qc.invalidateQueries({ queryKey: ['secretariat-detail', s.id] })]);
  const toggle = useSubmit(async (m: Schemas['MemberDto']) => {
    await call(api.PATCH('/api/v1/memberships/{id}', { params: { path: { id: m.membershipId } }, body: { isCoordinator: !m.isCoordinator } }));
    await refresh();
  });
  const end = useSubmit(async (id: string) => {
    await call(api.POST('/api/v1/memberships/{id}/end', { params: { path: { id } }, body: { reason } }));
    setEnding(null);
    setReason('');
    await refresh();
  });
  const manage = allows(s, 'secretariat.update');
  return (
    <section aria-labelledby="integrantes">
      <h2 id="integrantes">Integrantes y periodos</h2>
      {(toggle.problem || end.problem) && <ProblemNotice problem={toggle.problem ?? end.problem} />}
      {members.isPending ? (
        <Loading what="los integrantes" />
      ) : members.isError ? (
        <ProblemNotice problem={members.error} />
      ) : (
        <ul className="cards">
          {members.data.items.map((m) => (
            <li key={m.membershipId} className="card">
              <strong>{m.name}</strong> {m.email && <span className="muted">{m.email}</span>}
              <p className="meta">
                {label(SECTOR_LABEL, m.sector)}, {label(ROLE_LABEL, m.role)}
                {m.organization && ` de ${m.organization.name}`}
                {m.isCoordinator && ', coordinación'} · desde el {formatDate(m.startedAt, s.timeZone)}
                {m.endedAt && ` hasta el ${formatDate(m.endedAt, s.timeZone)}${m.endReason ? ` (${m.endReason})` : ''}`}
              </p>
              {manage && !m.endedAt && ending !== m.membershipId && (
                <div className="inline-actions">
                  <button type="button" className="button button-secondary" disabled={toggle.busy} onClick={() => void toggle.submit(m)}>
                    {m.isCoordinator ? 'Quitar la coordinación' : 'Dar la coordinación'}
                    <span className="visually-hidden"> a {m.name}</span>
                  </button>
                  <button type="button" className="button button-secondary" onClick={() => setEnding(m.membershipId)}>
                    Terminar su periodo<span className="visually-hidden">: {m.name}</span>
                  </button>
                </div>
              )}
              {ending === m.membershipId && (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void end.submit(m.membershipId);
                  }}
                >
                  <div className="field">
                    <label htmlFor={`fin-${m.membershipId}`}>Motivo del término</label>
                    <input id={`fin-${m.membershipId}`} value={reason} onChange={(e) => setReason(e.target.value)} />
                  </div>
                  <div className="inline-actions">
                    <button type="submit" className="button" disabled={end.busy}>
                      Terminar el periodo
                    </button>
                    <button type="button" className="button button-secondary" onClick={() => setEnding(null)}>
                      Cancelar
                    </button>
                  </div>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
