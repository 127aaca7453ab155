import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Badge, Confirmation, EmptyState, ErrorSummary, Field, Loading, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate } from '../../lib/format';
import { label, ROLE_DESCRIPTION, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { INVITATION_STATUS_LABEL, SECTORS } from './admin-common';

type Detail = Schemas['SecretariatDetailDto'];
type Body = Schemas['CreateInvitationDto'];
const LABELS = { email: 'Correo electrónico', role: 'Papel', seatId: 'Asiento', sector: 'Sector', organizationId: 'Organización' };

/** Invitations of the secretariat: send, resend (a new one replaces the pending one), revoke; pending and expired shown. */
export function Invitations({ secretariat: s }: { secretariat: Detail }) {
  const qc = useQueryClient();
  // `actions` lists only what changes things (reads are not offered): whoever may send or
  // revoke invitations is who may list them.
  const manages = allows(s, 'invitation.create') || allows(s, 'invitation.revoke');
  const list = useQuery({
    queryKey: ['invitations', s.id],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}/invitations', { params: { path: { id: s.id }, query: { limit: 100 } } })),
    enabled: manages,
    staleTime: 0,
  });
  const seats = useQuery({ queryKey: ['seats', s.id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/seats', { params: { path: { id: s.id } } })) });
  const [form, setForm] = useState({ email: '', role: 'titular', seatId: '', sector: 'government', isCoordinator: false });
  const [sentTo, setSentTo] = useState('');
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['invitations', s.id] }), qc.invalidateQueries({ queryKey: ['audit', s.id] })]);
  const send = useSubmit(async (body: Body) => {
    await call(api.POST('/api/v1/secretariats/{id}/invitations', { params: { path: { id: s.id } }, body }));
    setSentTo(body.email);
    setForm((f) => ({ ...f, email: '', isCoordinator: false }));
    await refresh();
  });
  const revoke = useSubmit(async (invitationId: string) => {
    await call(api.POST('/api/v1/secretariats/{id}/invitations/{invitationId}/revoke', { params: { path: { id: s.id, invitationId } } }));
    await refresh();
  });
  if (!manages) return null;
  const seatRole = form.role === 'titular' || form.role === 'alternate';
  const bodyOf = (): Body => {
    const b = { email: form.email.trim(), role: form.role as Body['role'], isCoordinator: form.isCoordinator } as Body;
    if (seatRole) b.seatId = form.seatId;
    else b.sector = form.sector as Body['sector'];
    return b;
  };
  const resendBody = (i: Schemas['InvitationDto']): Body =>
    ({ email: i.email, role: i.role, isCoordinator: i.isCoordinator, ...(i.seatId ? { seatId: i.seatId } : { sector: i.sector, ...(i.organizationId ? { organizationId: i.organizationId } : {}) }) }) as Body;
  const seatName = (id: string | null) => seats.data?.find((x) => x.id === id)?.organization.name;
  return (
    <section aria-labelledby="invitaciones">
      <h2 id="invitaciones">Invitaciones</h2>
      {sentTo && !send.problem && (
        <Confirmation>
          <p>Enviamos la invitación a {sentTo}. Vence en 7 días.</p>
        </Confirmation>
      )}
      {allows(s, 'invitation.create') && (
        <form
          className="admin-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send.submit(bodyOf());
          }}
        >
          <h3>Invitar a una persona</h3>
          {send.problem && <ErrorSummary message={send.message} errors={send.fieldErrors} labels={LABELS} />}
          <Field name="email" type="email" label="Correo electrónico" autoComplete="off" value={form.email} onChange={(v) => setForm((f) => ({ ...f, email: v }))} error={send.fieldErrors.email} />
          <div className="field">
            <label htmlFor="field-role">Papel</label>
            <select id="field-role" value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value }))}>
              {Object.entries(ROLE_DESCRIPTION).map(([key, text]) => (
                <option key={key} value={key}>
                  {text[0].toUpperCase() + text.slice(1)}
                </option>
              ))}
            </select>
          </div>
          {seatRole ? (
            <div className="field">
              <label htmlFor="field-seatId">Asiento</label>
              {send.fieldErrors.seatId && <p className="error-message">{send.fieldErrors.seatId}</p>}
              <select id="field-seatId" value={form.seatId} onChange={(e) => setForm((f) => ({ ...f, seatId: e.target.value }))}>
                <option value="">Elige un asiento</option>
                {(seats.data ?? []).map((seat) => (
                  <option key={seat.id} value={seat.id}>
                    {label(SECTOR_LABEL, seat.sector)}: {seat.organization.name}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <div className="field">
              <label htmlFor="field-sector">Sector</label>
              <select id="field-sector" value={form.sector} onChange={(e) => setForm((f) => ({ ...f, sector: e.target.value }))}>
                {SECTORS.map((x) => (
                  <option key={x} value={x}>
                    {label(SECTOR_LABEL, x)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="checkbox">
            <input type="checkbox" id="field-isCoordinator" checked={form.isCoordinator} onChange={(e) => setForm((f) => ({ ...f, isCoordinator: e.target.checked }))} />
            <label htmlFor="field-isCoordinator">Con funciones de coordinación</label>
          </div>
          <button type="submit" className="button" disabled={send.busy}>
            {send.busy ? 'Enviando…' : 'Enviar la invitación'}
          </button>
        </form>
      )}
      {revoke.problem && <ProblemNotice problem={revoke.problem} />}
      {list.isPending ? (
        <Loading what="las invitaciones" />
      ) : list.isError ? (
        <ProblemNotice problem={list.error} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="Todavía no hay invitaciones">Invita a la titular o al titular de cada asiento.</EmptyState>
      ) : (
        <ul className="cards" aria-label="Invitaciones enviadas">
          {list.data.items.map((i) => (
            <li key={i.id} className="card">
              <strong>{i.email}</strong>{' '}
              <Badge tone={i.status === 'pending' ? 'info' : i.status === 'accepted' ? 'success' : 'warning'}>{label(INVITATION_STATUS_LABEL, i.status)}</Badge>
              <p className="meta">
                {label(ROLE_DESCRIPTION, i.role)}
                {i.seatId ? ` de ${seatName(i.seatId) ?? 'un asiento'}` : ` (${label(SECTOR_LABEL, i.sector)})`}
                {i.isCoordinator && ', con coordinación'}
                {' · '}
                {i.status === 'accepted' && i.acceptedAt ? `aceptada el ${formatDate(i.acceptedAt, s.timeZone)}` : `vence el ${formatDate(i.expiresAt, s.timeZone)}`}
              </p>
              <div className="inline-actions">
                {(i.status === 'pending' || i.status === 'expired') && allows(s, 'invitation.create') && (
                  <button type="button" className="button button-secondary" disabled={send.busy} onClick={() => void send.submit(resendBody(i))}>
                    Enviar de nuevo<span className="visually-hidden"> a {i.email}</span>
                  </button>
                )}
                {i.status === 'pending' && allows(s, 'invitation.revoke') && (
                  <button type="button" className="button button-secondary" disabled={revoke.busy} onClick={() => void revoke.submit(i.id)}>
                    Revocar<span className="visually-hidden"> la invitación a {i.email}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
