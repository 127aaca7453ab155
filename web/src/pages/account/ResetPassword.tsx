import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { Confirmation, ErrorSummary, Field, PageTitle } from '../../components/ui';
import { useSubmit } from '../../lib/use-submit';
import { PasswordRules } from './PasswordRules';

export default function ResetPassword() {
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    await call(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };

  return (
    <>
      <PageTitle>Elige una contraseña nueva</PageTitle>
      {form.done ? (
        <Confirmation>
          <p>Tu contraseña quedó actualizada. Por seguridad cerramos todas tus sesiones abiertas.</p>
          <p>
            <Link to="/entrar">Iniciar sesión con la contraseña nueva</Link>
          </p>
        </Confirmation>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={{ password: 'Contraseña nueva', token: 'Enlace' }} />}
          {form.problem?.code === 'invalid_reset_token' && (
            <p>
              <Link to="/olvide-mi-contrasena">Pedir un enlace nuevo</Link>
            </p>
          )}
          <Field name="password" label="Contraseña nueva" hint={<PasswordRules />} type="password" autoComplete="new-password" value={password} onChange={setPassword} error={form.fieldErrors.password} required />
          <div className="actions">
            <button className="button" type="submit" disabled={form.busy}>
              {form.busy ? 'Guardando…' : 'Guardar la contraseña'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
