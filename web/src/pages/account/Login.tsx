import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorSummary, Field, PageTitle } from '../../components/ui';
import { useSubmit } from '../../lib/use-submit';

const LABELS = { email: 'Correo electrónico', password: 'Contraseña' };

/** Only same-app paths are followed after signing in (no open redirect). */
export const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export default function Login() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('siguiente'));
  // Without a page to return to, a member lands on what is waiting for them.
  const landing = params.get('siguiente') ? next : '/pendientes';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    await session.signIn(email, password);
    navigate(landing);
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };

  return (
    <>
      <PageTitle>Iniciar sesión</PageTitle>
      <p className="lead">Para integrantes de un Secretariado Técnico Local. Para consultar los planes no necesitas cuenta.</p>
      <form onSubmit={onSubmit} noValidate>
        {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={LABELS} />}
        <Field name="email" label={LABELS.email} type="email" autoComplete="email" inputMode="email" value={email} onChange={setEmail} error={form.fieldErrors.email} required />
        <Field name="password" label={LABELS.password} type="password" autoComplete="current-password" value={password} onChange={setPassword} error={form.fieldErrors.password} required />
        <div className="actions">
          <button className="button" type="submit" disabled={form.busy}>
            {form.busy ? 'Entrando…' : 'Entrar'}
          </button>
          <Link to="/olvide-mi-contrasena">Olvidé mi contraseña</Link>
        </div>
      </form>
      <p>
        ¿No tienes cuenta? <Link to={`/registro${next !== '/' ? `?siguiente=${encodeURIComponent(next)}` : ''}`}>Crea una</Link>. Si te invitaron a un
        Secretariado, abre el enlace de tu correo de invitación.
      </p>
    </>
  );
}
