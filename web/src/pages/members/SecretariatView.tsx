import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Badge, Breadcrumbs, EmptyState, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate, formatDateTime, plural } from '../../lib/format';
import { DECISION_RULE_LABEL, label, PLAN_STAGE_LABEL, ROLE_LABEL, SECRETARIAT_STATUS_LABEL, SECTOR_LABEL } from '../../lib/labels';

const SECTORS = ['government', 'civil_society', 'guarantor'] as const;

/** A secretariat as its members see it: status and history, rules, seats and people, plans. */
export default function SecretariatView() {
  return (
    <RequireSignIn>
      <SecretariatScreen />
    </RequireSignIn>
  );
}

function SecretariatScreen() {
  const { id = '' } = useParams();
  const path = { params: { path: { id } } };
  const secretariat = useQuery({ queryKey: ['secretariat-detail', id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}', path)) });
  const seats = useQuery({ queryKey: ['seats', id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/seats', path)) });
  const members = useQuery({ queryKey: ['members', id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/members', { params: { path: { id }, query: { limit: 100 } } })) });
  const plans = useQuery({ queryKey: ['plans', id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/plans', { params: { path: { id }, query: { limit: 50 } } })) });

  if (secretariat.isPending) return <Loading what="el secretariado" />;
  if (secretariat.isError)
    return (
      <>
        <PageTitle>Secretariado</PageTitle>
        <ProblemNotice problem={secretariat.error} />
      </>
    );
  const s = secretariat.data;
  const tz = s.timeZone;
  const me = s.membership;
  return (
    <>
      <Breadcrumbs items={[{ to: '/mis-secretariados', label: 'Mis secretariados' }, { label: s.name }]} />
      <PageTitle>{s.name}</PageTitle>
      <p className="meta">
        <Badge tone={s.status === 'active' ? 'success' : s.status === 'suspended' || s.status === 'dissolved' ? 'warning' : 'info'}>{label(SECRETARIAT_STATUS_LABEL, s.status)}</Badge>
        <span>{s.stateName}</span>
      </p>
      {me ? (
        <p>
          Tu papel: sector <strong>{label(SECTOR_LABEL, me.sector)}</strong>, {label(ROLE_LABEL, me.role)}
          {me.isCoordinator && ', con funciones de coordinación'}.
        </p>
      ) : (
        <p>Lo ves como administración de la plataforma (no eres integrante).</p>
      )}
      {s.status === 'suspended' && (
        <p className="notice notice-error">
          El secretariado está suspendido{s.suspendedSector && ` (se retiró el sector ${label(SECTOR_LABEL, s.suspendedSector)})`}
          {s.suspensionReason && `: ${s.suspensionReason}`}.
        </p>
      )}

      <p className="inline-actions">
        {['secretariat.transition', 'secretariat.update', 'seat.create', 'invitation.create'].some((a) => allows(s, a)) && (
          <Link className="button" to={`/mis-secretariados/${id}/administracion`}>
            Administrar el secretariado
          </Link>
        )}
        <Link to={`/mis-secretariados/${id}/bitacora`}>Ver la bitácora</Link>
      </p>

      <section aria-labelledby="planes">
        <h2 id="planes">Planes de acción</h2>
        {allows(s, 'plan.create') && (
          <p>
            <Link className="button" to={`/mis-secretariados/${id}/planes/nuevo`}>
              Crear un plan de acción
            </Link>
          </p>
        )}
        {plans.isPending ? (
          <Loading what="los planes" />
        ) : plans.isError ? (
          <ProblemNotice problem={plans.error} />
        ) : plans.data.items.length === 0 ? (
          <EmptyState title="Todavía no hay planes de acción" />
        ) : (
          <ul className="cards">
            {plans.data.items.map((p) => (
              <li key={p.id} className="card">
                <h3>
                  <Link to={`/gestion/planes/${p.id}`}>{p.title}</Link>
                </h3>
                <p className="meta">
                  <Badge tone="info">{label(PLAN_STAGE_LABEL, p.stage)}</Badge>
                  <span>
                    {p.periodStart}–{p.periodEnd}
                  </span>
                  {p.stageDeadline && <span>Fecha límite de la etapa: {formatDateTime(p.stageDeadline, tz)}</span>}
                  {p.stageOverdue && <Badge tone="danger">Etapa vencida</Badge>}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="revision-hitos">
        <h2 id="revision-hitos">Revisión de hitos</h2>
        {me?.sector === 'guarantor' ? (
          <p>
            <Link className="button" to={`/mis-secretariados/${id}/revision`}>
              Revisar los hitos entregados
            </Link>
          </p>
        ) : (
          <p>
            <Link to={`/mis-secretariados/${id}/revision`}>Ver los hitos en revisión del órgano garante</Link>
          </p>
        )}
      </section>

      <section aria-labelledby="votaciones">
        <h2 id="votaciones">Votaciones</h2>
        <p>
          <Link to={`/mis-secretariados/${id}/votaciones`}>Ver las votaciones del secretariado</Link>
          {allows(s, 'round.open') && (
            <>
              {' · '}
              <Link to={`/mis-secretariados/${id}/votaciones/nueva`}>Abrir una votación</Link>
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="reglas">
        <h2 id="reglas">Reglas de decisión</h2>
        <Rules rules={s.rules} />
      </section>

      <section aria-labelledby="integrantes">
        <h2 id="integrantes">Asientos e integrantes</h2>
        {seats.isPending || members.isPending ? (
          <Loading what="los integrantes" />
        ) : seats.isError || members.isError ? (
          <ProblemNotice problem={seats.error ?? members.error} />
        ) : (
          SECTORS.map((sector) => <SectorMembers key={sector} sector={sector} seats={seats.data.filter((x) => x.sector === sector && x.active)} members={members.data.items} />)
        )}
      </section>

      <section aria-labelledby="historia">
        <h2 id="historia">Historia del secretariado</h2>
        {s.transitions.length === 0 ? (
          <p>Se registró como grupo promotor el {formatDate(s.createdAt, tz)}.</p>
        ) : (
          <ol className="timeline">
            {s.transitions.map((t) => (
              <li key={t.id} className="timeline-item">
                <strong>{formatDate(t.effectiveAt ?? t.occurredAt, tz)}</strong>: de «{label(SECRETARIAT_STATUS_LABEL, t.fromStatus)}» a «{label(SECRETARIAT_STATUS_LABEL, t.toStatus)}»
                {t.reason && ` — ${t.reason}`}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** The rules as sentences a member can check a decision against. */
function Rules({ rules }: { rules: Schemas['RulesDto'] }) {
  return (
    <ul>
      <li>Una votación se decide por: {label(DECISION_RULE_LABEL, rules.decisionRule)}.</li>
      <li>Quórum: al menos {plural(rules.quorumPerSector, 'asiento', 'asientos')} de cada sector deben votar.</li>
      <li>Una votación queda abierta al menos {plural(rules.minVotingHours, 'hora', 'horas')}.</li>
      <li>El secretariado responde cada propuesta, de forma razonada, en un máximo de {plural(rules.proposalResponseDays, 'día', 'días')}.</li>
      <li>{rules.allowSubmissionInDeliberation ? 'Se pueden enviar propuestas también durante la deliberación.' : 'Las propuestas se envían solo durante la consulta.'}</li>
      <li>{rules.allowParallelPlans ? 'Puede haber varios planes en curso a la vez.' : 'Solo puede haber un plan en curso a la vez.'}</li>
    </ul>
  );
}

function SectorMembers({ sector, seats, members }: { sector: (typeof SECTORS)[number]; seats: Schemas['SeatDto'][]; members: Schemas['MemberDto'][] }) {
  const others = members.filter((m) => m.sector === sector && !m.seatId && !m.endedAt);
  return (
    <>
      <h3>{label(SECTOR_LABEL, sector)}</h3>
      {seats.length === 0 ? (
        <p>Este sector aún no tiene asientos.</p>
      ) : (
        <ul className="cards">
          {seats.map((seat) => (
            <li key={seat.id} className="card">
              <strong>{seat.organization.name}</strong>
              <dl className="facts">
                <dt>Titular</dt>
                <dd>{seat.titular?.name ?? 'Vacante'}</dd>
                <dt>Suplente</dt>
                <dd>{seat.alternate?.name ?? 'Sin suplente'}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <p>
          Sin voto:{' '}
          {others
            .map((m) => `${m.name} (${label(ROLE_LABEL, m.role)}${m.isCoordinator ? ', coordinación' : ''})`)
            .join('; ')}
        </p>
      )}
    </>
  );
}
