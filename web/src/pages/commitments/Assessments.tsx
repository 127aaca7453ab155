import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Confirmation, EmptyState, ErrorSummary, Field, Loading, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDateTime } from '../../lib/format';
import { COMPLETION_LABEL, label } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import type { MemberCommitment } from '../indicators/commitment-context';
import { OPEN_GOVERNMENT_LABEL, OPEN_GOVERNMENT_RESULTS, POTENTIAL_RESULTS, POTENTIAL_RESULTS_HINT, POTENTIAL_RESULTS_LABEL } from './commitment-common';

type Assessment = Schemas['AssessmentDto'];
type Potential = (typeof POTENTIAL_RESULTS)[number];
type OpenGov = (typeof OPEN_GOVERNMENT_RESULTS)[number];

const ASSESSMENT_LABELS = {
  verifiable: '¿Es verificable?',
  potentialResults: 'Resultados potenciales',
  didItOpenGovernment: '¿Abrió el gobierno?',
  justification: 'Justificación',
};

/**
 * IRM-style assessments (Mecanismo de Revisión Independiente): every member reads them, oldest
 * first; whoever `actions` allows (the guarantor's titular and alternate) records a new one.
 */
export function Assessments({ commitment: c }: { commitment: MemberCommitment }) {
  const assessments = useQuery({
    queryKey: ['assessments', c.id],
    queryFn: () => call(api.GET('/api/v1/commitments/{id}/assessments', { params: { path: { id: c.id } } })),
  });
  const members = useQuery({
    queryKey: ['members', c.secretariatId],
    queryFn: () => call(api.GET('/api/v1/secretariats/{id}/members', { params: { path: { id: c.secretariatId }, query: { limit: 100 } } })),
  });
  const names = new Map((members.data?.items ?? []).map((m) => [m.userId, m.organization ? `${m.name} (${m.organization.name})` : m.name]));
  const [notice, setNotice] = useState<string | null>(null);
  const canAssess = allows(c, 'assessment.create');
  const items = assessments.data?.items ?? [];
  return (
    <section aria-labelledby="valoraciones">
      <h2 id="valoraciones">Valoraciones del órgano garante</h2>
      <p>Al estilo del Mecanismo de Revisión Independiente (MRI) de la Alianza para el Gobierno Abierto: si el compromiso es verificable, qué resultados puede lograr y si abrió el gobierno.</p>
      {notice && (
        <Confirmation key={notice}>
          <p>{notice}</p>
        </Confirmation>
      )}
      {assessments.isPending ? (
        <Loading what="las valoraciones" />
      ) : assessments.isError ? (
        <ProblemNotice problem={assessments.error} retry={() => void assessments.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="Todavía no hay valoraciones de este compromiso">{canAssess ? <p>Registra la primera con el formulario de abajo.</p> : <p>El órgano garante las registra.</p>}</EmptyState>
      ) : (
        <ol className="cards" aria-label="Valoraciones registradas">
          {items.map((a) => (
            <AssessmentItem key={a.id} assessment={a} timeZone={c.timeZone} assessor={names.get(a.assessorId)} />
          ))}
        </ol>
      )}
      {canAssess && (
        <NewAssessment
          commitmentId={c.id}
          onDone={async (message) => {
            setNotice(message);
            await assessments.refetch();
          }}
        />
      )}
    </section>
  );
}

function AssessmentItem({ assessment: a, timeZone, assessor }: { assessment: Assessment; timeZone: string; assessor?: string }) {
  const heading = `Valoración del ${formatDateTime(a.createdAt, timeZone)}`;
  return (
    <li className="card">
      <article aria-label={heading}>
        <h3>{heading}</h3>
        <dl className="facts">
          <dt>{ASSESSMENT_LABELS.verifiable}</dt>
          <dd>{a.verifiable ? 'Sí' : 'No'}</dd>
          <dt>{ASSESSMENT_LABELS.potentialResults}</dt>
          <dd>{label(POTENTIAL_RESULTS_LABEL, a.potentialResults)}</dd>
          <dt>{ASSESSMENT_LABELS.didItOpenGovernment}</dt>
          <dd>{a.didItOpenGovernment ? label(OPEN_GOVERNMENT_LABEL, a.didItOpenGovernment) : 'Todavía es pronto para decirlo'}</dd>
          <dt>Cumplimiento al valorar</dt>
          <dd>{label(COMPLETION_LABEL, a.completionAtAssessment)}</dd>
          <dt>{ASSESSMENT_LABELS.justification}</dt>
          <dd className="prose">{a.justification}</dd>
          {assessor && (
            <>
              <dt>La registró</dt>
              <dd>{assessor}</dd>
            </>
          )}
        </dl>
      </article>
    </li>
  );
}

function Radios({ name, legend, error, children }: { name: string; legend: string; error?: string; children: ReactNode }) {
  const errorId = useId();
  return (
    <fieldset id={`field-${name}`} tabIndex={-1} className={`field${error ? ' field-error' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p id={errorId} className="error-message">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}

function Radio({ id, name, label: text, hint, checked, onChange }: { id: string; name: string; label: string; hint?: string; checked: boolean; onChange: () => void }) {
  return (
    <div className="checkbox">
      <input type="radio" id={id} name={name} checked={checked} onChange={onChange} aria-describedby={hint ? `${id}-hint` : undefined} />
      <div>
        <label htmlFor={id}>{text}</label>
        {hint && (
          <p id={`${id}-hint`} className="hint">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

function NewAssessment({ commitmentId, onDone }: { commitmentId: string; onDone: (message: string) => Promise<unknown> }) {
  const [verifiable, setVerifiable] = useState<boolean | null>(null);
  const [potential, setPotential] = useState<Potential | null>(null);
  const [openGov, setOpenGov] = useState<OpenGov | null>(null);
  const [justification, setJustification] = useState('');
  const save = useSubmit(async () => {
    await call(
      api.POST('/api/v1/commitments/{id}/assessments', {
        params: { path: { id: commitmentId } },
        // Unanswered questions go as they are, for the API to name them beside their field.
        body: {
          verifiable: verifiable as boolean,
          potentialResults: potential as Potential,
          ...(openGov ? { didItOpenGovernment: openGov } : {}),
          justification,
        },
      }),
    );
    setVerifiable(null);
    setPotential(null);
    setOpenGov(null);
    setJustification('');
    await onDone('Se registró tu valoración del compromiso.');
  });
  const errors = save.fieldErrors;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.submit();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="nueva-valoracion">
      <h3 id="nueva-valoracion">Registrar una valoración</h3>
      {save.problem && <ErrorSummary message={save.message} errors={errors} labels={ASSESSMENT_LABELS} />}
      <Radios name="verifiable" legend={`${ASSESSMENT_LABELS.verifiable} ¿Es lo bastante específico y medible para comprobar si se cumplió?`} error={errors.verifiable}>
        <Radio id="verificable-si" name="verifiable" label="Sí, es verificable" checked={verifiable === true} onChange={() => setVerifiable(true)} />
        <Radio id="verificable-no" name="verifiable" label="No, no es verificable" checked={verifiable === false} onChange={() => setVerifiable(false)} />
      </Radios>
      <Radios name="potentialResults" legend={ASSESSMENT_LABELS.potentialResults} error={errors.potentialResults}>
        {POTENTIAL_RESULTS.map((v) => (
          <Radio key={v} id={`potencial-${v}`} name="potentialResults" label={POTENTIAL_RESULTS_LABEL[v]} hint={POTENTIAL_RESULTS_HINT[v]} checked={potential === v} onChange={() => setPotential(v)} />
        ))}
      </Radios>
      <Radios name="didItOpenGovernment" legend={ASSESSMENT_LABELS.didItOpenGovernment} error={errors.didItOpenGovernment}>
        <Radio id="abrio-pronto" name="didItOpenGovernment" label="Todavía es pronto para decirlo" checked={openGov === null} onChange={() => setOpenGov(null)} />
        {OPEN_GOVERNMENT_RESULTS.map((v) => (
          <Radio key={v} id={`abrio-${v}`} name="didItOpenGovernment" label={OPEN_GOVERNMENT_LABEL[v]} checked={openGov === v} onChange={() => setOpenGov(v)} />
        ))}
      </Radios>
      <Field
        name="justification"
        label={ASSESSMENT_LABELS.justification}
        hint="En qué te basas: evidencia revisada, entrevistas, datos publicados. Al menos 10 caracteres."
        multiline
        value={justification}
        onChange={setJustification}
        error={errors.justification}
        required
      />
      <div className="actions">
        <button className="button" type="submit" disabled={save.busy}>
          {save.busy ? 'Registrando…' : 'Registrar la valoración'}
        </button>
      </div>
    </form>
  );
}
