import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, WEB_CLIENT_HEADERS, type Schemas } from '../../api/client';
import { RequireSignIn } from '../../auth/RequireSignIn';
import { useSession } from '../../auth/session';
import { Confirmation, ErrorSummary, Field, Loading, PageTitle, ProblemNotice } from '../../components/ui';
import { useSubmit } from '../../lib/use-submit';
import { PasswordRules } from './PasswordRules';

export default function Profile() {
  return (
    <RequireSignIn>
      <ProfileScreen />
    </RequireSignIn>
  );
}

function ProfileScreen() {
  const session = useSession();
  const [params] = useSearchParams();
  return (
    <>
      <PageTitle>Mi perfil</PageTitle>
      {params.get('bienvenida') && (
        <Confirmation>
          <p>
            Tu cuenta quedó creada. Si te invitaron a un Secretariado, abre el enlace de tu correo de invitación para unirte.
          </p>
        </Confirmation>
      )}
      <p className="muted">Correo de la cuenta: {session.user?.email}</p>
      <NameForm />
      <PasswordForm />
      <EmailPreferences />
    </>
  );
}

function NameForm() {
  const session = useSession();
  const [name, setName] = useState(session.user?.name ?? '');
  const form = useSubmit(async () => {
    session.setUser(await call(api.PATCH('/api/v1/me', { body: { name } })));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  return (
    <section aria-labelledby="nombre-titulo">
      <h2 id="nombre-titulo">Tu nombre</h2>
      <form onSubmit={onSubmit} noValidate>
        {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={{ name: 'Nombre completo' }} />}
        {form.done && !form.busy && <Confirmation>Tu nombre quedó guardado.</Confirmation>}
        <Field name="name" label="Nombre completo" hint="Así te verán las demás personas del Secretariado." autoComplete="name" value={name} onChange={setName} error={form.fieldErrors.name} required />
        <button className="button" type="submit" disabled={form.busy}>
          Guardar el nombre
        </button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const session = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNext] = useState('');
  const form = useSubmit(async () => {
    await session.adopt(await call(api.POST('/api/v1/me/password', { headers: WEB_CLIENT_HEADERS, body: { currentPassword, newPassword } })));
    setCurrent('');
    setNext('');
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  const labels = { currentPassword: 'Contraseña actual', newPassword: 'Contraseña nueva' };
  return (
    <section aria-labelledby="contrasena-titulo">
      <h2 id="contrasena-titulo">Cambiar la contraseña</h2>
      <form onSubmit={onSubmit} noValidate>
        {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={labels} />}
        {form.done && !form.busy && <Confirmation>Tu contraseña quedó cambiada. Cerramos tus sesiones en otros dispositivos.</Confirmation>}
        <Field name="currentPassword" label={labels.currentPassword} type="password" autoComplete="current-password" value={currentPassword} onChange={setCurrent} error={form.fieldErrors.currentPassword} required />
        <Field name="newPassword" label={labels.newPassword} hint={<PasswordRules />} type="password" autoComplete="new-password" value={newPassword} onChange={setNext} error={form.fieldErrors.newPassword} required />
        <button className="button" type="submit" disabled={form.busy}>
          Cambiar la contraseña
        </button>
      </form>
    </section>
  );
}

type Prefs = Schemas['PreferencesDto'];

function EmailPreferences() {
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: ['notification-preferences'], queryFn: () => call(api.GET('/api/v1/notifications/preferences')) });
  const [draft, setDraft] = useState<Prefs | null>(null);
  useEffect(() => {
    if (prefs.data) setDraft(prefs.data);
  }, [prefs.data]);
  const form = useSubmit(async () => {
    if (!draft) return;
    const saved = await call(api.PUT('/api/v1/notifications/preferences', { body: { emailEnabled: draft.emailEnabled, emailKinds: draft.emailKinds, dailyDigest: draft.dailyDigest } }));
    queryClient.setQueryData(['notification-preferences'], saved);
  });

  if (prefs.isPending) return <Loading what="tus preferencias" />;
  if (prefs.isError || !draft) return <ProblemNotice problem={prefs.error} retry={() => void prefs.refetch()} />;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };
  return (
    <section aria-labelledby="correo-titulo">
      <h2 id="correo-titulo">Avisos por correo</h2>
      <p>Los avisos siempre aparecen en Cocrea; aquí eliges cuáles te llegan también por correo.</p>
      <form onSubmit={onSubmit}>
        {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={{}} />}
        {form.done && !form.busy && <Confirmation>Tus preferencias quedaron guardadas.</Confirmation>}
        <div className="field checkbox">
          <input id="pref-email" type="checkbox" checked={draft.emailEnabled} onChange={(e) => setDraft({ ...draft, emailEnabled: e.target.checked })} />
          <label htmlFor="pref-email">Recibir avisos por correo</label>
        </div>
        <fieldset className="field" disabled={!draft.emailEnabled}>
          <legend>Qué avisos recibir por correo</legend>
          {Object.entries(draft.kinds).map(([kind, text]) => (
            <div className="checkbox" key={kind}>
              <input
                id={`pref-kind-${kind}`}
                type="checkbox"
                checked={draft.emailKinds[kind] !== false}
                onChange={(e) => setDraft({ ...draft, emailKinds: { ...draft.emailKinds, [kind]: e.target.checked } })}
              />
              <label htmlFor={`pref-kind-${kind}`}>{text}</label>
            </div>
          ))}
        </fieldset>
        <div className="field checkbox">
          <input id="pref-digest" type="checkbox" checked={draft.dailyDigest} disabled={!draft.emailEnabled} onChange={(e) => setDraft({ ...draft, dailyDigest: e.target.checked })} />
          <label htmlFor="pref-digest">Un solo correo al día (8:00, hora de {draft.timeZone.replace('America/', '').replace('_', ' ')}) con todo lo pendiente, en lugar de uno por aviso</label>
        </div>
        <button className="button" type="submit" disabled={form.busy}>
          Guardar las preferencias
        </button>
      </form>
    </section>
  );
}
