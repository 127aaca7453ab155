import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDateTime, isoToZonedWallTime, plural, zonedWallTimeToIso } from '../../lib/format';
import { DECISION_RULE_LABEL, label, SECTOR_LABEL, SUBJECT_TYPE_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { useSecretariat } from '../../lib/use-secretariat';

type SubjectType = 'proposal' | 'plan_adoption' | 'motion';
const SUBJECT_TYPES: SubjectType[] = ['proposal', 'plan_adoption', 'motion'];
const SUBJECT_HINT: Record<SubjectType, string> = {
  proposal: 'Una propuesta que el Secretariado aceptó para votación (en deliberación).',
  plan_adoption: 'El plan de acción completo, cuando está en la etapa de adopción. Siempre se decide por consenso de los tres sectores.',
  motion: 'Cualquier otro asunto que el Secretariado deba decidir (por ejemplo, un cambio de calendario).',
};
const FIELD_LABELS = { subjectType: 'Qué se vota', subjectId: 'Propuesta o plan', title: 'Título', description: 'Descripción', opensAt: 'Abre', closesAt: 'Cierra', secrecy: 'Tipo de votación', planId: 'Plan' };
const HOUR = 3_600_000;

/** Coordinators open a round: what is voted, when (in the state's zone), secrecy, then the rule that will apply, confirmed. */
export default function OpenRound() {
  return (
    <RequireSignIn>
      <OpenRoundScreen />
    </RequireSignIn>
  );
}

function OpenRoundScreen() {
  const { id = '' } = useParams();
  const secretariat = useSecretariat(id);
  if (secretariat.isPending) return <Loading what="el secretariado" />;
  if (secretariat.isError)
    return (
      <>
        <PageTitle>Abrir una votación</PageTitle>
        <ProblemNotice problem={secretariat.error} />
      </>
    );
  const s = secretariat.data;
  return (
    <>
      <Breadcrumbs items={[{ to: '/mis-secretariados', label: 'Mis secretariados' }, { to: `/mis-secretariados/${id}`, label: s.name }, { to: `/mis-secretariados/${id}/votaciones`, label: 'Votaciones' }, { label: 'Abrir una votación' }]} />
      <PageTitle>Abrir una votación</PageTitle>
      {allows(s, 'round.open') ? <RoundForm secretariat={s} /> : <p className="notice">Solo la coordinación del Secretariado puede abrir votaciones{s.status !== 'active' ? ', y solo mientras el secretariado está en funciones' : ''}.</p>}
    </>
  );
}

function RoundForm({ secretariat: s }: { secretariat: Schemas['SecretariatDetailDto'] }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const tz = s.timeZone;
  const initialType = SUBJECT_TYPES.find((t) => t === params.get('tipo')) ?? 'proposal';
  const [subjectType, setSubjectType] = useState<SubjectType>(initialType);
  const [subjectId, setSubjectId] = useState(params.get('sujeto') ?? '');
  const [planId, setPlanId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [opensNow, setOpensNow] = useState(true);
  const [opensAt, setOpensAt] = useState(() => isoToZonedWallTime(new Date(Date.now() + HOUR), tz));
  const [closesAt, setClosesAt] = useState(() => isoToZonedWallTime(new Date(Date.now() + 48 * HOUR), tz));
  const [secrecy, setSecrecy] = useState<'public' | 'secret'>('public');
  const [reviewing, setReviewing] = useState(false);

  const plans = useQuery({ queryKey: ['plans', s.id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/plans', { params: { path: { id: s.id }, query: { limit: 50 } } })) });
  const openPlans = (plans.data?.items ?? []).filter((p) => p.stage !== 'closed' && p.stage !== 'cancelled');
  // Proposals ready for a vote, across the open plans (a secretariat has one or a few).
  const ready = useQuery({
    queryKey: ['proposals-ready', s.id, openPlans.map((p) => p.id).join()],
    enabled: plans.isSuccess,
    queryFn: async () => {
      const pages = await Promise.all(openPlans.map((p) => call(api.GET('/api/v1/plans/{id}/proposals', { params: { path: { id: p.id }, query: { status: 'in_deliberation', limit: 100 } } }))));
      return pages.flatMap((page) => page.items);
    },
  });
  const adoptable = openPlans.filter((p) => p.stage === 'adoption');
  const seats = useQuery({ queryKey: ['seats', s.id], queryFn: () => call(api.GET('/api/v1/secretariats/{id}/seats', { params: { path: { id: s.id } } })) });

  const chosen = useMemo(() => {
    if (subjectType === 'proposal') return ready.data?.find((p) => p.id === subjectId)?.title;
    if (subjectType === 'plan_adoption') return adoptable.find((p) => p.id === subjectId)?.title;
    return undefined;
  }, [subjectType, subjectId, ready.data, adoptable]);

  const body = (): Schemas['OpenRoundDto'] => ({
    subjectType,
    ...(subjectType !== 'motion' && subjectId ? { subjectId } : {}),
    ...(subjectType === 'motion' ? (planId ? { planId } : { secretariatId: s.id }) : {}),
    ...(title.trim() ? { title: title.trim() } : {}),
    ...(description.trim() ? { description: description.trim() } : {}),
    ...(opensNow ? {} : { opensAt: zonedWallTimeToIso(opensAt, tz) }),
    closesAt: closesAt ? zonedWallTimeToIso(closesAt, tz) : '',
    secrecy,
  });
  const form = useSubmit(async () => {
    const round = await call(api.POST('/api/v1/voting-rounds', { body: body() }));
    navigate(`/votaciones/${round.id}`);
  });
  const errors = form.fieldErrors;

  const review = (e: FormEvent) => {
    e.preventDefault();
    setReviewing(true);
  };
  const confirm = async () => {
    await form.submit();
    setReviewing(false);
  };

  const rule = subjectType === 'plan_adoption' ? 'tripartite_consensus' : s.rules.decisionRule;
  const activeSeats = (seats.data ?? []).filter((x) => x.active);
  if (reviewing && !form.problem)
    return (
      <section aria-labelledby="revisar" className="card">
        <h2 id="revisar">Revisa antes de abrir</h2>
        <dl className="facts">
          <dt>Qué se vota</dt>
          <dd>
            {label(SUBJECT_TYPE_LABEL, subjectType)}
            {chosen && `: ${chosen}`}
            {title.trim() && ` — «${title.trim()}»`}
          </dd>
          <dt>Abre</dt>
          <dd>{opensNow ? 'En cuanto la abras' : formatDateTime(zonedWallTimeToIso(opensAt, tz), tz)}</dd>
          <dt>Cierra</dt>
          <dd>{closesAt ? `${formatDateTime(zonedWallTimeToIso(closesAt, tz), tz)}, o antes si votan todos los asientos` : 'Sin fecha'}</dd>
          <dt>Regla que se aplicará</dt>
          <dd>{label(DECISION_RULE_LABEL, rule)}</dd>
          <dt>Quórum</dt>
          <dd>Al menos {plural(s.rules.quorumPerSector, 'asiento', 'asientos')} de cada sector deben votar; si no, el resultado es «Sin quórum».</dd>
          <dt>Quién vota</dt>
          <dd>
            {(['government', 'civil_society', 'guarantor'] as const)
              .map((sector) => `${label(SECTOR_LABEL, sector)}: ${plural(activeSeats.filter((x) => x.sector === sector).length, 'asiento', 'asientos')}`)
              .join('; ')}
            . Vota la persona titular o la suplente de cada asiento; si votan ambas, cuenta el voto de la titular.
          </dd>
          <dt>Tipo de votación</dt>
          <dd>{secrecy === 'secret' ? 'Secreta: solo se publican los conteos' : 'Pública: al cerrar se publica el voto de cada asiento'}</dd>
        </dl>
        <p>La regla y el quórum quedan fijos al abrir: si después cambian las reglas del Secretariado, esta votación no cambia.</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => void confirm()} disabled={form.busy}>
            {form.busy ? 'Abriendo…' : 'Abrir la votación'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setReviewing(false)} disabled={form.busy}>
            Volver a editar
          </button>
        </div>
      </section>
    );

  return (
    <form onSubmit={review} noValidate>
      {form.problem && <ErrorSummary message={form.message} errors={errors} labels={FIELD_LABELS} />}
      <fieldset className="field" id="field-subjectType">
        <legend>¿Qué se vota?</legend>
        {SUBJECT_TYPES.map((t) => (
          <div className="checkbox" key={t}>
            <input
              type="radio"
              id={`tipo-${t}`}
              name="subjectType"
              value={t}
              checked={subjectType === t}
              onChange={() => {
                setSubjectType(t);
                setSubjectId('');
              }}
              aria-describedby={`tipo-${t}-hint`}
            />
            <div>
              <label htmlFor={`tipo-${t}`}>{SUBJECT_TYPE_LABEL[t]}</label>
              <p id={`tipo-${t}-hint`} className="hint">
                {SUBJECT_HINT[t]}
              </p>
            </div>
          </div>
        ))}
      </fieldset>

      {subjectType === 'proposal' && (
        <div className={`field${errors.subjectId ? ' field-error' : ''}`}>
          <label htmlFor="field-subjectId">Propuesta que se vota</label>
          {errors.subjectId && <p className="error-message">{errors.subjectId}</p>}
          {ready.isPending ? (
            <Loading what="las propuestas" />
          ) : (ready.data ?? []).length === 0 ? (
            <p className="notice" id="field-subjectId">
              No hay propuestas listas para votar. Una propuesta llega aquí cuando la coordinación le da respuesta razonada «Pasa a votación».
            </p>
          ) : (
            <select id="field-subjectId" value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
              <option value="">Elige una propuesta</option>
              {ready.data!.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      {subjectType === 'plan_adoption' && (
        <div className={`field${errors.subjectId ? ' field-error' : ''}`}>
          <label htmlFor="field-subjectId">Plan que se adopta</label>
          {errors.subjectId && <p className="error-message">{errors.subjectId}</p>}
          {adoptable.length === 0 ? (
            <p className="notice" id="field-subjectId">
              Ningún plan está en la etapa de adopción.
            </p>
          ) : (
            <select id="field-subjectId" value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
              <option value="">Elige el plan</option>
              {adoptable.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      {subjectType === 'motion' && openPlans.length > 0 && (
        <div className="field">
          <label htmlFor="field-planId">Plan al que se refiere (opcional)</label>
          <select id="field-planId" value={planId} onChange={(e) => setPlanId(e.target.value)}>
            <option value="">Ninguno: es un asunto del Secretariado</option>
            {openPlans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
      )}

      <Field
        name="title"
        label={subjectType === 'motion' ? 'Título de la moción' : 'Título (opcional)'}
        hint={subjectType === 'motion' ? 'Lo que se decide, en una frase.' : 'Si lo dejas vacío se usa el título de la propuesta o del plan.'}
        value={title}
        onChange={setTitle}
        error={errors.title}
        required={subjectType === 'motion'}
      />
      <Field name="description" label="Descripción (opcional)" value={description} onChange={setDescription} error={errors.description} multiline />

      <fieldset className="field">
        <legend>¿Cuándo abre?</legend>
        <div className="checkbox">
          <input type="radio" id="abre-ahora" name="opens" checked={opensNow} onChange={() => setOpensNow(true)} />
          <label htmlFor="abre-ahora">Ahora</label>
        </div>
        <div className="checkbox">
          <input type="radio" id="abre-despues" name="opens" checked={!opensNow} onChange={() => setOpensNow(false)} />
          <label htmlFor="abre-despues">En una fecha y hora</label>
        </div>
        {!opensNow && (
          <div className={`field${errors.opensAt ? ' field-error' : ''}`}>
            <label htmlFor="field-opensAt">Abre el</label>
            {errors.opensAt && <p className="error-message">{errors.opensAt}</p>}
            <input id="field-opensAt" type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} aria-describedby="zona-hint" />
          </div>
        )}
      </fieldset>
      <div className={`field${errors.closesAt ? ' field-error' : ''}`}>
        <label htmlFor="field-closesAt">Cierra el</label>
        <p className="hint" id="zona-hint">
          Fecha y hora de {s.stateName}. Debe quedar abierta al menos {plural(s.rules.minVotingHours, 'hora', 'horas')}; cierra antes si votan todos los asientos.
        </p>
        {errors.closesAt && <p className="error-message">{errors.closesAt}</p>}
        <input id="field-closesAt" type="datetime-local" required value={closesAt} onChange={(e) => setClosesAt(e.target.value)} aria-describedby="zona-hint" />
      </div>

      <fieldset className="field" id="field-secrecy">
        <legend>Tipo de votación</legend>
        <div className="checkbox">
          <input type="radio" id="secrecy-public" name="secrecy" checked={secrecy === 'public'} onChange={() => setSecrecy('public')} />
          <label htmlFor="secrecy-public">Pública: al cerrar se publica cómo votó cada asiento</label>
        </div>
        <div className="checkbox">
          <input type="radio" id="secrecy-secret" name="secrecy" checked={secrecy === 'secret'} onChange={() => setSecrecy('secret')} />
          <label htmlFor="secrecy-secret">Secreta: solo se publican los conteos por sector</label>
        </div>
      </fieldset>
      <button className="button" type="submit">
        Revisar y abrir
      </button>
    </form>
  );
}
