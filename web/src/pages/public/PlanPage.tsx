import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { CompletionBadge, ProgressPair, RoundResults, SECTORS, useTimeZone } from '../../components/public/shared';
import { Badge, Breadcrumbs, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { formatDate, formatNumber, plural } from '../../lib/format';
import { COMMITMENT_STATUS_LABEL, COMPLETION_LABEL, label, PLAN_STAGE_LABEL, PLAN_STAGES, SECTOR_LABEL } from '../../lib/labels';

type Plan = Schemas['PublicPlanDto'];

export default function PlanPage() {
  const { id = '' } = useParams();
  const plan = useQuery({ queryKey: ['public-plan', id], queryFn: () => call(api.GET('/api/v1/public/plans/{id}', { params: { path: { id } } })) });
  const timeZone = useTimeZone(plan.data?.state.code);

  if (plan.isPending) return <Loading what="el plan" />;
  if (plan.isError)
    return (
      <>
        <PageTitle>No pudimos mostrar este plan</PageTitle>
        <ProblemNotice problem={plan.error} retry={() => void plan.refetch()} />
        <p>
          <Link to="/">Ver los planes publicados</Link>
        </p>
      </>
    );
  const p = plan.data;
  return (
    <>
      <Breadcrumbs items={[{ to: '/', label: 'Planes de acción' }, { label: p.title }]} />
      <PageTitle>{p.title}</PageTitle>
      <ul className="meta">
        <li>{p.state.name}</li>
        <li>
          Periodo {p.periodStart}–{p.periodEnd}
        </li>
        <li>
          Etapa: <Badge tone="info">{label(PLAN_STAGE_LABEL, p.stage)}</Badge>
        </li>
      </ul>
      <p>
        Lo elaboró el <Link to={`/secretariados/${p.secretariat.id}`}>{p.secretariat.name}</Link>
        {p.secretariat.municipality ? ` (${p.secretariat.municipality})` : ''}.
      </p>
      <p className="lead">{p.description}</p>

      <section aria-labelledby="avance">
        <h2 id="avance">Avance del plan</h2>
        <p>
          Promedio de {plural(p.progress.commitments - p.progress.withdrawn, 'compromiso vigente', 'compromisos vigentes')}
          {p.progress.withdrawn > 0 && ` (${plural(p.progress.withdrawn, 'retirado no cuenta', 'retirados no cuentan')})`}.
        </p>
        <ProgressPair progress={p.progress} />
        <CompletionSummary byCompletion={p.progress.byCompletion} />
      </section>

      <section aria-labelledby="etapas">
        <h2 id="etapas">Etapas</h2>
        <StageList plan={p} timeZone={timeZone} />
      </section>

      <section aria-labelledby="compromisos">
        <h2 id="compromisos">Compromisos</h2>
        {p.commitments.length === 0 ? (
          <EmptyState title="Este plan todavía no tiene compromisos" />
        ) : (
          <ul className="cards commitment-cards">
            {p.commitments.map((c) => (
              <li key={c.id} className="card">
                <p className="code">{c.code}</p>
                <h3>
                  <Link to={`/compromisos/${c.id}`}>{c.title}</Link>
                </h3>
                <p className="meta">
                  <Badge tone={c.status === 'withdrawn' ? 'danger' : c.status === 'completed' ? 'success' : 'neutral'}>{label(COMMITMENT_STATUS_LABEL, c.status)}</Badge>
                  <CompletionBadge completion={c.progress.completion} />
                </p>
                {c.leadAgency && <p className="muted">Responsable: {c.leadAgency.name}</p>}
                <ProgressPair progress={c.progress} compact />
                <p className="muted">
                  {formatNumber(c.progress.approvedMilestones)} de {plural(c.progress.milestones, 'hito aprobado', 'hitos aprobados')}
                  {c.progress.overdueMilestones > 0 && ` · ${plural(c.progress.overdueMilestones, 'vencido', 'vencidos')}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="votaciones">
        <h2 id="votaciones">Votaciones cerradas</h2>
        {p.votingRounds.length === 0 ? (
          <p>Este plan no tiene votaciones cerradas.</p>
        ) : (
          p.votingRounds.map((r) => <RoundResults key={r.id} round={r} timeZone={timeZone} />)
        )}
      </section>

      <section aria-labelledby="integrantes">
        <h2 id="integrantes">Organizaciones del secretariado</h2>
        {SECTORS.map((s) => {
          const orgs = p.organizations.filter((o) => o.sector === s);
          return orgs.length ? (
            <div key={s}>
              <h3>{SECTOR_LABEL[s]}</h3>
              <ul>
                {orgs.map((o) => (
                  <li key={o.id}>{o.name}</li>
                ))}
              </ul>
            </div>
          ) : null;
        })}
        <p>
          <Link to={`/secretariados/${p.secretariat.id}`}>Ver el secretariado, su historia y su bitácora verificable</Link>
        </p>
      </section>
    </>
  );
}

function CompletionSummary({ byCompletion }: { byCompletion: Record<string, number> }) {
  const levels = ['not_started', 'limited', 'substantial', 'complete'];
  return (
    <div className="completion-summary">
      <p id="cumplimiento">Compromisos por nivel de cumplimiento (escala del IRM, según el avance verificado):</p>
      <ul aria-labelledby="cumplimiento" className="meta">
        {levels.map((l) => (
          <li key={l}>
            {COMPLETION_LABEL[l]}: <strong>{formatNumber(byCompletion[l] ?? 0)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The plan's path through its stages: when it entered each one, and where it is now. */
function StageList({ plan, timeZone }: { plan: Plan; timeZone: string }) {
  const entered = new Map<string, string>();
  const left = new Map<string, string>();
  for (const h of plan.stageHistory) {
    entered.set(h.to, h.at);
    left.set(h.from, h.at);
  }
  const current = PLAN_STAGES.indexOf(plan.stage as (typeof PLAN_STAGES)[number]);
  return (
    <ol className="stages">
      {PLAN_STAGES.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'next';
        const from = entered.get(s);
        const to = left.get(s);
        const when =
          state === 'current'
            ? from && `desde el ${formatDate(from, timeZone)}`
            : state === 'done' && to
              ? from
                ? `del ${formatDate(from, timeZone)} al ${formatDate(to, timeZone)}`
                : `hasta el ${formatDate(to, timeZone)}`
              : undefined;
        return (
          <li key={s} className={`stage stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="stage-name">{PLAN_STAGE_LABEL[s]}</span>{' '}
            <span className="stage-when">
              {state === 'current' ? 'Etapa actual' : state === 'done' ? 'Concluida' : 'Pendiente'}
              {when && ` · ${when}`}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
