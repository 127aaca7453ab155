import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, Confirmation, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { deadlinePhrase, formatDateTime } from '../../lib/format';
import { label } from '../../lib/labels';
import { Comments } from '../proposals/Comments';
import { ProposalActions } from '../proposals/ProposalActions';
import { DECISION_LABEL, focusText, sdgName, sectorPhrase, StatusBadges, useOrganizationNames, valuesText } from '../proposals/proposal-common';
import { Revisions } from '../proposals/Revisions';
import { useSecretariat } from '../../lib/use-secretariat';

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
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const proposal = useQuery({ queryKey: ['proposal', id], queryFn: () => call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } })) });
  const secretariatId = proposal.data?.secretariatId;
  const secretariat = useSecretariat(secretariatId);
  const timeZone = secretariat.data?.timeZone;
  const orgs = useOrganizationNames([proposal.data?.authorOrganizationId, proposal.data?.leadAgencyId, ...(proposal.data?.coResponsibleOrganizationIds ?? [])]);
  const mergedInto = useQuery({
    queryKey: ['proposal', proposal.data?.mergedIntoId],
    queryFn: () => call(api.GET('/api/v1/proposals/{id}', { params: { path: { id: proposal.data!.mergedIntoId! } } })),
    enabled: Boolean(proposal.data?.mergedIntoId),
  });
  if (proposal.isPending) return <Loading what="la propuesta" />;
  if (proposal.isError)
    return (
      <>
        <PageTitle>Propuesta</PageTitle>
        <ProblemNotice problem={proposal.error} />
      </>
    );
  const p = proposal.data;
  const org = (x: string | null) => (x ? orgs.get(x)?.name ?? '…' : '');
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/gestion/planes/${p.planId}`, label: 'Plan' },
          { to: `/gestion/planes/${p.planId}/propuestas`, label: 'Propuestas' },
          { label: p.title },
        ]}
      />
      <PageTitle>{p.title}</PageTitle>
      {notice && (
        <Confirmation>
          <p>{notice}</p>
        </Confirmation>
      )}
      <p className="meta">
        <StatusBadges proposal={p} timeZone={timeZone} />
      </p>
      <p className="meta">
        <span>
          {sectorPhrase(p.authorSector)}
          {p.authorOrganizationId && ` · ${org(p.authorOrganizationId)}`}
        </span>
        {p.submittedAt && <span>Enviada el {formatDateTime(p.submittedAt, timeZone)}</span>}
        <span>Versión {p.version}</span>
      </p>
      {p.status === 'draft' && <p className="notice">Es un borrador: solo tu organización lo ve. Envíalo al Secretariado cuando esté listo.</p>}
      {p.responseState === 'awaiting' && p.responseDueAt && (
        <p className="notice">
          El Secretariado debe dar su respuesta razonada antes del {formatDateTime(p.responseDueAt, timeZone)} ({deadlinePhrase(p.responseDueAt, new Date(), { future: 'vence', past: 'venció' })}).
        </p>
      )}
      {p.responseState === 'late' && <p className="notice notice-error">La respuesta razonada está atrasada: el plazo venció el {p.responseDueAt && formatDateTime(p.responseDueAt, timeZone)}.</p>}

      <ProposalActions proposal={p} secretariat={secretariat.data} timeZone={timeZone} />

      {p.responseDecision && (
        <section aria-labelledby="respuesta" className="response-box">
          <h2 id="respuesta">Respuesta razonada del Secretariado</h2>
          <p>
            <strong>{label(DECISION_LABEL, p.responseDecision)}</strong>
            {p.respondedAt && <> · {formatDateTime(p.respondedAt, timeZone)}</>}
            {p.respondedLate && ' · fuera de plazo'}
          </p>
          {p.mergedIntoId && (
            <p>
              Se integró en: <Link to={`/propuestas/${p.mergedIntoId}`}>{mergedInto.data?.title ?? 'la otra propuesta'}</Link>
            </p>
          )}
          {p.responseText && <p className="prose">{p.responseText}</p>}
        </section>
      )}

      <section aria-labelledby="plantilla">
        <h2 id="plantilla" className="visually-hidden">
          La propuesta
        </h2>
        <h3>El problema público</h3>
        <p className="prose">{p.publicProblem}</p>
        <h3>Cómo está hoy (línea base)</h3>
        <p className="prose">{p.statusQuo}</p>
        <h3>Qué se propone</h3>
        <p className="prose">{p.description}</p>
        <h3>Cómo ayuda a resolver el problema</h3>
        <p className="prose">{p.howItSolves}</p>
        <dl className="facts">
          <dt>Valores de gobierno abierto</dt>
          <dd>{valuesText(p)}</dd>
          <dt>Objetivos de Desarrollo Sostenible</dt>
          <dd>{p.sdgs.length ? p.sdgs.map(sdgName).join('; ') : 'Ninguno'}</dd>
          <dt>Enfoque de igualdad</dt>
          <dd>{focusText(p)}</dd>
          <dt>Dependencia responsable</dt>
          <dd>{org(p.leadAgencyId)}</dd>
          <dt>Organizaciones corresponsables</dt>
          <dd>{p.coResponsibleOrganizationIds.length ? p.coResponsibleOrganizationIds.map(org).join('; ') : 'Ninguna'}</dd>
        </dl>
      </section>

      {p.status !== 'draft' && <Revisions proposalId={p.id} timeZone={timeZone} />}
      {p.status !== 'draft' && <Comments proposal={p} timeZone={timeZone} />}
    </>
  );
}
