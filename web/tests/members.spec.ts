import { DEMO, DEMO_PASSWORD, expect, expectAccessible, signIn, test } from './support/fixtures';

// The member pages that notifications and e-mails link to: a voting round and a proposal.
test('a vote link opens the round: the titular votes, changes the vote, and the observer sees no ballot', async ({ browser, request }) => {
  const login = await request.post('/api/v1/auth/login', { data: { email: DEMO.coordinator, password: DEMO_PASSWORD } });
  const auth = { Authorization: `Bearer ${(await login.json()).accessToken}` };
  const secretariats = await (await request.get('/api/v1/secretariats', { headers: auth })).json();
  const oaxaca = secretariats.items.find((s: { name: string }) => /Oaxaca/.test(s.name));
  const closesAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const opened = await request.post('/api/v1/voting-rounds', { headers: auth, data: { subjectType: 'motion', secretariatId: oaxaca.id, title: 'Moción de prueba: sesión extraordinaria', closesAt, secrecy: 'public' } });
  expect(opened.status()).toBe(201);
  const round = await opened.json();

  const titular = await (await browser.newContext()).newPage();
  await signIn(titular, DEMO.civilSociety);
  // The header says where and as what this person acts (from GET /me memberships).
  await expect(titular.locator('.who')).toContainText('Sociedad civil, titular');
  await titular.goto(`/votaciones/${round.id}`);
  await expect(titular.getByRole('heading', { level: 1, name: 'Moción de prueba: sesión extraordinaria' })).toBeVisible();
  await expect(titular.getByText('cierra dentro de 2 días')).toBeVisible();
  await expectAccessible(titular, 'votación abierta');
  await titular.getByLabel('A favor').check();
  await titular.getByRole('button', { name: 'Registrar mi voto' }).click();
  await expect(titular.getByRole('status').filter({ hasText: 'Tu voto quedó registrado: A favor' })).toBeVisible();
  await titular.getByLabel('Abstención').check();
  await titular.getByRole('button', { name: 'Registrar mi voto' }).click();
  await expect(titular.getByRole('status').filter({ hasText: 'Tu voto quedó registrado: Abstención' })).toBeVisible();
  await expect(titular.getByText(/Votaron 1 de \d+ asientos/)).toBeVisible();

  const observer = await (await browser.newContext()).newPage();
  await signIn(observer, DEMO.observer);
  await observer.goto(`/votaciones/${round.id}`);
  await expect(observer.getByText(/Votaron 1 de \d+ asientos/)).toBeVisible();
  await expect(observer.getByRole('button', { name: 'Registrar mi voto' })).toHaveCount(0);
  // While open, nobody reads how a seat voted.
  await expect(observer.getByText('Abstención')).toHaveCount(0);
});

test('a proposal link opens the proposal for members and asks visitors to sign in', async ({ page, request }) => {
  const login = await request.post('/api/v1/auth/login', { data: { email: DEMO.coordinator, password: DEMO_PASSWORD } });
  const auth = { Authorization: `Bearer ${(await login.json()).accessToken}` };
  const secretariats = await (await request.get('/api/v1/secretariats', { headers: auth })).json();
  const oaxaca = secretariats.items.find((s: { name: string }) => /Oaxaca/.test(s.name));
  const plans = await (await request.get(`/api/v1/secretariats/${oaxaca.id}/plans`, { headers: auth })).json();
  let proposal: { id: string; title: string } | undefined;
  for (const plan of plans.items) {
    const list = await (await request.get(`/api/v1/plans/${plan.id}/proposals`, { headers: auth })).json();
    proposal = list.items.find((p: { status: string }) => p.status !== 'draft');
    if (proposal) break;
  }
  expect(proposal, 'the demo has a submitted proposal in Oaxaca').toBeTruthy();

  await page.goto(`/propuestas/${proposal!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
  await page.getByLabel('Correo electrónico').fill(DEMO.government);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: proposal!.title })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'El problema público' })).toBeVisible();
  await expectAccessible(page, 'propuesta');
});
