import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, EmptyState, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate, formatDateTime, plural } from '../../lib/format';
import { label } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { DECISION_LABEL, sectorPhrase, StatusBadges, type Proposal } from './proposal-common';
import { useSecretariat } from '../../lib/use-secretariat';

/** Submitted proposals still waiting for the secretariat's reasoned response, soonest deadline first. */
export default function ResponseQueue() {
  return (
    <RequireSignIn>
      <QueueScreen />
    </RequireSignIn>
  );
}

/** Every page of a plan's proposals in one status (responses and merges need the whole list). */
async function allProposals(planId: string, status: 'submitted' | 'in_deliberation'): Promise<Proposal[]> {
  const out: Proposal[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(api.GET('/api/v1/plans/{id}/proposals', { params: { path: { id: planId }, query: { status, limit: 100, cursor } } }));
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < 1000);
  return out;
}

const due = (p: Proposal) => (p.responseDueAt ? new Date(p.responseDueAt).getTime() : Infinity);

function QueueScreen() {
  const { id = '' } = useParams();
  const plan = useQuery({ queryKey: ['plan', id], queryFn: () => call(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })) });
  const secretariatId = plan.data?.secretariatId;
  const secretariat = useSecretariat(secretariatId);
  const queue = useQuery({ queryKey: ['proposals', id, 'queue'], queryFn: () => allProposals(id, 'submitted') });
  if (plan.isPending) return <Loading what="el plan" />;
  if (plan.isError)
    return (
      <>
        <PageTitle>Respuestas razonadas</PageTitle>
        <ProblemNotice problem={plan.error} />
      </>
    );
  const p = plan.data;
  const tz = secretariat.data?.timeZone;
  const items = [...(queue.data ?? [])].sort((a, b) => due(a) - due(b));
  const late = items.filter((x) => x.responseState === 'late').length;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/gestion/planes/${p.id}`, label: p.title },
          { to: `/gestion/planes/${p.id}/propuestas`, label: 'Propuestas' },
          { label: 'Respuestas razonadas' },
        ]}
      />
      <PageTitle>Respuestas razonadas pendientes</PageTitle>
      <p>Cada propuesta enviada merece una respuesta razonada del Secretariado dentro del plazo: pasarla a votación, integrarla en otra o explicar por qué no se acepta.</p>
      {queue.isPending ? (
        <Loading what="las propuestas" />
      ) : queue.isError ? (
        <ProblemNotice problem={queue.error} retry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No hay propuestas esperando respuesta.">
          <Link to={`/gestion/planes/${p.id}/propuestas`}>Ver todas las propuestas del plan</Link>
        </EmptyState>
      ) : (
        <>
          <p className="result-count" role="status">
            {plural(items.length, 'propuesta espera', 'propuestas esperan')} respuesta
            {late > 0 && `; ${plural(late, 'está atrasada', 'están atrasadas')}`}.
          </p>
          <ul className="cards proposal-cards">
            {items.map((x) => (
              <li key={x.id} className={`card${x.responseState === 'late' ? ' card-late' : ''}`}>
                <h2>
                  <Link to={`/propuestas/${x.id}`}>{x.title}</Link>
                </h2>
                <p className="meta">
                  <StatusBadges proposal={x} timeZone={tz} />
                </p>
                <p className="meta">
                  <span>{sectorPhrase(x.authorSector)}</span>
                  {x.submittedAt && <span>Enviada el {formatDate(x.submittedAt, tz)}</span>}
                  {x.responseDueAt && <span>Plazo: {formatDateTime(x.responseDueAt, tz)}</span>}
                </p>
                <p>
                  <Link className="button" to={`/propuestas/${x.id}/responder`}>
                    Responder<span className="visually-hidden"> a «{x.title}»</span>
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

type Decision = 'accept_for_vote' | 'merge' | 'decline';
const DECISION_HINT: Record<Decision, string> = {
  accept_for_vote: 'La propuesta queda lista para que se abra una votación sobre ella.',
  merge: 'Se une a otra propuesta parecida del mismo plan; esta deja de considerarse por separado.',
  decline: 'No se acepta. Hay que explicar por qué: quien propuso y el público lo leerán.',
};

/** The reasoned response to one proposal (`/propuestas/:id/responder`, coordinators). */
export function RespondToProposal() {
  return (
    <RequireSignIn>
      <RespondScreen />
    </RequireSignIn>
  );
}

function RespondScreen() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const proposal = useQuery({ queryKey: ['proposal', id], queryFn: () => call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } })) });
  const planId = proposal.data?.planId;
  const targets = useQuery({
    queryKey: ['proposals', planId, 'merge-targets'],
    queryFn: async () => [...(await allProposals(planId!, 'submitted')), ...(await allProposals(planId!, 'in_deliberation'))],
    enabled: Boolean(planId),
  });
  const [decision, setDecision] = useState<Decision | ''>('');
  const [text, setText] = useState('');
  const [mergeIntoId, setMergeIntoId] = useState('');
  const respond = useSubmit(async () => {
    await call(
      api.POST('/api/v1/proposals/{id}/response', {
        params: { path: { id } },
        body: {
          decision: decision as Decision,
          ...(text.trim() || decision !== 'accept_for_vote' ? { text } : {}),
          ...(decision === 'merge' ? { mergeIntoId } : {}),
        },
      }),
    );
    await queryClient.invalidateQueries({ queryKey: ['proposal', id] });
    await queryClient.invalidateQueries({ queryKey: ['proposals', planId] });
    void navigate(`/propuestas/${id}`, { state: { notice: `La respuesta razonada quedó registrada: ${label(DECISION_LABEL, decision)}.` } });
  });
  if (proposal.isPending) return <Loading what="la propuesta" />;
  if (proposal.isError)
    return (
      <>
        <PageTitle>Respuesta razonada</PageTitle>
        <ProblemNotice problem={proposal.error} />
      </>
    );
  const p = proposal.data;
  const others = (targets.data ?? []).filter((x) => x.id !== p.id);
  const labels = { decision: 'Decisión', text: 'Razones', mergeIntoId: 'Propuesta en la que se integra' };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void respond.submit();
  };
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/gestion/planes/${p.planId}/propuestas/respuestas`, label: 'Respuestas razonadas' },
          { to: `/propuestas/${p.id}`, label: p.title },
          { label: 'Responder' },
        ]}
      />
      <PageTitle>Respuesta razonada</PageTitle>
      <p className="lead">
        A la propuesta <Link to={`/propuestas/${p.id}`}>«{p.title}»</Link>
      </p>
      <p className="meta">
        <StatusBadges proposal={p} />
      </p>
      {!allows(p, 'proposal.respond') ? (
        <div className="notice">
          <p>Esta propuesta ya no espera respuesta, o responderla no te corresponde.</p>
          <Link to={`/propuestas/${p.id}`}>Volver a la propuesta</Link>
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          {respond.problem && <ErrorSummary message={respond.message} errors={respond.fieldErrors} labels={labels} />}
          <fieldset id="field-decision" tabIndex={-1} className={`field${respond.fieldErrors.decision ? ' field-error' : ''}`}>
            <legend>¿Qué decide el Secretariado?</legend>
            {respond.fieldErrors.decision && <p className="error-message">{respond.fieldErrors.decision}</p>}
            {(['accept_for_vote', 'merge', 'decline'] as Decision[]).map((d) => (
              <div className="checkbox radio" key={d}>
                <input id={`decision-${d}`} type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} aria-describedby={`decision-${d}-hint`} />
                <label htmlFor={`decision-${d}`}>
                  <strong>{DECISION_LABEL[d]}</strong>
                  <span id={`decision-${d}-hint`} className="hint-inline">
                    {DECISION_HINT[d]}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          {decision === 'merge' && (
            <div className={`field${respond.fieldErrors.mergeIntoId ? ' field-error' : ''}`}>
              <label htmlFor="field-mergeIntoId">{labels.mergeIntoId}</label>
              {respond.fieldErrors.mergeIntoId && <p className="error-message">{respond.fieldErrors.mergeIntoId}</p>}
              {others.length === 0 && !targets.isPending ? (
                <p className="muted" id="merge-none">
                  No hay otra propuesta enviada o lista para votación en este plan.
                </p>
              ) : (
                <select id="field-mergeIntoId" value={mergeIntoId} onChange={(e) => setMergeIntoId(e.target.value)}>
                  <option value="">Elige una propuesta…</option>
                  {others.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.title}
                    </option>
                  ))}
                </select>
              )}
            </div>
          )}
          {decision && (
            <Field
              name="text"
              label={decision === 'accept_for_vote' ? 'Razones (opcional)' : 'Razones'}
              hint="Se publican con la propuesta. Explica la decisión en palabras sencillas."
              multiline
              value={text}
              onChange={setText}
              error={respond.fieldErrors.text}
              required={decision !== 'accept_for_vote'}
            />
          )}
          <div className="actions">
            <button className="button" type="submit" disabled={respond.busy}>
              {respond.busy ? 'Registrando…' : 'Registrar la respuesta'}
            </button>
            <Link className="button button-secondary" to={`/propuestas/${p.id}`}>
              Cancelar
            </Link>
          </div>
        </form>
      )}
    </>
  );
}
