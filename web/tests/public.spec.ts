import type { APIRequestContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, expect, expectAccessible, test } from './support/fixtures';

// What a visitor without an account reads: the portal, a plan, a commitment and its evidence,
// a secretariat and its verified audit chain, the national dashboard and the open data.
type Json = Record<string, any>;

const API = '/api/v1';
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

async function apiJson(request: APIRequestContext, path: string): Promise<Json> {
  const res = await request.get(`${API}${path}`);
  expect(res.ok(), `${path} → ${res.status()}`).toBe(true);
  return res.json();
}

// Other specs publish plans of their own in the same database, so counts come from the API
// (one portal page: 20 plans) and the demo's plans are picked by name, never by position.
const DEMO_OAXACA_PLAN = 'Plan de Acción Local de Gobierno Abierto de Oaxaca';
async function portalCount(request: APIRequestContext, query: string, where = ''): Promise<string> {
  const n = (await apiJson(request, `/public/plans?limit=20&${query}`)).items.length;
  return `${n} ${n === 1 ? 'plan publicado' : 'planes publicados'}${where}`;
}

/**
 * A file evidence on an Oaxaca milestone, attached through the API by a member of the
 * responsible organization (the demo only has links), so the visitor has a file to download.
 */
async function attachFileEvidence(request: APIRequestContext): Promise<{ milestoneId: string; commitmentId: string; fileName: string; content: string }> {
  const plans = await apiJson(request, '/public/plans?state=OAX');
  const plan = await apiJson(request, `/public/plans/${plans.items.find((p: Json) => p.title === DEMO_OAXACA_PLAN).id}`);
  const commitment = plan.commitments[0];
  const milestone = commitment.milestones.find((m: Json) => m.status === 'in_progress' && m.responsibleOrganization.name === 'Colectivo Presupuesto Abierto Oaxaca');
  const fileName = `asistencia-talleres-${Date.now().toString(36)}.csv`;
  const content = 'region,talleres,asistentes\r\nCosta,4,120\r\nMixteca,3,95\r\n';
  const login = await request.post(`${API}/auth/login`, { data: { email: 'titular.oax.presupuesto@cocrea.demo', password: DEMO_PASSWORD } });
  expect(login.ok()).toBe(true);
  const { accessToken } = await login.json();
  const upload = await request.post(`${API}/milestones/${milestone.id}/evidence`, {
    headers: { Authorization: `Bearer ${accessToken}` },
    multipart: { file: { name: fileName, mimeType: 'text/csv', buffer: Buffer.from(content) }, description: 'Lista de asistencia a los talleres regionales', public: 'true' },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  return { milestoneId: milestone.id, commitmentId: commitment.id, fileName, content };
}

test('a visitor reads portal → plan → commitment and opens and downloads its evidence', async ({ page, request }) => {
  const evidence = await attachFileEvidence(request);

  await page.goto('/');
  await expect(h1(page, 'Planes de acción de gobierno abierto')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: await portalCount(request, '') })).toBeVisible();
  await expectAccessible(page, 'portal');

  // Search ignores accents and case; the state filter narrows to one plan.
  await page.getByLabel('Buscar', { exact: true }).fill('ACCION oaxaca');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page).toHaveURL(/q=ACCION\+oaxaca/);
  await expect(page.getByRole('status').filter({ hasText: await portalCount(request, 'q=ACCION+oaxaca') })).toBeVisible();
  await page.getByLabel('Buscar', { exact: true }).fill('');
  await page.getByLabel('Estado').selectOption({ label: 'Durango' });
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByRole('status').filter({ hasText: await portalCount(request, 'state=DGO', ' en Durango') })).toBeVisible();
  await page.getByLabel('Etapa').selectOption({ label: 'Evaluación' });
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByText('No hay planes publicados con estos filtros')).toBeVisible();
  await expectAccessible(page, 'portal sin resultados');

  await page.goto('/?estado=OAX');
  await page.getByRole('link', { name: DEMO_OAXACA_PLAN }).click();
  await expect(h1(page, DEMO_OAXACA_PLAN)).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Etapas' })).toBeVisible();
  await expect(page.locator('.stage[aria-current="step"]')).toContainText('Implementación');
  await expect(page.getByText('Avance verificado').first()).toBeVisible();
  // A secret round shows counts only; a public one each seat's choice.
  await expect(page.getByText('Votación secreta: solo se publican los conteos').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Voto de cada asiento' }).first()).toBeVisible();
  await expectAccessible(page, 'plan');

  const commitment = await apiJson(request, `/public/commitments/${evidence.commitmentId}`);
  await page.getByRole('link', { name: commitment.title }).click();
  await expect(h1(page, commitment.title)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'El compromiso en palabras sencillas' })).toBeVisible();
  await expect(page.getByText(commitment.publicProblem)).toBeVisible();
  // Milestones as a timeline with anchors; deadlines in Oaxaca's zone.
  await expect(page.locator('.timeline-item')).toHaveCount(commitment.milestones.length);
  await expect(page.getByText('Fechas límite en hora de Oaxaca.')).toBeVisible();
  // The indicator's chart has its table equivalent.
  const indicator = commitment.indicators[0];
  if (indicator) await expect(page.getByRole('img', { name: new RegExp(`^${indicator.name}: línea base`) })).toBeVisible();
  await expectAccessible(page, 'compromiso');

  // A link evidence points at its address; a file evidence downloads with its bytes.
  const link = commitment.milestones.flatMap((m: Json) => m.evidence).find((e: Json) => e.kind === 'link');
  await expect(page.getByRole('link', { name: link.description })).toHaveAttribute('href', link.url);
  const item = page.locator(`#hito-${evidence.milestoneId}`);
  const downloadLink = item.getByRole('link', { name: `Descargar ${evidence.fileName}` });
  await expect(downloadLink).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()]);
  expect(download.suggestedFilename()).toBe(evidence.fileName);
  const path = await download.path();
  expect(readFileSync(path, 'utf8')).toBe(evidence.content);
});

test('an e-mail link to a milestone opens the commitment at that milestone', async ({ page, request }) => {
  const plans = await apiJson(request, '/public/plans?state=DGO');
  const plan = await apiJson(request, `/public/plans/${plans.items[0].id}`);
  const c = plan.commitments[0];
  const last = c.milestones[c.milestones.length - 1];
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/compromisos/${c.id}#hito-${last.id}`);
  const target = page.locator(`#hito-${last.id}`);
  await expect(target.getByRole('heading', { name: `Hito ${last.position}: ${last.title}` })).toBeInViewport();
});

test('a secretariat page shows seats by sector, its history and a verified audit chain', async ({ page, request }) => {
  const plans = await apiJson(request, '/public/plans?state=CAMP');
  const secretariat = await apiJson(request, `/public/secretariats/${plans.items[0].secretariat.id}`);
  await page.goto(`/planes/${plans.items[0].id}`);
  await page.getByRole('link', { name: secretariat.name }).first().click();
  await expect(h1(page, secretariat.name)).toBeVisible();
  for (const seat of secretariat.seats) await expect(page.getByText(seat.organization.name).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Gobierno \(2 asientos\)/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Historia del secretariado' })).toBeVisible();
  await expect(page.locator('.timeline-item')).toHaveCount(secretariat.history.length);
  const verify = await apiJson(request, `/secretariats/${secretariat.id}/audit/verify`);
  expect(verify.valid).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'Verificada' })).toContainText(`${verify.events} registros`);
  const trail = page.getByRole('table', { name: /Registros públicos de la bitácora/ });
  await expect(trail.locator('tbody tr').first()).toContainText('Se registró el secretariado');
  await expectAccessible(page, 'secretariado');
  // 50 records a page; "Ver más" brings the rest of the public trail.
  const publicTrail = await apiJson(request, `/secretariats/${secretariat.id}/audit?limit=100`);
  expect(publicTrail.items.length).toBeGreaterThan(50);
  await expect(trail.locator('tbody tr')).toHaveCount(50);
  await page.getByRole('button', { name: 'Ver más registros' }).click();
  await expect(trail.locator('tbody tr')).toHaveCount(publicTrail.items.length);
  await expect(page.getByRole('button', { name: 'Ver más registros' })).toHaveCount(0);

  // Without a published plan, the public page does not exist.
  await page.goto('/secretariados/00000000-0000-4000-8000-000000000000');
  await expect(h1(page, 'No pudimos mostrar este secretariado')).toBeVisible();
});

test('the dashboard figures, map and table agree with /dashboard/national', async ({ page, request }) => {
  const national = await apiJson(request, '/dashboard/national');
  await page.goto('/tablero');
  await expect(h1(page, 'Tablero nacional')).toBeVisible();
  for (const [key, value] of Object.entries(national.totals)) await expect(page.locator(`[data-figure="${key}"]`)).toHaveText(String(value));

  const category = (s: Json) =>
    !s.participating ? 'none' : s.actionPlans === 0 ? 'secretariat' : s.milestones.total && s.milestones.approved / s.milestones.total >= 0.5 ? 'plan-high' : 'plan-low';
  const map = page.getByRole('group', { name: /Mapa de los 32 estados/ });
  await expect(map.getByRole('link')).toHaveCount(32);
  await expect(page.getByText('Mapa: @svg-maps/mexico, CC BY 4.0.')).toBeVisible();
  const table = page.getByRole('table').filter({ has: page.getByRole('button', { name: /Planes/ }) });
  await expect(table.locator('tbody tr')).toHaveCount(32);
  for (const s of national.states) {
    const area = map.locator(`[data-state-code="${s.code}"]`);
    await expect(area).toHaveAttribute('data-category', category(s));
    await expect(area).toHaveAttribute('aria-label', new RegExp(`^${s.name}: `));
    // The drawn shape is this state's: the map package's own name for it matches.
    const drawn = (await area.getAttribute('data-map-name'))!.replace('Mexico City', 'Ciudad de México');
    expect(s.name.slice(0, drawn.length), `map shape for ${s.name}`).toBe(drawn);
    const row = table.locator(`tr[data-state-code="${s.code}"]`);
    await expect(row.locator('td').nth(1)).toHaveText(String(s.actionPlans));
    await expect(row.locator('td').nth(2)).toHaveText(String(s.commitments.total));
    await expect(row.locator('td').nth(5)).toHaveText(String(s.organizations.civilSociety));
  }
  await expectAccessible(page, 'tablero');

  // Sort by plans (most first), then back; the header says how it is sorted.
  await table.getByRole('button', { name: /^Planes/ }).click();
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('Planes');
  const withPlans = national.states.filter((s: Json) => s.actionPlans > 0).length;
  for (let i = 0; i < withPlans; i++) await expect(table.locator('tbody tr').nth(i).locator('td').nth(1)).not.toHaveText('0');
  await table.getByRole('button', { name: /^Planes/ }).click();
  await expect(table.locator('th[aria-sort="ascending"]')).toContainText('Planes');
  await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText('0');

  // A state on the map opens the portal filtered by it.
  await map.locator('[data-state-code="20"]').click();
  await expect(page).toHaveURL(/\/\?estado=OAX$/);
  await expect(page.getByRole('status').filter({ hasText: await portalCount(request, 'state=OAX', ' en Oaxaca') })).toBeVisible();
});

test('open-data downloads parse: CSV with its header row, JSON arrays, filtered by state', async ({ page, request }) => {
  const catalog = await apiJson(request, '/open-data');
  await page.goto('/datos');
  await expect(h1(page, 'Datos abiertos')).toBeVisible();
  // What each file holds: every column in order, with its meaning.
  const commitmentColumns = page.getByRole('region', { name: 'Compromisos', exact: true }).locator('.column-list dt code');
  await expect(commitmentColumns).toHaveText(catalog.datasets[0].columns.map((c: Json) => c.name));
  await expectAccessible(page, 'datos abiertos');

  await page.getByLabel('Entidad federativa').selectOption({ label: 'Oaxaca' });
  for (const d of catalog.datasets) {
    const section = page.getByRole('region', { name: d.name === 'commitments' ? 'Compromisos' : 'Hitos', exact: true });
    const csvHref = await section.getByRole('link', { name: /^Descargar CSV/ }).getAttribute('href');
    const jsonHref = await section.getByRole('link', { name: /^Descargar JSON/ }).getAttribute('href');
    expect(csvHref).toContain('state=OAX');
    const csv = await request.get(csvHref!);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(d.columns.map((c: Json) => c.name).join(','));
    expect(lines.length).toBeGreaterThan(1);
    const json = await (await request.get(jsonHref!)).json();
    expect(Array.isArray(json)).toBe(true);
    expect(json.length).toBe(lines.length - 1);
    expect(json.every((r: Json) => r.state_code === '20')).toBe(true);
  }
  // A status filter rides along on that file's links only.
  const milestones = page.getByRole('region', { name: 'Hitos', exact: true });
  await milestones.getByLabel('Situación del hito').selectOption({ label: 'Aprobado por el órgano garante' });
  await expect(milestones.getByRole('link', { name: /^Descargar JSON/ })).toHaveAttribute('href', '/api/v1/open-data/milestones.json?state=OAX&status=approved');
  const approved = await (await request.get('/api/v1/open-data/milestones.json?state=OAX&status=approved')).json();
  expect(approved.length).toBeGreaterThan(0);
  expect(approved.every((r: Json) => r.status === 'approved')).toBe(true);
});
