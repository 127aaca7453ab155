import { randomUUID } from 'node:crypto';
import type { TestApp } from './test-app';

export const PASSWORD = 'una-clave-larga-y-segura';

export interface LoggedIn {
  id: string;
  email: string;
  token: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export const uniqueEmail = (label = 'persona') => `${label}-${randomUUID().slice(0, 8)}@ejemplo.mx`;

/** Registers (and thereby logs in) a new user through the API. */
export async function registerUser(t: TestApp, overrides: { email?: string; name?: string; admin?: boolean } = {}): Promise<LoggedIn> {
  const email = overrides.email ?? uniqueEmail();
  const res = await t.http().post('/api/v1/auth/register').send({ email, name: overrides.name ?? 'Persona de Prueba', password: PASSWORD });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (overrides.admin) await t.db.query('UPDATE users SET is_platform_admin = true WHERE id = $1', [res.body.user.id]);
  return {
    id: res.body.user.id,
    email,
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}
