import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Badge, Confirmation, ErrorSummary, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatCalendarDate } from '../../lib/format';
import { COMPLETION_LABEL, INEQUALITY_LABEL, label, OGP_VALUE_LABEL, PLAN_STAGE_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { CommitmentCrumbs, useCommitment, type MemberCommitment } from '../indicators/commitment-context';
import { TemplateFields } from '../proposals/ProposalForm';
import { sdgName, useOrganizationNames, type Organization } from '../proposals/proposal-common';
import { Assessments } from './Assessments';
import { COMMITMENT_FIELD_LABEL, ProgressSummary, StatusBadge } from './commitment-common';
import { bodyOf, DateFields, draftOf, type CommitmentDraft } from './commitment-form';
import { ModificationRequests } from './ModificationRequests';

/**
 * A commitment as its members see it (`/gestion/compromisos/:id`): the template in plain
 * words, who leads it and who shares it, dates, status and progress; links to its milestones,
 * indicators and reports. Coordinators edit it before implementation and afterwards file a
 * modification request that a motion round decides; the guarantor records IRM assessments.
 * Every control comes from the detail's `actions`.
 */
export default function CommitmentView() {
  return (
    <RequireSignIn>
      <CommitmentScreen />
    </RequireSignIn>
  );
}

function CommitmentScreen() {
  const { id = '' } = useParams();
  const commitment = useCommitment(id);
  const c = commitment.data;
  const plan = useQuery({
    queryKey: ['plan', c?.planId],
    queryFn: () => call(api.GET('/api/v1/plans/{id}', { params: { path: { id: c!.planId } } })),
    enabled: Boolean(c?.planId),
  });
  const orgs = useOrganizationNames([c?.leadAgencyId, ...(c?.coResponsibleOrganizationIds ?? [])]);
  const [notice, setNotice] = useState<string | null>(null);
  if (commitment.isPending) return <Loading what="el compromiso" />;
  if (commitment.isError)
    return (
      <>
        <PageTitle>Compromiso</PageTitle>
        <ProblemNotice problem={commitment.error} />
      </>
    );
  const cm = commitment.data;
  const wanted = [cm.leadAgencyId, ...cm.coResponsibleOrganizationIds].filter((x): x is string => Boolean(x));
  const namesReady = wanted.every((x) => orgs.has(x));
  const period = plan.data ? `${plan.data.periodStart}–${plan.data.periodEnd}` : undefined;
  return (
    <>
      <CommitmentCrumbs commitment={cm} />
      <p className="code">{cm.code}</p>
      <PageTitle>{cm.title}</PageTitle>
      <p className="meta">
        <StatusBadge status={cm.status} />
        <span>
          Del {formatCalendarDate(cm.startDate)} al {formatCalendarDate(cm.endDate)}
        </span>
        {plan.data && (
          <span>
            Plan en etapa: <Badge tone="info">{label(PLAN_STAGE_LABEL, plan.data.stage)}</Badge>
          </span>
        )}
      </p>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}

      <section aria-labelledby="avance">
        <h2 id="avance">Avance</h2>
        <ProgressSummary progress={cm.progress} />
        <p className="muted">Cumplimiento según lo reportado por quienes lo implementan: {label(COMPLETION_LABEL, cm.progress.selfReportedCompletion)}.</p>
      </section>

      <nav aria-labelledby="seguimiento">
        <h2 id="seguimiento">Seguimiento</h2>
        <ul>
          <li>
            <Link to={`/gestion/compromisos/${cm.id}/hitos`}>Hitos</Link> <span className="muted">— entregables, fechas y evidencia; el órgano garante los aprueba</span>
          </li>
          <li>
            <Link to={`/gestion/compromisos/${cm.id}/indicadores`}>Indicadores</Link> <span className="muted">— línea base, meta y mediciones</span>
          </li>
          <li>
            <Link to={`/gestion/compromisos/${cm.id}/informes`}>Informes de avance</Link> <span className="muted">— de la dependencia responsable, con comentarios</span>
          </li>
          {plan.data && ['adoption', 'implementation', 'evaluation', 'closed'].includes(plan.data.stage) && (
            <li>
              <Link to={`/compromisos/${cm.id}`}>Cómo lo ve el público</Link>
            </li>
          )}
        </ul>
      </nav>

      <section aria-labelledby="en-breve">
        <h2 id="en-breve">El compromiso en palabras sencillas</h2>
        <dl className="facts">
          <Fact term="¿Qué problema atiende?">{cm.publicProblem || 'Sin describir'}</Fact>
          <Fact term="¿Cómo están las cosas hoy?">{cm.statusQuo || 'Sin describir'}</Fact>
          <Fact term="¿Qué se va a hacer?">{cm.description || 'Sin describir'}</Fact>
          <Fact term="¿Cómo ayuda a resolver el problema?">{cm.howItSolves || 'Sin describir'}</Fact>
          <Fact term="Valores de gobierno abierto">{cm.ogpValues.length ? cm.ogpValues.map((v) => label(OGP_VALUE_LABEL, v)).join(', ') : 'No indicados'}</Fact>
          <Fact term="Objetivos de Desarrollo Sostenible">{cm.sdgs.length ? cm.sdgs.map(sdgName).join('; ') : 'No indicados'}</Fact>
          <Fact term="Enfoque de igualdad">{cm.inequalityFocus.length ? cm.inequalityFocus.map((v) => label(INEQUALITY_LABEL, v)).join(', ') : 'No indicado'}</Fact>
        </dl>
      </section>

      <section aria-labelledby="quienes">
        <h2 id="quienes">Quiénes lo cumplen</h2>
        <dl className="facts">
          <Fact term="Dependencia responsable">{cm.leadAgencyId ? orgs.get(cm.leadAgencyId)?.name ?? 'Cargando…' : 'Sin dependencia responsable registrada'}</Fact>
          <Fact term="Organizaciones corresponsables">
            {cm.coResponsibleOrganizationIds.length === 0 ? (
              'Ninguna registrada'
            ) : (
              <ul>
                {cm.coResponsibleOrganizationIds.map((x) => (
                  <li key={x}>{orgs.get(x)?.name ?? 'Cargando…'}</li>
                ))}
              </ul>
            )}
          </Fact>
          <Fact term="Periodo">
            Del {formatCalendarDate(cm.startDate)} al {formatCalendarDate(cm.endDate)}
          </Fact>
        </dl>
      </section>

      {allows(cm, 'commitment.update') && (namesReady ? <EditCommitment commitment={cm} orgs={orgs} period={period} onDone={setNotice} /> : <Loading what="las organizaciones" />)}

      <ModificationRequests commitment={cm} orgs={orgs} namesReady={namesReady} period={period} />

      <Assessments commitment={cm} />
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

/** Coordinators, before implementation: the template, organizations and dates, saved with the version read. */
function EditCommitment({ commitment: c, orgs, period, onDone }: { commitment: MemberCommitment; orgs: Map<string, Organization>; period?: string; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [d, setD] = useState<CommitmentDraft>(() => draftOf(c, orgs));
  const save = useSubmit(async () => {
    await call(api.PATCH('/api/v1/commitments/{id}', { params: { path: { id: c.id } }, body: { ...bodyOf(d), version: c.version } }));
    setOpen(false);
    onDone('Se guardaron los cambios del compromiso.');
    await Promise.all([queryClient.invalidateQueries({ queryKey: ['commitment', c.id] }), queryClient.invalidateQueries({ queryKey: ['plan-commitments', c.planId] })]);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.submit();
  };
  return (
    <section aria-labelledby="editar">
      <h2 id="editar">Editar el compromiso</h2>
      {!open ? (
        <>
          <p>Mientras el plan no entra en implementación, la coordinación corrige el compromiso directamente. Después, cada cambio se decide en una votación.</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setD(draftOf(c, orgs));
              setOpen(true);
            }}
          >
            Editar el compromiso
          </button>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate className="proposal-form" aria-labelledby="editar">
          {save.problem && <ErrorSummary message={save.message} errors={save.fieldErrors} labels={COMMITMENT_FIELD_LABEL} />}
          <TemplateFields draft={d} onChange={setD} errors={save.fieldErrors} stateCode={c.stateCode} labels={COMMITMENT_FIELD_LABEL} />
          <DateFields draft={d} onChange={setD} errors={save.fieldErrors} period={period} />
          <div className="actions">
            <button className="button" type="submit" disabled={save.busy}>
              {save.busy ? 'Guardando…' : 'Guardar cambios'}
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
