import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { Confirmation, ErrorSummary, Field, PageTitle } from '../../components/ui';
import { useSubmit } from '../../lib/use-submit';

export default function ForgotPassword() {
  const [email, setEmail] = useState('');
  const form = useSubmit(async () => {
    await call(api.POST('/api/v1/auth/password-reset', { body: { email } }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit();
  };

  return (
    <>
      <PageTitle>Restablecer la contraseña</PageTitle>
      {form.done ? (
        <Confirmation>
          <p>
            Si <strong>{email}</strong> tiene una cuenta en Cocrea, te enviamos un correo con un enlace para elegir una contraseña nueva. El enlace funciona una
            sola vez durante 1 hora. Revisa también la carpeta de correo no deseado.
          </p>
          <p>
            <Link to="/entrar">Volver a iniciar sesión</Link>
          </p>
        </Confirmation>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          {form.problem && <ErrorSummary message={form.message} errors={form.fieldErrors} labels={{ email: 'Correo electrónico' }} />}
          <p>Escribe el correo de tu cuenta y te enviaremos un enlace para elegir una contraseña nueva.</p>
          <Field name="email" label="Correo electrónico" type="email" autoComplete="email" inputMode="email" value={email} onChange={setEmail} error={form.fieldErrors.email} required />
          <div className="actions">
            <button className="button" type="submit" disabled={form.busy}>
              {form.busy ? 'Enviando…' : 'Enviar el enlace'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
