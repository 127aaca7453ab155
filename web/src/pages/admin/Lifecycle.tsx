import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Confirmation, ErrorSummary, Field } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDate } from '../../lib/format';
import { label, SECRETARIAT_STATUS_LABEL, SECTOR_LABEL } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';
import { SECTORS } from './admin-common';

type Detail = Schemas['SecretariatDetailDto'];

const FIELD_LABELS = { date: 'Fecha del acto', document: 'Enlace al documento', reason: 'Motivo', sector: 'Sector que se retiró' };

/** What each move needs, as a list the coordinator can check before trying. */
function requirements(s: Detail, to: string, form: { date: string; document: string; reason: string; sector: string }): { text: string; met: boolean }[] {
  const sectors = s.sectorsWithoutTitular.length
    ? s.sectorsWithoutTitular.map((x) => ({ text: `Falta titular del sector ${label(SECTOR_LABEL, x).toLowerCase()}`, met: false }))
    : [{ text: 'Cada sector tiene al menos un asiento con titular', met: true }];
  switch (to) {
    case 'declared':
      return [
        { text: 'La fecha en que se firmó la Declaratoria conjunta (no futura)', met: Boolean(form.date) },
        { text: 'El enlace a la Declaratoria conjunta firmada', met: Boolean(form.document) },
      ];
    case 'installed':
      return [{ text: 'El enlace al acta de instalación', met: Boolean(form.document) }, ...sectors];
    case 'active':
      return sectors;
    case 'suspended':
      return [
        { text: 'El sector que se retiró', met: Boolean(form.sector) },
        { text: 'El motivo de la suspensión', met: Boolean(form.reason) },
      ];
    case 'dissolved':
      return [{ text: 'El motivo de la disolución', met: Boolean(form.reason) }];
    default:
      return [];
  }
}

export function Lifecycle({ secretariat: s }: { secretariat: Detail }) {
  const qc = useQueryClient();
  const [to, setTo] = useState<string>(s.nextStatuses.find((x) => x !== 'dissolved') ?? s.nextStatuses[0] ?? '');
  const [form, setForm] = useState({ date: '', document: '', reason: '', sector: '' });
  const [doneTo, setDoneTo] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const move = useSubmit(async () => {
    const body: Schemas['TransitionDto'] = { to: to as Schemas['TransitionDto']['to'] };
    if (form.date) body.date = form.date;
    if (form.document && (to === 'declared' || to === 'installed')) body.document = form.document;
    if (form.reason && (to === 'suspended' || to === 'dissolved')) body.reason = form.reason;
    if (form.sector && to === 'suspended') body.sector = form.sector as Schemas['TransitionDto']['sector'];
    const updated = await call(api.POST('/api/v1/secretariats/{id}/transitions', { params: { path: { id: s.id } }, body }));
    qc.setQueryData(['secretariat-detail', s.id], updated);
    await qc.invalidateQueries({ queryKey: ['audit-verify', s.id] });
    await qc.invalidateQueries({ queryKey: ['audit', s.id] });
    setDoneTo(to);
    setTo(updated.nextStatuses.find((x) => x !== 'dissolved') ?? updated.nextStatuses[0] ?? '');
    setForm({ date: '', document: '', reason: '', sector: '' });
  });
  const reqs = requirements(s, to, form);
  const canMove = allows(s, 'secretariat.transition') && s.nextStatuses.length > 0;
  return (
    <section aria-labelledby="etapa">
      <h2 id="etapa">Etapa del secretariado</h2>
      <p>
        Etapa actual: <strong>{label(SECRETARIAT_STATUS_LABEL, s.status)}</strong>.
      </p>
      <dl className="facts">
        <dt>Declaratoria conjunta</dt>
        <dd>
          {s.declaredAt ? `Firmada el ${formatDate(s.declaredAt, s.timeZone)}` : 'Sin firmar'}
          {s.declarationDocumentUrl && (
            <>
              {' · '}
              <a href={s.declarationDocumentUrl}>Ver la Declaratoria</a>
            </>
          )}
        </dd>
        <dt>Acta de instalación</dt>
        <dd>
          {s.installedAt ? `Instalado el ${formatDate(s.installedAt, s.timeZone)}` : 'Sin instalar'}
          {s.installationDocumentUrl && (
            <>
              {' · '}
              <a href={s.installationDocumentUrl}>Ver el acta</a>
            </>
          )}
        </dd>
      </dl>
      {doneTo && !move.problem && (
        <Confirmation>
          <p>El secretariado pasó a «{label(SECRETARIAT_STATUS_LABEL, doneTo)}».</p>
        </Confirmation>
      )}
      {canMove ? (
        <form
          className="admin-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void move.submit();
          }}
        >
          {move.problem && <ErrorSummary message={move.message} errors={move.fieldErrors} labels={FIELD_LABELS} />}
          <fieldset className="field">
            <legend>¿A qué etapa pasa?</legend>
            {s.nextStatuses.map((x) => (
              <div className="checkbox" key={x}>
                <input type="radio" id={`etapa-${x}`} name="to" value={x} checked={to === x} onChange={() => setTo(x)} />
                <label htmlFor={`etapa-${x}`}>{label(SECRETARIAT_STATUS_LABEL, x)}</label>
              </div>
            ))}
          </fieldset>
          <div aria-live="polite">
            <h3>Qué se necesita para pasar a «{label(SECRETARIAT_STATUS_LABEL, to)}»</h3>
            <ul className="requirements">
              {reqs.map((r) => (
                <li key={r.text} className={r.met ? 'met' : 'unmet'}>
                  <span className="visually-hidden">{r.met ? 'Cumplido: ' : 'Pendiente: '}</span>
                  {r.text}
                </li>
              ))}
            </ul>
          </div>
          {(to === 'declared' || to === 'installed') && (
            <>
              <Field name="date" type="date" label={to === 'declared' ? 'Fecha de la Declaratoria conjunta' : 'Fecha de instalación (si no es hoy)'} value={form.date} onChange={set('date')} error={move.fieldErrors.date} />
              <Field
                name="document"
                type="url"
                label={to === 'declared' ? 'Enlace a la Declaratoria conjunta firmada' : 'Enlace al acta de instalación'}
                hint="Un enlace público (https://…) al documento firmado."
                value={form.document}
                onChange={set('document')}
                error={move.fieldErrors.document}
              />
            </>
          )}
          {to === 'suspended' && (
            <div className="field">
              <label htmlFor="field-sector">Sector que se retiró</label>
              <select id="field-sector" value={form.sector} onChange={(e) => set('sector')(e.target.value)}>
                <option value="">Elige un sector</option>
                {SECTORS.map((x) => (
                  <option key={x} value={x}>
                    {label(SECTOR_LABEL, x)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {(to === 'suspended' || to === 'dissolved') && <Field name="reason" label="Motivo" multiline value={form.reason} onChange={set('reason')} error={move.fieldErrors.reason} />}
          <button type="submit" className="button" disabled={move.busy}>
            {move.busy ? 'Guardando…' : `Pasar a «${label(SECRETARIAT_STATUS_LABEL, to)}»`}
          </button>
        </form>
      ) : (
        s.nextStatuses.length === 0 && <p>El secretariado está disuelto: su etapa ya no cambia.</p>
      )}
    </section>
  );
}
