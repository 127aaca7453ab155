import { DEMO, expect, expectAccessible, signIn, test, uniqueEmail, waitForMail } from './support/fixtures';

// A person's account in the browser: register, sign in, stay signed in across a reload,
// sign out, forget the password, and accept an invitation from its e-mail.
const PASSWORD = 'una frase larga para probar';

test('a person registers, reloads still signed in, signs out and back in', async ({ page }) => {
  const email = uniqueEmail('registro');
  await page.goto('/registro');
  await expect(page.getByRole('heading', { level: 1, name: 'Crear una cuenta' })).toBeVisible();
  // The password rules are said before the first error.
  await expect(page.getByText('Al menos 12 caracteres')).toBeVisible();
  await expectAccessible(page, 'registro');

  await page.getByLabel('Nombre completo').fill('Lucía Hernández');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill('corta');
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  // The API's field message beside the field, and a summary that takes focus.
  const summary = page.getByRole('alert').filter({ hasText: 'Hay un problema' });
  await expect(summary).toBeFocused();
  await expect(page.locator('#field-password').locator('..')).toContainText('al menos 12 caracteres');
  await expectAccessible(page, 'registro con error');

  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mi perfil' })).toBeVisible();
  await expect(page.getByText('Tu cuenta quedó creada')).toBeVisible();
  await expect(page.locator('.who')).toContainText('Lucía Hernández');
  await expectAccessible(page, 'perfil');

  // The access token lives in memory only: a reload restores the session from the cookie.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Mi perfil' })).toBeVisible();
  await expect(page.locator('.who')).toContainText('Lucía Hernández');
  const cookies = await page.context().cookies();
  const refresh = cookies.find((c) => c.name === 'cocrea_refresh')!;
  expect(refresh.httpOnly).toBe(true);
  expect(refresh.sameSite).toBe('Strict');
  expect(refresh.path).toBe('/api/v1/auth');
  expect(await page.evaluate(() => document.cookie)).not.toContain('cocrea_refresh');

  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page.getByRole('link', { name: 'Iniciar sesión' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Iniciar sesión' })).toBeVisible();
  await page.goto('/perfil');
  // Signed out, the profile sends you to sign in and back.
  await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
  await expectAccessible(page, 'iniciar sesión');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill('no es la contraseña');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Correo o contraseña incorrectos' })).toBeVisible();
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mi perfil' })).toBeVisible();
});

test('a refresh request without the web header is refused even with the cookie', async ({ page }) => {
  await signIn(page, DEMO.observer);
  const status = await page.evaluate(async () => (await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
  expect(status).toBe(401);
  // The app's own request (with the header) still works: the session survives a reload.
  await page.reload();
  await expect(page.locator('.who')).toBeVisible();
});

test('an anonymous visitor spends no session request', async ({ page }) => {
  const refreshes: string[] = [];
  page.on('request', (r) => r.url().includes('/api/v1/auth/refresh') && refreshes.push(r.url()));
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Iniciar sesión' })).toBeVisible();
  await page.goto('/tablero');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(refreshes).toEqual([]);
});

test('a forgotten password is reset from the e-mailed link', async ({ page, request }) => {
  const email = uniqueEmail('olvido');
  await request.post('/api/v1/auth/register', { data: { email, name: 'Rosa Olvido', password: PASSWORD } });
  await page.goto('/entrar');
  await page.getByRole('link', { name: 'Olvidé mi contraseña' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Restablecer la contraseña' })).toBeFocused();
  await expectAccessible(page, 'olvidé mi contraseña');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Enviar el enlace' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'te enviamos un correo' })).toBeVisible();

  const mail = await waitForMail(email, /restablecer/);
  const link = /https?:\/\/[^\s]+\/restablecer\/[A-Za-z0-9_-]+/.exec(mail)![0];
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Elige una contraseña nueva' })).toBeVisible();
  await expectAccessible(page, 'contraseña nueva');
  await page.getByLabel('Contraseña nueva').fill('otra frase larga y distinta');
  await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
  await expect(page.getByText('Tu contraseña quedó actualizada')).toBeVisible();
  await page.getByRole('link', { name: 'Iniciar sesión con la contraseña nueva' }).click();
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill('otra frase larga y distinta');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.locator('.who')).toContainText('Rosa Olvido');

  // The link works once.
  await page.goto(link);
  await page.getByLabel('Contraseña nueva').fill('una tercera frase larga');
  await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'ya se usó o venció' })).toBeVisible();
});

test('an invitation e-mail is accepted end to end by a new person', async ({ browser, request }) => {
  // The coordinator invites an observer through the API (its screen comes with the admin screens).
  const login = await request.post('/api/v1/auth/login', { data: { email: DEMO.coordinator, password: 'gobierno-abierto-2019' } });
  const { accessToken } = await login.json();
  const auth = { Authorization: `Bearer ${accessToken}` };
  const secretariats = await (await request.get('/api/v1/secretariats', { headers: auth })).json();
  const oaxaca = secretariats.items.find((s: { name: string }) => /Oaxaca/.test(s.name));
  const email = uniqueEmail('invitada');
  const invited = await request.post(`/api/v1/secretariats/${oaxaca.id}/invitations`, { headers: auth, data: { email, role: 'observer', sector: 'civil_society' } });
  expect(invited.status()).toBe(201);

  const mail = await waitForMail(email, /invitaciones\//);
  const link = /https?:\/\/[^\s]+\/invitaciones\/[A-Za-z0-9_-]+/.exec(mail)![0];

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: /Invitación a/ })).toBeVisible();
  await expect(page.getByText('persona observadora')).toBeVisible();
  await expectAccessible(page, 'invitación');
  await page.getByRole('link', { name: 'Crear una cuenta' }).click();
  await page.getByLabel('Nombre completo').fill('Invitada Nueva');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  // Back on the invitation, now signed in.
  await expect(page.getByText(`Entraste como ${email}`)).toBeVisible();
  await page.getByRole('button', { name: 'Aceptar la invitación' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ya formas parte de' })).toBeVisible();
  await context.close();

  const members = await (await request.get(`/api/v1/secretariats/${oaxaca.id}/members?limit=100`, { headers: auth })).json();
  expect(JSON.stringify(members)).toContain('Invitada Nueva');
});
