import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Confirmation, ErrorSummary, Field } from '../../components/ui';
import { allows } from '../../lib/actions';
import { plural } from '../../lib/format';
import { DECISION_RULE_LABEL, label } from '../../lib/labels';
import { useSubmit } from '../../lib/use-submit';

const LABELS = { 'rules.decisionRule': 'Regla de decisión', 'rules.quorumPerSector': 'Quórum por sector', 'rules.minVotingHours': 'Horas mínimas de votación', 'rules.proposalResponseDays': 'Días para responder' };

/** The lineamientos in plain words; coordinators change them (they apply to rounds opened afterwards). */
export function Rules({ secretariat: s }: { secretariat: Schemas['SecretariatDetailDto'] }) {
  const qc = useQueryClient();
  const r = s.rules;
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ decisionRule: r.decisionRule, quorum: String(r.quorumPerSector), hours: String(r.minVotingHours), days: String(r.proposalResponseDays) });
  const save = useSubmit(async () => {
    await call(
      api.PATCH('/api/v1/secretariats/{id}', {
        params: { path: { id: s.id } },
        body: { version: s.version, rules: { decisionRule: form.decisionRule, quorumPerSector: Number(form.quorum), minVotingHours: Number(form.hours), proposalResponseDays: Number(form.days) } },
      }),
    );
    await qc.invalidateQueries({ queryKey: ['secretariat-detail', s.id] });
    setEditing(false);
  });
  return (
    <section aria-labelledby="reglas">
      <h2 id="reglas">Reglas de decisión</h2>
      {save.done && !editing && (
        <Confirmation>
          <p>Las reglas quedaron guardadas; valen para las votaciones que se abran desde ahora.</p>
        </Confirmation>
      )}
      <ul>
        <li>Una votación se decide por: {label(DECISION_RULE_LABEL, r.decisionRule)}.</li>
        <li>Quórum: al menos {plural(r.quorumPerSector, 'asiento', 'asientos')} de cada sector deben votar.</li>
        <li>Una votación queda abierta al menos {plural(r.minVotingHours, 'hora', 'horas')}.</li>
        <li>Cada propuesta se responde en un máximo de {plural(r.proposalResponseDays, 'día', 'días')}.</li>
      </ul>
      {allows(s, 'secretariat.update') && !editing && (
        <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
          Cambiar las reglas
        </button>
      )}
      {editing && (
        <form
          className="admin-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save.submit();
          }}
        >
          {save.problem && <ErrorSummary message={save.message} errors={save.fieldErrors} labels={LABELS} />}
          <fieldset className="field">
            <legend>¿Cómo se decide una votación?</legend>
            {Object.entries(DECISION_RULE_LABEL).map(([key, text]) => (
              <div className="checkbox" key={key}>
                <input type="radio" id={`regla-${key}`} name="decisionRule" checked={form.decisionRule === key} onChange={() => setForm((f) => ({ ...f, decisionRule: key as typeof f.decisionRule }))} />
                <label htmlFor={`regla-${key}`}>{text}</label>
              </div>
            ))}
          </fieldset>
          <Field name="rules.quorumPerSector" label="Quórum: asientos de cada sector que deben votar" inputMode="numeric" value={form.quorum} onChange={(v) => setForm((f) => ({ ...f, quorum: v }))} error={save.fieldErrors['rules.quorumPerSector']} />
          <Field name="rules.minVotingHours" label="Horas mínimas que una votación queda abierta" inputMode="numeric" value={form.hours} onChange={(v) => setForm((f) => ({ ...f, hours: v }))} error={save.fieldErrors['rules.minVotingHours']} />
          <Field name="rules.proposalResponseDays" label="Días para responder cada propuesta" inputMode="numeric" value={form.days} onChange={(v) => setForm((f) => ({ ...f, days: v }))} error={save.fieldErrors['rules.proposalResponseDays']} />
          <div className="inline-actions">
            <button type="submit" className="button" disabled={save.busy}>
              {save.busy ? 'Guardando…' : 'Guardar las reglas'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
              Cancelar
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
