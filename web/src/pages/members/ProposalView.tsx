import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Badge, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { deadlinePhrase, formatDateTime } from '../../lib/format';
import { INEQUALITY_LABEL, label, OGP_VALUE_LABEL, SECTOR_LABEL } from '../../lib/labels';
import { useSecretariatTimeZone } from '../../lib/use-time-zone';

const STATUS_LABEL: Record<string, string> = {
  draft: 'Borrador',
  submitted: 'Enviada, espera respuesta razonada',
  in_deliberation: 'En deliberación',
  in_vote: 'En votación',
  accepted: 'Aceptada',
  rejected: 'Rechazada',
  withdrawn: 'Retirada',
  merged: 'Integrada en otra propuesta',
};
const DECISION_LABEL: Record<string, string> = { accept_for_vote: 'Pasa a votación', merge: 'Se integra en otra propuesta', decline: 'No se acepta' };

/** A proposal as members read it (notification and e-mail links open here). */
export default function ProposalView() {
  return (
    <RequireSignIn>
      <ProposalScreen />
    </RequireSignIn>
  );
}

function ProposalScreen() {
  const { id = '' } = useParams();
  const proposal = useQuery({ queryKey: ['proposal', id], queryFn: () => call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } })) });
  const timeZone = useSecretariatTimeZone(proposal.data?.secretariatId);
  if (proposal.isPending) return <Loading what="la propuesta" />;
  if (proposal.isError)
    return (
      <>
        <PageTitle>Propuesta</PageTitle>
        <ProblemNotice problem={proposal.error} />
      </>
    );
  const p = proposal.data;
  return (
    <>
      <PageTitle>{p.title}</PageTitle>
      <p className="meta">
        <Badge tone={p.status === 'accepted' ? 'success' : p.status === 'rejected' ? 'danger' : 'info'}>{label(STATUS_LABEL, p.status)}</Badge>
        <span>Propuesta del sector {label(SECTOR_LABEL, p.authorSector)}</span>
        {p.submittedAt && <span>Enviada el {formatDateTime(p.submittedAt, timeZone)}</span>}
      </p>
      {p.responseState === 'awaiting' && p.responseDueAt && (
        <p className="notice">
          El Secretariado debe dar su respuesta razonada antes del {formatDateTime(p.responseDueAt, timeZone)} ({deadlinePhrase(p.responseDueAt, new Date(), { future: 'vence', past: 'venció' })}).
        </p>
      )}
      {p.responseState === 'late' && <p className="notice notice-error">La respuesta razonada está atrasada.</p>}
      {p.responseDecision && (
        <section aria-labelledby="respuesta">
          <h2 id="respuesta">Respuesta razonada del Secretariado</h2>
          <p>
            <strong>{label(DECISION_LABEL, p.responseDecision)}</strong>
            {p.respondedAt && <> · {formatDateTime(p.respondedAt, timeZone)}</>}
            {p.respondedLate && ' · fuera de plazo'}
          </p>
          <p className="prose">{p.responseText}</p>
        </section>
      )}
      <h2>El problema público</h2>
      <p className="prose">{p.publicProblem}</p>
      <h2>Cómo está hoy (línea base)</h2>
      <p className="prose">{p.statusQuo}</p>
      <h2>Qué se propone</h2>
      <p className="prose">{p.description}</p>
      <h2>Cómo resuelve el problema</h2>
      <p className="prose">{p.howItSolves}</p>
      <dl className="facts">
        <dt>Valores de gobierno abierto</dt>
        <dd>{p.ogpValues.map((v) => label(OGP_VALUE_LABEL, v)).join(', ')}</dd>
        <dt>Objetivos de Desarrollo Sostenible</dt>
        <dd>{p.sdgs.length ? p.sdgs.map((n) => `ODS ${n}`).join(', ') : 'Ninguno'}</dd>
        <dt>Enfoque de igualdad</dt>
        <dd>{p.inequalityFocus.length ? p.inequalityFocus.map((v) => label(INEQUALITY_LABEL, v)).join(', ') : 'Ninguno'}{p.inequalityFocusDetail && ` — ${p.inequalityFocusDetail}`}</dd>
      </dl>
    </>
  );
}
