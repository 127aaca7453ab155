import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { Breadcrumbs, Confirmation, ErrorSummary, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { useSubmit } from '../../lib/use-submit';
import { useStates } from '../../components/public/shared';

/** What reaches me by e-mail: everything, per kind, or one daily digest (notifications in Cocrea always arrive). */
export default function Preferences() {
  return (
    <RequireSignIn>
      <PreferencesScreen />
    </RequireSignIn>
  );
}

function PreferencesScreen() {
  const prefs = useQuery({ queryKey: ['notification-preferences'], queryFn: () => call(api.GET('/api/v1/notifications/preferences')) });
  return (
    <>
      <Breadcrumbs items={[{ to: '/notificaciones', label: 'Notificaciones' }, { label: 'Preferencias' }]} />
      <PageTitle>Qué me llega por correo</PageTitle>
      <p>Las notificaciones siempre aparecen en Cocrea. Aquí eliges cuáles te llegan también por correo electrónico.</p>
      {prefs.isPending ? <Loading what="tus preferencias" /> : prefs.isError ? <ProblemNotice problem={prefs.error} /> : <PreferencesForm initial={prefs.data} />}
    </>
  );
}

function PreferencesForm({ initial }: { initial: Schemas['PreferencesDto'] }) {
  const queryClient = useQueryClient();
  const states = useStates();
  const zones = [...new Set((states.data ?? []).map((s) => s.timeZone).concat(initial.timeZone))].sort();
  const [emailEnabled, setEmailEnabled] = useState(initial.emailEnabled);
  const [kinds, setKinds] = useState<Record<string, boolean>>(initial.emailKinds);
  const [dailyDigest, setDailyDigest] = useState(initial.dailyDigest);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const form = useSubmit(async () => {
    const saved = await call(api.PUT('/api/v1/notifications/preferences', { body: { emailEnabled, emailKinds: kinds, dailyDigest, timeZone } }));
    queryClient.setQueryData(['notification-preferences'], saved);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  const kindLabels = Object.entries(initial.kinds);
  return (
    <form onSubmit={onSubmit}>
      {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={{ timeZone: 'Zona horaria', emailKinds: 'Tipos de aviso' }} />}
      {form.done && !form.busy && !form.problem && <Confirmation>Tus preferencias quedaron guardadas.</Confirmation>}
      <div className="checkbox">
        <input type="checkbox" id="field-emailEnabled" checked={emailEnabled} onChange={(e) => setEmailEnabled(e.target.checked)} />
        <label htmlFor="field-emailEnabled">Recibir avisos por correo electrónico</label>
      </div>
      {emailEnabled && (
        <>
          <fieldset className="field" id="field-emailKinds">
            <legend>¿De qué quieres recibir correo?</legend>
            {kindLabels.map(([kind, text]) => (
              <div className="checkbox" key={kind}>
                <input type="checkbox" id={`kind-${kind}`} checked={kinds[kind] !== false} onChange={(e) => setKinds({ ...kinds, [kind]: e.target.checked })} />
                <label htmlFor={`kind-${kind}`}>{text}</label>
              </div>
            ))}
          </fieldset>
          <fieldset className="field">
            <legend>¿Cuándo?</legend>
            <div className="checkbox">
              <input type="radio" id="digest-off" name="digest" checked={!dailyDigest} onChange={() => setDailyDigest(false)} />
              <label htmlFor="digest-off">Un correo por cada aviso, en el momento</label>
            </div>
            <div className="checkbox">
              <input type="radio" id="digest-on" name="digest" checked={dailyDigest} onChange={() => setDailyDigest(true)} />
              <label htmlFor="digest-on">Un solo correo al día, a las 8:00, con todo lo que no has leído</label>
            </div>
          </fieldset>
          {dailyDigest && (
            <div className="field">
              <label htmlFor="field-timeZone">Zona horaria del resumen diario</label>
              <select id="field-timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace('America/', '').replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            </div>
          )}
        </>
      )}
      <button className="button" type="submit" disabled={form.busy}>
        {form.busy ? 'Guardando…' : 'Guardar preferencias'}
      </button>
    </form>
  );
}
