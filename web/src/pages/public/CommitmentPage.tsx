import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { IndicatorBlock } from '../../components/public/IndicatorChart';
import { CompletionBadge, ProgressPair, RoundResults, useStates } from '../../components/public/shared';
import { Badge, Breadcrumbs, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { deadlinePhrase, formatBytes, formatCalendarDate, formatDateTime, formatNumber, plural } from '../../lib/format';
import { COMMITMENT_STATUS_LABEL, INEQUALITY_LABEL, label, MILESTONE_STATUS_LABEL, OGP_VALUE_LABEL } from '../../lib/labels';

type Milestone = Schemas['PublicMilestoneDto'];
type Evidence = Schemas['PublicEvidenceDto'];

const MILESTONE_TONE: Record<string, 'neutral' | 'success' | 'warning' | 'danger' | 'info'> = {
  pending: 'neutral',
  in_progress: 'info',
  submitted: 'warning',
  approved: 'success',
  returned: 'danger',
};

export default function CommitmentPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const commitment = useQuery({
    queryKey: ['public-commitment', id],
    queryFn: () => call(api.GET('/api/v1/public/commitments/{id}', { params: { path: { id } } })),
  });
  const states = useStates();
  const state = states.data?.find((s) => s.code === commitment.data?.plan.state.code);
  const timeZone = state?.timeZone ?? 'America/Mexico_City';

  // E-mail links point at a milestone (#hito-<id>): scroll there once it has rendered.
  useEffect(() => {
    if (commitment.data && location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [commitment.data, location.hash]);

  if (commitment.isPending) return <Loading what="el compromiso" />;
  if (commitment.isError)
    return (
      <>
        <PageTitle>No pudimos mostrar este compromiso</PageTitle>
        <ProblemNotice problem={commitment.error} retry={() => void commitment.refetch()} />
        <p>
          <Link to="/">Ver los planes publicados</Link>
        </p>
      </>
    );
  const c = commitment.data;
  const zoneName = state ? `hora de ${state.name}` : 'hora del centro';
  return (
    <>
      <Breadcrumbs items={[{ to: '/', label: 'Planes de acción' }, { to: `/planes/${c.plan.id}`, label: c.plan.title }, { label: c.code }]} />
      <p className="code">{c.code}</p>
      <PageTitle>{c.title}</PageTitle>
      <p className="meta">
        <Badge tone={c.status === 'withdrawn' ? 'danger' : c.status === 'completed' ? 'success' : 'neutral'}>{label(COMMITMENT_STATUS_LABEL, c.status)}</Badge>
        <CompletionBadge completion={c.progress.completion} />
        <span>
          {c.plan.state.name} · {formatCalendarDate(c.startDate)} al {formatCalendarDate(c.endDate)}
        </span>
      </p>

      <section aria-labelledby="avance">
        <h2 id="avance">Avance</h2>
        <ProgressPair progress={c.progress} />
        <p className="muted">
          {formatNumber(c.progress.approvedMilestones)} de {formatNumber(c.progress.milestones)} hitos aprobados, {formatNumber(c.progress.submittedMilestones)} en revisión
          {c.progress.overdueMilestones > 0 && `, ${plural(c.progress.overdueMilestones, 'vencido', 'vencidos')}`}.
        </p>
      </section>

      <section aria-labelledby="en-breve">
        <h2 id="en-breve">El compromiso en palabras sencillas</h2>
        <dl className="facts">
          <Fact term="¿Qué problema atiende?">{c.publicProblem}</Fact>
          <Fact term="¿Cómo están las cosas hoy?">{c.statusQuo}</Fact>
          <Fact term="¿Qué se va a hacer?">{c.description}</Fact>
          <Fact term="¿Cómo ayuda a resolver el problema?">{c.howItSolves}</Fact>
          <Fact term="Quién lo encabeza">{c.leadAgency?.name ?? 'Sin dependencia responsable registrada'}</Fact>
          <Fact term="Quiénes colaboran">{c.coResponsibleOrganizations.length ? c.coResponsibleOrganizations.map((o) => o.name).join('; ') : 'Ninguna organización registrada'}</Fact>
          <Fact term="Valores de gobierno abierto">{c.ogpValues.length ? c.ogpValues.map((v) => label(OGP_VALUE_LABEL, v)).join(', ') : 'No indicados'}</Fact>
          <Fact term="Objetivos de Desarrollo Sostenible">{c.sdgs.length ? c.sdgs.map((n) => `ODS ${n}`).join(', ') : 'No indicados'}</Fact>
          <Fact term="Enfoque de igualdad">{c.inequalityFocus.length ? c.inequalityFocus.map((v) => label(INEQUALITY_LABEL, v)).join(', ') : 'No indicado'}</Fact>
          <Fact term="Plan de acción">
            <Link to={`/planes/${c.plan.id}`}>{c.plan.title}</Link>
          </Fact>
        </dl>
      </section>

      <section aria-labelledby="hitos">
        <h2 id="hitos">Hitos</h2>
        {c.milestones.length === 0 ? (
          <p>Este compromiso todavía no tiene hitos definidos.</p>
        ) : (
          <>
            <p className="muted">Fechas límite en {zoneName}.</p>
            <ol className="timeline">
              {c.milestones.map((m) => (
                <MilestoneItem key={m.id} milestone={m} timeZone={timeZone} />
              ))}
            </ol>
          </>
        )}
      </section>

      <section aria-labelledby="indicadores">
        <h2 id="indicadores">Indicadores</h2>
        {c.indicators.length === 0 ? (
          <p>Este compromiso no tiene indicadores registrados.</p>
        ) : (
          c.indicators.map((i) => <IndicatorBlock key={i.id} indicator={i} />)
        )}
      </section>

      <section aria-labelledby="votacion">
        <h2 id="votacion">Votación que lo aceptó</h2>
        {c.votingRound ? <RoundResults round={c.votingRound} timeZone={timeZone} /> : <p>No hay una votación cerrada registrada para este compromiso.</p>}
      </section>
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function MilestoneItem({ milestone: m, timeZone }: { milestone: Milestone; timeZone: string }) {
  return (
    <li id={`hito-${m.id}`} className={`timeline-item milestone-${m.status}${m.overdue ? ' overdue' : ''}`} tabIndex={-1}>
      <h3>
        Hito {m.position}: {m.title}
      </h3>
      <p className="meta">
        <Badge tone={MILESTONE_TONE[m.status] ?? 'neutral'}>{label(MILESTONE_STATUS_LABEL, m.status)}</Badge>
        {m.overdue && <Badge tone="danger">Vencido</Badge>}
        <span>Peso: {formatNumber(m.weight)} %</span>
      </p>
      <p>
        Fecha límite: <time dateTime={m.dueAt}>{formatDateTime(m.dueAt, timeZone)}</time>
        {m.status !== 'approved' && <span className="muted"> ({deadlinePhrase(m.dueAt, new Date(), { future: 'vence', past: 'venció' })})</span>}
      </p>
      <dl className="facts">
        <Fact term="Entregable">{m.deliverable}</Fact>
        <Fact term="Cómo se verifica">{m.meansOfVerification}</Fact>
        <Fact term="Responsable">{m.responsibleOrganization?.name ?? 'Sin organización responsable'}</Fact>
        {m.submittedAt && <Fact term="Entregado">{formatDateTime(m.submittedAt, timeZone)}</Fact>}
        {m.reviewedAt && <Fact term="Revisado por el órgano garante">{formatDateTime(m.reviewedAt, timeZone)}</Fact>}
        {m.observations && <Fact term="Observaciones del órgano garante">{m.observations}</Fact>}
      </dl>
      <h4>Evidencia</h4>
      {m.evidence.length === 0 ? (
        <p className="muted">Sin evidencia pública todavía.</p>
      ) : (
        <ul className="evidence">
          {m.evidence.map((e) => (
            <EvidenceItem key={e.id} evidence={e} />
          ))}
        </ul>
      )}
    </li>
  );
}

function EvidenceItem({ evidence: e }: { evidence: Evidence }) {
  if (!e.url) return <li>{e.description}</li>;
  if (e.kind === 'file') {
    return (
      <li>
        <a href={e.url} download={e.fileName ?? true}>
          Descargar {e.fileName ?? 'archivo'}
        </a>{' '}
        <span className="muted">
          ({[e.contentType, e.sizeBytes != null ? formatBytes(e.sizeBytes) : null].filter(Boolean).join(', ')}) — {e.description}
        </span>
        {e.sha256 && (
          <details>
            <summary>Huella SHA-256</summary>
            <code className="hash">{e.sha256}</code>
          </details>
        )}
      </li>
    );
  }
  return (
    <li>
      <a href={e.url} rel="noopener noreferrer">
        {e.description}
      </a>{' '}
      <span className="muted">(enlace externo: {hostOf(e.url)})</span>
    </li>
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

