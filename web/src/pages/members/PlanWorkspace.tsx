import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { STAGE_TRANSITIONS, type PlanStage } from '../../../../src/plans/plan-stages';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Badge, Breadcrumbs, Confirmation, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate, formatDateTime, plural, zonedWallTimeToIso } from '../../lib/format';
import { label, PLAN_STAGE_LABEL, PLAN_STAGES } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { useSecretariat } from '../../lib/use-secretariat';
import { PlanCommitments } from '../commitments/PlanCommitments';

type Plan = Schemas['PlanDetailDto'];

const PROPOSAL_STATUS: Record<string, [string, string]> = {
  draft: ['borrador', 'borradores'],
  submitted: ['enviada', 'enviadas'],
  in_deliberation: ['en deliberación', 'en deliberación'],
  in_vote: ['en votación', 'en votación'],
  accepted: ['aceptada', 'aceptadas'],
  rejected: ['rechazada', 'rechazadas'],
  withdrawn: ['retirada', 'retiradas'],
  merged: ['integrada', 'integradas'],
};

/** A plan as its members work on it: where it is, what comes next, and (coordinators) moving it. */
export default function PlanWorkspace() {
  return (
    <RequireSignIn>
      <PlanScreen />
    </RequireSignIn>
  );
}

function PlanScreen() {
  const { id = '' } = useParams();
  const plan = useQuery({ queryKey: ['plan', id], queryFn: () => call(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })) });
  const secretariatId = plan.data?.secretariatId;
  const secretariat = useSecretariat(secretariatId);
  if (plan.isPending) return <Loading what="el plan" />;
  if (plan.isError)
    return (
      <>
        <PageTitle>Plan de acción</PageTitle>
        <ProblemNotice problem={plan.error} />
      </>
    );
  const p = plan.data;
  const tz = secretariat.data?.timeZone;
  const counts = Object.entries(p.proposalCounts).filter(([, n]) => n);
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/mis-secretariados', label: 'Mis secretariados' },
          { to: `/mis-secretariados/${p.secretariatId}`, label: secretariat.data?.name ?? 'Secretariado' },
          { label: p.title },
        ]}
      />
      <PageTitle>{p.title}</PageTitle>
      <p className="meta">
        <span>
          Etapa: <Badge tone="info">{label(PLAN_STAGE_LABEL, p.stage)}</Badge>
        </span>
        <span>
          Periodo {p.periodStart}–{p.periodEnd}
        </span>
        {p.stageOverdue && <Badge tone="danger">La etapa venció</Badge>}
      </p>
      {p.description && <p className="prose">{p.description}</p>}
      {p.stage !== 'draft' && p.stage !== 'cancelled' && ['adoption', 'implementation', 'evaluation', 'closed'].includes(p.stage) && (
        <p>
          <Link to={`/planes/${p.id}`}>Ver cómo lo ve el público</Link>
        </p>
      )}

      <section aria-labelledby="etapas">
        <h2 id="etapas">Etapas del plan</h2>
        <Stepper plan={p} timeZone={tz} />
      </section>

      {allows(p, 'plan.stage.move') && <StageMoves plan={p} timeZone={tz} />}
      {allows(p, 'plan.update') && <EditPlan plan={p} />}

      <section aria-labelledby="propuestas">
        <h2 id="propuestas">Propuestas</h2>
        <p className="actions">
          <Link className="button" to={`/gestion/planes/${p.id}/propuestas`}>
            Ver las propuestas
          </Link>
          {allows(secretariat.data, 'round.open') && (
            <Link className="button button-secondary" to={`/gestion/planes/${p.id}/propuestas/respuestas`}>
              Respuestas razonadas pendientes
            </Link>
          )}
        </p>
        {counts.length === 0 ? (
          <p>Todavía no hay propuestas.</p>
        ) : (
          <ul>
            {counts.map(([status, n]) => (
              <li key={status}>{plural(n!, ...(PROPOSAL_STATUS[status] ?? [status, status]))}</li>
            ))}
          </ul>
        )}
      </section>

      <PlanCommitments planId={p.id} stage={p.stage} />
    </>
  );
}

/** Done / current / next, each stage with when it ran and the deadline it was given. */
function Stepper({ plan, timeZone }: { plan: Plan; timeZone?: string }) {
  const entered = new Map<string, Schemas['StageChangeDto']>();
  const left = new Map<string, string>();
  for (const h of plan.history) {
    entered.set(h.toStage, h);
    left.set(h.fromStage, h.createdAt);
  }
  const stages: string[] = plan.stage === 'cancelled' ? [...PLAN_STAGES.filter((s) => entered.has(s) || s === 'draft'), 'cancelled'] : [...PLAN_STAGES];
  const current = stages.indexOf(plan.stage);
  return (
    <ol className="stages">
      {stages.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'next';
        const since = s === 'draft' ? plan.createdAt : entered.get(s)?.createdAt;
        const deadline = state === 'current' ? plan.stageDeadline : entered.get(s)?.deadline;
        const parts: string[] = [state === 'current' ? 'Etapa actual' : state === 'done' ? 'Concluida' : 'Siguiente'];
        if (state === 'current' && since) parts.push(`desde el ${formatDate(since, timeZone)}`);
        if (state === 'done' && left.get(s)) parts.push(`hasta el ${formatDate(left.get(s)!, timeZone)}`);
        if (deadline && state !== 'next') parts.push(`fecha límite: ${formatDateTime(deadline, timeZone)}`);
        return (
          <li key={s} className={`stage stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="stage-name">{PLAN_STAGE_LABEL[s]}</span> <span className="stage-when">{parts.join(' · ')}</span>
          </li>
        );
      })}
    </ol>
  );
}

const MOVE_HINT: Partial<Record<PlanStage, string>> = {
  consultation: 'Se abre la consulta: las personas integrantes pueden enviar propuestas.',
  deliberation: 'Se cierra el envío de propuestas y se deliberan.',
  voting: 'Las propuestas aceptadas se someten a votación.',
  adoption: 'Se vota la adopción del plan completo. Requiere que no haya votaciones abiertas.',
  implementation: 'El plan adoptado se publica y empieza su cumplimiento.',
  evaluation: 'Se evalúa el cumplimiento de los compromisos.',
  closed: 'El plan se cierra.',
  cancelled: 'El plan se cancela sin adoptarse; deja de bloquear el siguiente. Hay que decir por qué.',
};

/** Coordinators move the plan; the API decides, and its reason is shown when it says no. */
function StageMoves({ plan, timeZone }: { plan: Plan; timeZone?: string }) {
  const queryClient = useQueryClient();
  const targets = Object.keys(STAGE_TRANSITIONS[plan.stage] ?? {}) as PlanStage[];
  const [to, setTo] = useState<PlanStage | null>(null);
  const [deadline, setDeadline] = useState('');
  const [reason, setReason] = useState('');
  const [moved, setMoved] = useState<string | null>(null);
  const move = useSubmit(async () => {
    if (!to) return;
    await call(
      api.POST('/api/v1/plans/{id}/stage', {
        params: { path: { id: plan.id } },
        body: { to, from: plan.stage, ...(deadline ? { deadline: zonedWallTimeToIso(deadline, timeZone) } : {}), ...(reason ? { reason } : {}) },
      }),
    );
    setMoved(to);
    setTo(null);
    setDeadline('');
    setReason('');
    await queryClient.invalidateQueries({ queryKey: ['plan', plan.id] });
  });
  if (targets.length === 0) return null;
  const needsReason = to ? (STAGE_TRANSITIONS[plan.stage][to] ?? []).includes('reason') : false;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void move.submit();
  };
  return (
    <section aria-labelledby="mover">
      <h2 id="mover">Cambiar de etapa</h2>
      {moved && !to && (
        <Confirmation>
          El plan pasó a la etapa <strong>{label(PLAN_STAGE_LABEL, moved)}</strong>.
        </Confirmation>
      )}
      {move.problem && !to && <ProblemNotice problem={move.problem} />}
      {!to ? (
        <div className="actions">
          {targets.map((t) => (
            <button key={t} type="button" className={t === 'cancelled' || t === 'closed' ? 'button button-secondary' : 'button'} onClick={() => setTo(t)}>
              {t === 'cancelled' ? 'Cancelar el plan' : `Pasar a ${label(PLAN_STAGE_LABEL, t).toLowerCase()}`}
            </button>
          ))}
        </div>
      ) : (
        <form onSubmit={onSubmit} aria-labelledby="confirmar-etapa">
          <h3 id="confirmar-etapa">
            ¿Pasar el plan de «{label(PLAN_STAGE_LABEL, plan.stage)}» a «{label(PLAN_STAGE_LABEL, to)}»?
          </h3>
          <p>{MOVE_HINT[to]}</p>
          {move.problem && <ErrorSummary message={move.message} errors={move.fieldErrors} labels={{ deadline: 'Fecha límite', reason: 'Motivo' }} />}
          {to !== 'cancelled' && to !== 'closed' && (
            <div className="field">
              <label htmlFor="field-deadline">Fecha límite de la nueva etapa (opcional)</label>
              <p className="hint" id="deadline-hint">
                Hora de {timeZone ?? 'la Ciudad de México'}, la del estado del secretariado.
              </p>
              <input id="field-deadline" type="datetime-local" aria-describedby="deadline-hint" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
            </div>
          )}
          {needsReason && <Field name="reason" label="Motivo" multiline required value={reason} onChange={setReason} error={move.fieldErrors.reason} />}
          <div className="actions">
            <button className="button" type="submit" disabled={move.busy}>
              {move.busy ? 'Cambiando…' : 'Sí, cambiar de etapa'}
            </button>
            <button className="button button-secondary" type="button" onClick={() => setTo(null)}>
              No, volver
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Title, description and the current stage's deadline (coordinators). */
function EditPlan({ plan }: { plan: Plan }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(plan.title);
  const [description, setDescription] = useState(plan.description);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(async () => {
    await call(api.PATCH('/api/v1/plans/{id}', { params: { path: { id: plan.id } }, body: { title, description } }));
    setSaved(true);
    setOpen(false);
    await queryClient.invalidateQueries({ queryKey: ['plan', plan.id] });
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.submit();
  };
  return (
    <section aria-labelledby="editar">
      <h2 id="editar">Datos del plan</h2>
      {saved && !open && <Confirmation>Se guardaron los cambios del plan.</Confirmation>}
      {!open ? (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Editar nombre y descripción
        </button>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          {save.problem && <ErrorSummary message={save.message} errors={save.fieldErrors} labels={{ title: 'Nombre del plan', description: 'De qué trata' }} />}
          <Field name="title" label="Nombre del plan" value={title} onChange={setTitle} error={save.fieldErrors.title} required />
          <Field name="description" label="De qué trata" multiline value={description} onChange={setDescription} error={save.fieldErrors.description} />
          <div className="actions">
            <button className="button" type="submit" disabled={save.busy}>
              {save.busy ? 'Guardando…' : 'Guardar'}
            </button>
            <button className="button button-secondary" type="button" onClick={() => setOpen(false)}>
              Cancelar
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
