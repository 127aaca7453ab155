import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, signIn, test } from './support/fixtures';
import { freshSecretariat, screenshot, WORLD_PASSWORD, type Person, type World } from './support/world';

// Proposals as members write them and the secretariat answers them: the OGP template in plain
// words with the API's messages beside each field, submission and withdrawal with a
// confirmation, the comment thread, the coordinators' queue of reasoned responses.

async function token(p: Person): Promise<string> {
  const res = await fetch(`${process.env.COCREA_WEB_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: p.email, password: p.password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function apiAs<T = any>(p: Person, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${process.env.COCREA_WEB_URL}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(p)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A plan in consultation, made by the coordinator through the API (plans.spec covers its screens). */
async function planInConsultation(w: World): Promise<{ id: string; title: string }> {
  const title = `Plan de Gobierno Abierto ${w.name.split(' de ').pop()!.split(',')[0]}`;
  const plan = await apiAs<{ id: string }>(w.coordinator, 'POST', `/secretariats/${w.secretariatId}/plans`, { title, periodStart: 2027, periodEnd: 2029 });
  await apiAs(w.coordinator, 'POST', `/plans/${plan.id}/stage`, { to: 'consultation', from: 'draft' });
  return { id: plan.id, title };
}

async function personPage(browser: Browser, p: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, p.email, WORLD_PASSWORD);
  return page;
}

test('a civil-society member writes and submits a proposal, members discuss it and the coordinator answers it from the queue', async ({ browser }) => {
  const w = await freshSecretariat();
  const plan = await planInConsultation(w);
  const government = w.seat('government');
  const leadName = government.organization.name;

  // The author reaches the plan's proposals from their secretariat, without an address.
  const author = await personPage(browser, w.seat('civil_society').titular);
  await author.getByRole('link', { name: 'Mis secretariados' }).first().click();
  await author.getByRole('link', { name: w.name }).click();
  await author.getByRole('link', { name: plan.title }).click();
  await author.getByRole('link', { name: 'Ver las propuestas' }).click();
  await expect(author.getByRole('heading', { level: 1, name: 'Propuestas del plan' })).toBeVisible();
  await expect(author.getByText('Todavía no hay propuestas en este plan.')).toBeVisible();
  await expect(author.getByRole('link', { name: 'Respuestas razonadas pendientes' })).toHaveCount(0);
  await expectAccessible(author, 'propuestas (vacía)');

  // The template, first with only "technology" as a value: the API's message beside the field.
  await author.getByRole('link', { name: 'Nueva propuesta' }).click();
  await expect(author.getByRole('heading', { level: 1, name: 'Nueva propuesta' })).toBeVisible();
  const title = 'Padrón abierto de beneficiarios de programas sociales';
  await author.getByLabel('Nombre de la propuesta').fill(title);
  await author.getByLabel('El problema público').fill('Las familias no saben quién recibe los apoyos municipales ni con qué criterios se asignan.');
  await author.getByLabel('Cómo está hoy (línea base)').fill('El padrón existe, pero solo en papel y en la oficina de Desarrollo Social.');
  await author.getByLabel('Qué se propone (el compromiso)').fill('Publicar el padrón cada mes en datos abiertos, con el criterio de asignación de cada apoyo.');
  await author.getByLabel('Cómo ayuda a resolver el problema').fill('Cualquier persona podrá revisar quién recibe apoyos y señalar irregularidades.');
  await author.getByLabel('Tecnología e innovación').check();
  await author.getByLabel('ODS 16: Paz, justicia e instituciones sólidas').check();
  await author.getByLabel('Zonas rurales').check();
  await author.getByLabel('Dependencia responsable').fill(leadName.split(' ').slice(-2).join(' '));
  await author.getByRole('button', { name: `Elegir ${leadName}` }).click();
  await expect(author.getByText(leadName)).toBeVisible();
  await author.getByRole('button', { name: 'Guardar borrador' }).click();
  const summary = author.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Valores de gobierno abierto');
  await expect(author.locator('#field-ogpValues .error-message')).toContainText('debe incluir al menos uno de');
  await expectAccessible(author, 'nueva propuesta (con error)');
  await screenshot(author, 'propuesta-nueva');

  await author.getByLabel('Participación ciudadana').check();
  await author.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(author.getByText('Se guardó el borrador de tu propuesta.')).toBeVisible();
  await expect(author.locator('.meta').getByText('Borrador')).toBeVisible();
  await expect(author.getByText(`Dependencia responsable${leadName}`)).toBeVisible();

  // Submit, with a confirmation first.
  await author.getByRole('button', { name: 'Enviar al Secretariado' }).click();
  await expect(author.getByRole('heading', { name: '¿Enviar la propuesta al Secretariado?' })).toBeVisible();
  await author.getByRole('button', { name: 'Sí, enviarla' }).click();
  await expect(author.getByText('Tu propuesta quedó enviada al Secretariado.')).toBeVisible();
  await expect(author.locator('.meta').getByText('Enviada, espera respuesta razonada')).toBeVisible();
  await expect(author.getByRole('button', { name: 'Enviar al Secretariado' })).toHaveCount(0);
  await expect(author.getByRole('link', { name: 'Dar respuesta razonada' })).toHaveCount(0);
  await expectAccessible(author, 'propuesta enviada');

  // The list shows it, and its filters work (state, response due, sector of the author).
  await author.getByRole('link', { name: 'Propuestas', exact: true }).click();
  await expect(author.getByRole('link', { name: title })).toBeVisible();
  await author.getByLabel('Respuesta razonada').selectOption('awaiting');
  await author.getByRole('button', { name: 'Filtrar' }).click();
  await expect(author.getByRole('link', { name: title })).toBeVisible();
  await author.getByLabel('Sector de quien propone').selectOption('government');
  await author.getByRole('button', { name: 'Filtrar' }).click();
  await expect(author.getByText('Ninguna propuesta coincide con estos filtros.')).toBeVisible();
  await author.getByLabel('Sector de quien propone').selectOption('civil_society');
  await author.getByRole('button', { name: 'Filtrar' }).click();
  await expect(author.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(author, 'propuestas (con filtros)');
  await screenshot(author, 'propuestas');
});
