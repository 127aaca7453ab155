import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { Badge, Confirmation, EmptyState, ErrorSummary, Field, Loading, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { deadlinePhrase, formatCalendarDate, formatDateTime, isoToZonedWallTime, plural, zonedWallTimeToIso } from '../../lib/format';
import { label, OUTCOME_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { useSecretariat } from '../../lib/use-secretariat';
import type { MemberCommitment } from '../indicators/commitment-context';
import { TemplateFields } from '../proposals/ProposalForm';
import type { Organization } from '../proposals/proposal-common';
import { COMMITMENT_FIELD_LABEL, MODIFICATION_STATUS_LABEL, MODIFICATION_TONE } from './commitment-common';
import { bodyOf, DateFields, draftOf, type CommitmentDraft } from './commitment-form';

type Request = Schemas['ModificationRequestDto'];
const HOUR = 3_600_000;
const ROUND_STATUS_LABEL: Record<string, string> = { scheduled: 'Programada', open: 'Abierta', closed: 'Cerrada' };

const sameList = (a: unknown[], b: unknown[]) => JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());

/** Only what changed against the commitment as read: the request names exactly what the vote decides. */
function changedFields(before: CommitmentDraft, after: CommitmentDraft): Record<string, unknown> {
  const a = bodyOf(before) as Record<string, unknown>;
  const b = bodyOf(after) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(b)) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) && Array.isArray(y) ? !sameList(x, y) : x !== y) out[key] = y;
  }
  return out;
}

/** The API reports a modification's fields as `changes.title`; the form's fields are `title`. */
const unprefixed = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^changes\./, ''), v]));

/**
 * Once the plan is in implementation a commitment changes only by a modification request
 * that a motion round approves: the coordinator files it (what changes and why), opens its
 * round, and once the round closes applies its result (or cancels it while pending).
 */
export function ModificationRequests({
  commitment: c,
  orgs,
  namesReady,
  period,
}: {
  commitment: MemberCommitment;
  orgs: Map<string, Organization>;
  namesReady: boolean;
  period?: string;
}) {
  const requests = useQuery({
    queryKey: ['modification-requests', c.id],
    queryFn: () => call(api.GET('/api/v1/commitments/{id}/modification-requests', { params: { path: { id: c.id } } })),
  });
  const canCreate = allows(c, 'modification.create');
  const items = requests.data?.items ?? [];
  // The confirmation shows here, beside the requests it speaks of (the page's own is for edits).
  const [notice, setNotice] = useState<string | null>(null);
  if (!canCreate && requests.isSuccess && items.length === 0) return null;
  return (
    <section aria-labelledby="modificaciones">
      <h2 id="modificaciones">Solicitudes de modificación</h2>
      <p>Con el plan en implementación, el compromiso solo cambia si el Secretariado lo aprueba en una votación (moción). Aquí queda cada solicitud con su votación y su resultado.</p>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}
      {requests.isPending ? (
        <Loading what="las solicitudes" />
      ) : requests.isError ? (
        <ProblemNotice problem={requests.error} retry={() => void requests.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No hay solicitudes de modificación">{canCreate && <p>Si el compromiso debe cambiar, solicita la modificación con el formulario de abajo.</p>}</EmptyState>
      ) : (
        <ol className="cards" aria-label="Solicitudes de modificación">
          {[...items].reverse().map((r) => (
            <RequestItem key={r.id} request={r} commitment={c} onDone={setNotice} />
          ))}
        </ol>
      )}
      {canCreate && (namesReady ? <NewRequest commitment={c} orgs={orgs} period={period} onDone={setNotice} /> : <Loading what="las organizaciones" />)}
    </section>
  );
}

/** Which fields the request changes, with the new value where it reads in a few words. */
function describeChanges(r: Request): string[] {
  const requested = r.changes as { changes?: Record<string, unknown>; milestones?: unknown[]; withdraw?: boolean };
  const out = Object.entries(requested.changes ?? {}).map(([k, v]) => {
    const name = COMMITMENT_FIELD_LABEL[k] ?? k;
    if ((k === 'startDate' || k === 'endDate') && typeof v === 'string') return `${name}: ${formatCalendarDate(v)}`;
    if (k === 'title' && typeof v === 'string') return `${name}: «${v}»`;
    return name;
  });
  if (requested.milestones) out.push(`Hitos (${plural(requested.milestones.length, 'hito nuevo', 'hitos nuevos')} en total)`);
  if (requested.withdraw) out.push('Retirar el compromiso del plan');
  return out;
}

/** One request: what it changes and why, its round, and the controls its `actions` allow. */
function RequestItem({ request: r, commitment: c, onDone }: { request: Request; commitment: MemberCommitment; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['modification-request', r.id],
    queryFn: () => call(api.GET('/api/v1/modification-requests/{id}', { params: { path: { id: r.id } } })),
  });
  const q = detail.data ?? { ...r, actions: [] as string[] };
  const round = useQuery({
    queryKey: ['round', q.votingRoundId],
    queryFn: () => call(api.GET('/api/v1/voting-rounds/{id}', { params: { path: { id: q.votingRoundId! } } })),
    enabled: Boolean(q.votingRoundId),
  });
  const [confirmCancel, setConfirmCancel] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['modification-requests', c.id] }),
      queryClient.invalidateQueries({ queryKey: ['modification-request', r.id] }),
      queryClient.invalidateQueries({ queryKey: ['commitment', c.id] }),
      queryClient.invalidateQueries({ queryKey: ['plan-commitments', c.planId] }),
    ]);
  const apply = useSubmit(async () => {
    const done = await call(api.POST('/api/v1/modification-requests/{id}/apply', { params: { path: { id: r.id } } }));
    onDone(done.status === 'applied' ? 'La votación aprobó la solicitud: los cambios ya están en el compromiso.' : 'La votación no aprobó la solicitud: el compromiso queda como estaba.');
    await refresh();
  });
  const cancel = useSubmit(async () => {
    await call(api.POST('/api/v1/modification-requests/{id}/cancel', { params: { path: { id: r.id } } }));
    setConfirmCancel(false);
    onDone('Se canceló la solicitud de modificación.');
    await refresh();
  });
  const heading = `Solicitud del ${formatDateTime(q.createdAt, c.timeZone)}`;
  const problem = apply.problem ?? cancel.problem;
  return (
    <li className="card">
      <article aria-label={heading}>
        <h3>{heading}</h3>
        <p className="meta">
          <Badge tone={MODIFICATION_TONE[q.status] ?? 'neutral'}>{label(MODIFICATION_STATUS_LABEL, q.status)}</Badge>
          {q.outcome && <span>Resultado de la votación: {label(OUTCOME_LABEL, q.outcome)}</span>}
          {q.decidedAt && <span>Resuelta el {formatDateTime(q.decidedAt, c.timeZone)}</span>}
        </p>
        <dl className="facts">
          <dt>Por qué</dt>
          <dd className="prose">{q.reason}</dd>
          <dt>Qué cambia</dt>
          <dd>{describeChanges(q).join('; ') || 'Nada'}</dd>
          <dt>Votación</dt>
          <dd>
            {q.votingRoundId ? (
              <>
                <Link to={`/votaciones/${q.votingRoundId}`}>{round.data?.title ?? 'Ver la votación'}</Link>
                {round.data && (
                  <span className="muted">
                    {' '}
                    — {label(ROUND_STATUS_LABEL, round.data.status)}
                    {round.data.status !== 'closed' && `, ${deadlinePhrase(round.data.closesAt)}`}
                  </span>
                )}
              </>
            ) : (
              'Todavía no se abre la votación que la decide.'
            )}
          </dd>
        </dl>
        {problem && <ProblemNotice problem={problem} />}
        {allows(q, 'modification.link_round') && !q.votingRoundId && <OpenRequestRound request={q} commitment={c} onOpened={refresh} onDone={onDone} />}
        {(allows(q, 'modification.apply') || allows(q, 'modification.cancel')) && !confirmCancel && (
          <div className="actions">
            {allows(q, 'modification.apply') && (
              <button type="button" className="button" onClick={() => void apply.submit()} disabled={apply.busy}>
                {apply.busy ? 'Aplicando…' : 'Aplicar el resultado de la votación'}
              </button>
            )}
            {allows(q, 'modification.cancel') && (
              <button type="button" className="button button-secondary" onClick={() => setConfirmCancel(true)}>
                Cancelar la solicitud
              </button>
            )}
          </div>
        )}
        {confirmCancel && (
          <div className="actions" role="group" aria-label="Confirmar la cancelación">
            <p>¿Cancelar esta solicitud? El compromiso no cambia y la solicitud queda registrada como cancelada.</p>
            <button type="button" className="button" onClick={() => void cancel.submit()} disabled={cancel.busy}>
              {cancel.busy ? 'Cancelando…' : 'Sí, cancelarla'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirmCancel(false)}>
              No, volver
            </button>
          </div>
        )}
      </article>
    </li>
  );
}

/**
 * Opens the motion round that decides a request (POST /voting-rounds, on the commitment's
 * plan) and links it to the request: one action for the coordinator.
 */
function OpenRequestRound({ request: r, commitment: c, onOpened, onDone }: { request: Request; commitment: MemberCommitment; onOpened: () => Promise<unknown>; onDone: (message: string) => void }) {
  const secretariat = useSecretariat(c.secretariatId);
  const tz = c.timeZone;
  const [open, setOpen] = useState(false);
  const [closesAt, setClosesAt] = useState(() => isoToZonedWallTime(new Date(Date.now() + 48 * HOUR), tz));
  const [secrecy, setSecrecy] = useState<'public' | 'secret'>('public');
  const form = useSubmit(async () => {
    const round = await call(
      api.POST('/api/v1/voting-rounds', {
        body: {
          subjectType: 'motion',
          planId: c.planId,
          title: `Modificación del compromiso ${c.code}: ${c.title}`.slice(0, 300),
          description: r.reason,
          closesAt: closesAt ? zonedWallTimeToIso(closesAt, tz) : '',
          secrecy,
        },
      }),
    );
    await call(api.POST('/api/v1/modification-requests/{id}/voting-round', { params: { path: { id: r.id } }, body: { votingRoundId: round.id } }));
    setOpen(false);
    onDone('Se abrió la votación que decide la solicitud. Cada asiento puede votar desde ahora.');
    await onOpened();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  const minHours = secretariat.data?.rules.minVotingHours;
  if (!open)
    return (
      <div className="actions">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Abrir la votación de esta solicitud
        </button>
      </div>
    );
  const formId = `votacion-${r.id}`;
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={formId}>
      <h4 id={formId}>Abrir la votación de esta solicitud</h4>
      <p>Se vota como moción del plan, con la regla y el quórum del Secretariado. Abre en cuanto la abras.</p>
      {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={{ closesAt: 'Cierra el', secrecy: 'Tipo de votación', title: 'Título' }} />}
      <Field
        name="closesAt"
        type="datetime-local"
        label="Cierra el"
        hint={`Fecha y hora de ${secretariat.data?.stateName ?? 'el estado'}.${minHours ? ` Debe quedar abierta al menos ${plural(minHours, 'hora', 'horas')}` : ''}; cierra antes si votan todos los asientos.`}
        value={closesAt}
        onChange={setClosesAt}
        error={form.fieldErrors.closesAt}
        required
      />
      <fieldset className="field" id="field-secrecy">
        <legend>Tipo de votación</legend>
        <div className="checkbox">
          <input type="radio" id={`${formId}-public`} name={`${formId}-secrecy`} checked={secrecy === 'public'} onChange={() => setSecrecy('public')} />
          <label htmlFor={`${formId}-public`}>Pública: al cerrar se publica cómo votó cada asiento</label>
        </div>
        <div className="checkbox">
          <input type="radio" id={`${formId}-secret`} name={`${formId}-secrecy`} checked={secrecy === 'secret'} onChange={() => setSecrecy('secret')} />
          <label htmlFor={`${formId}-secret`}>Secreta: solo se publican los conteos por sector</label>
        </div>
      </fieldset>
      <div className="actions">
        <button className="button" type="submit" disabled={form.busy}>
          {form.busy ? 'Abriendo…' : 'Abrir la votación'}
        </button>
        <button className="button button-secondary" type="button" onClick={() => setOpen(false)}>
          Cancelar
        </button>
      </div>
    </form>
  );
}

/** The request: why, and the commitment's fields as they should read (only what changed is sent), or its withdrawal. */
function NewRequest({ commitment: c, orgs, period, onDone }: { commitment: MemberCommitment; orgs: Map<string, Organization>; period?: string; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [withdraw, setWithdraw] = useState(false);
  const [d, setD] = useState<CommitmentDraft>(() => draftOf(c, orgs));
  const save = useSubmit(async () => {
    const changes = withdraw ? {} : changedFields(draftOf(c, orgs), d);
    await call(
      api.POST('/api/v1/commitments/{id}/modification-requests', {
        params: { path: { id: c.id } },
        body: { reason, ...(Object.keys(changes).length ? { changes } : {}), ...(withdraw ? { withdraw: true } : {}) },
      }),
    );
    setOpen(false);
    setReason('');
    setWithdraw(false);
    onDone('Se registró la solicitud de modificación. Ahora abre la votación que la decide.');
    await queryClient.invalidateQueries({ queryKey: ['modification-requests', c.id] });
  });
  const errors = unprefixed(save.fieldErrors);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.submit();
  };
  if (!open)
    return (
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setD(draftOf(c, orgs));
            setOpen(true);
          }}
        >
          Solicitar una modificación
        </button>
      </div>
    );
  return (
    <form onSubmit={onSubmit} noValidate className="proposal-form" aria-labelledby="nueva-modificacion">
      <h3 id="nueva-modificacion">Solicitar una modificación</h3>
      <p>Escribe por qué debe cambiar y deja los campos como deben quedar: solo se envía lo que cambies. Los cambios se aplican si la votación los aprueba.</p>
      {save.problem && <ErrorSummary message={save.message} errors={errors} labels={COMMITMENT_FIELD_LABEL} />}
      <Field name="reason" label={COMMITMENT_FIELD_LABEL.reason} hint="Lo leen quienes votan. Al menos 10 caracteres." multiline value={reason} onChange={setReason} error={errors.reason} required />
      <div className="checkbox">
        <input id="field-withdraw" type="checkbox" checked={withdraw} onChange={(e) => setWithdraw(e.target.checked)} aria-describedby="withdraw-hint" />
        <div>
          <label htmlFor="field-withdraw">Retirar el compromiso del plan</label>
          <p id="withdraw-hint" className="hint">
            Si la votación lo aprueba, el compromiso queda «Retirado» y sus hitos ya no reciben avances.
          </p>
        </div>
      </div>
      {!withdraw && (
        <>
          <TemplateFields draft={d} onChange={setD} errors={errors} stateCode={c.stateCode} labels={COMMITMENT_FIELD_LABEL} />
          <DateFields draft={d} onChange={setD} errors={errors} period={period} />
        </>
      )}
      <div className="actions">
        <button className="button" type="submit" disabled={save.busy}>
          {save.busy ? 'Enviando…' : 'Registrar la solicitud'}
        </button>
        <button className="button button-secondary" type="button" onClick={() => setOpen(false)}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
