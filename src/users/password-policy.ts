import { FieldError } from '../common/errors/domain-error';

// A small list of the most common long passwords (and Spanish favourites); anything here is
// guessed first by any attacker.
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', 'password1234', 'password12345', 'passwordpassword',
  'qwertyuiop12', 'qwertyuiopasdf', 'qwerty123456', 'iloveyou1234', 'contraseña123', 'contrasena123',
  'contraseña1234', 'contrasena1234', 'administrador', 'administrator', 'admin1234567', 'abcdefghijkl',
  'abc123456789', '111111111111', '000000000000', 'aaaaaaaaaaaa', 'letmein12345', 'welcome12345',
  'bienvenido123', 'gobiernoabierto', 'transparencia', 'mexico123456', 'cocrea123456', 'zaq12wsxcde3',
  '1q2w3e4r5t6y', 'passw0rd1234', 'p@ssw0rd1234', 'superman1234', 'football1234', 'monkey123456',
]);

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Field errors for a new password, empty when acceptable. */
export function passwordProblems(password: string, email?: string): FieldError[] {
  const problems: FieldError[] = [];
  const add = (code: string, message: string) => problems.push({ field: 'password', code, message });
  if (password.length < PASSWORD_MIN) add('too_short', `La contraseña debe tener al menos ${PASSWORD_MIN} caracteres.`);
  if (password.length > PASSWORD_MAX) add('too_long', `La contraseña no puede exceder ${PASSWORD_MAX} caracteres.`);
  const lowered = password.toLowerCase();
  if (COMMON.has(lowered) || /^(.)\1+$/.test(password)) add('too_common', 'La contraseña es demasiado común; elige otra.');
  if (email && lowered === email.toLowerCase()) add('same_as_email', 'La contraseña no puede ser tu correo.');
  return problems;
}
