import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorSummary, Field, PageTitle } from '../../components/ui';
import { useSubmit } from '../../lib/use-submit';
import { safeNext } from './Login';
import { PasswordRules } from './PasswordRules';

const LABELS = { name: 'Nombre completo', email: 'Correo electrónico', password: 'Contraseña' };

export default function Register() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('siguiente'));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    await session.register(name, email, password);
    navigate(next === '/' ? '/perfil?bienvenida=1' : next);
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };

  return (
    <>
      <PageTitle>Crear una cuenta</PageTitle>
      <p className="lead">Con una cuenta puedes aceptar la invitación de tu Secretariado Técnico Local y participar en él.</p>
      <form onSubmit={onSubmit} noValidate>
        {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={LABELS} />}
        <Field name="name" label={LABELS.name} hint="Así te verán las demás personas del Secretariado." autoComplete="name" value={name} onChange={setName} error={form.fieldErrors.name} required />
        <Field name="email" label={LABELS.email} type="email" autoComplete="email" inputMode="email" value={email} onChange={setEmail} error={form.fieldErrors.email} required />
        <Field name="password" label={LABELS.password} hint={<PasswordRules />} type="password" autoComplete="new-password" value={password} onChange={setPassword} error={form.fieldErrors.password} required />
        <div className="actions">
          <button className="button" type="submit" disabled={form.busy}>
            {form.busy ? 'Creando la cuenta…' : 'Crear cuenta'}
          </button>
        </div>
      </form>
      <p>
        ¿Ya tienes cuenta? <Link to={`/entrar${next !== '/' ? `?siguiente=${encodeURIComponent(next)}` : ''}`}>Inicia sesión</Link>.
      </p>
    </>
  );
}
