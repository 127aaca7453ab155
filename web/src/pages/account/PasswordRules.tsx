/** The password rules, said before the first error (the server's own policy). */
export function PasswordRules() {
  return (
    <>
      Al menos 12 caracteres. Una frase que recuerdes funciona bien, por ejemplo «mi perro come tortillas». No uses tu correo ni contraseñas comunes.
    </>
  );
}
