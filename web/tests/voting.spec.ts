import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, signIn, test } from './support/fixtures';
import { freshSecretariat, planReadyToVote, screenshot, WORLD_PASSWORD, type Person } from './support/world';

// A round as the secretariat lives it: the coordinator opens it with the rule shown before
// confirming, titulars and alternates of each sector vote (one changes the ballot), the round
// closes as soon as every seat voted, everyone sees the same per-sector result and the acta.
async function as(browser: Browser, person: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, person.email, WORLD_PASSWORD);
  return page;
}

async function vote(page: Page, choice: 'A favor' | 'En contra' | 'Abstención') {
  await page.getByRole('radio', { name: choice }).check();
  await page.getByRole('button', { name: 'Registrar mi voto' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Tu voto quedó registrado: ${choice}` })).toBeVisible();
}

test('a coordinator opens a round; every sector votes; the result and the acta are the same for everyone', async ({ browser }) => {
  // Eight people in their own browsers, each screen scanned twice: longer than one screen's test.
  test.setTimeout(240_000);
  const w = await freshSecretariat({ alternates: true });
  const { proposal } = await planReadyToVote(w);

  // The coordinator finds the round form from the secretariat, without an address.
  const coordinator = await as(browser, w.coordinator);
  await coordinator.getByRole('link', { name: 'Mis secretariados' }).first().click();
  await coordinator.getByRole('link', { name: w.name }).click();
  await coordinator.getByRole('link', { name: 'Abrir una votación' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Abrir una votación' })).toBeVisible();
  await coordinator.getByLabel('Propuesta que se vota').selectOption({ label: proposal.title });
  await expect(coordinator.getByText(/Fecha y hora de Oaxaca/)).toBeVisible();
  await expectAccessible(coordinator, 'abrir votación');
  await screenshot(coordinator, 'abrir-votacion');
  await coordinator.getByRole('button', { name: 'Revisar y abrir' }).click();
  const review = coordinator.getByRole('region', { name: 'Revisa antes de abrir' });
  await expect(review).toContainText('Consenso de los tres sectores');
  await expect(review).toContainText('Al menos 1 asiento de cada sector');
  await expect(review).toContainText('Gobierno: 1 asiento; Sociedad civil: 1 asiento; Organismo garante: 1 asiento');
  await expectAccessible(coordinator, 'abrir votación (revisar)');
  await coordinator.getByRole('button', { name: 'Abrir la votación' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: proposal.title })).toBeVisible();
  await expect(coordinator.getByText(/Cierra en \d+ días?/)).toBeVisible();
  await expect(coordinator.getByText('Votaron 0 de 3 asientos.')).toBeVisible();
  const roundUrl = coordinator.url();

  // The observer sees the round and who voted, never a ballot form.
  const observer = await as(browser, w.observer);
  await observer.goto(`/mis-secretariados/${w.secretariatId}/votaciones`);
  await expect(observer.getByRole('listitem').filter({ hasText: proposal.title })).toContainText('Abierta');
  await expect(observer.getByText('Te falta votar')).toHaveCount(0);
  await observer.getByRole('link', { name: proposal.title }).click();
  await expect(observer.getByRole('heading', { level: 1, name: proposal.title })).toBeVisible();
  await expect(observer.getByText('Votaron 0 de 3 asientos.')).toBeVisible();
  await expect(observer.getByRole('group', { name: '¿Cómo votas?' })).toHaveCount(0);
  await expectAccessible(observer, 'votación (observación)');

  // Government: the titular votes against, then changes the ballot.
  // Signing in lands on "Pendientes": exactly this ballot, which leads to the round.
  const government = await as(browser, w.seat('government').titular);
  await expect(government.getByRole('heading', { level: 1, name: 'Pendientes' })).toBeVisible();
  const tasks = government.locator('.task-list > li');
  await expect(tasks).toHaveCount(1);
  await expect(tasks.first()).toContainText('Votar');
  await expect(tasks.first()).toContainText(/Cierra dentro de 2 días/);
  await expectAccessible(government, 'pendientes');
  await screenshot(government, 'pendientes');
  await government.goto(`/mis-secretariados/${w.secretariatId}/votaciones`);
  await expect(government.getByRole('listitem').filter({ hasText: proposal.title })).toContainText('Te falta votar');
  await expectAccessible(government, 'votaciones del secretariado');
  await screenshot(government, 'votaciones');
  // The opening reached the seat as a notification too (beside the plan's stage moves): the
  // badge, the list, its link; opening it marks it read.
  const badge = government.getByRole('link', { name: /^Notificaciones \d+ sin leer$/ });
  await expect(badge).toBeVisible();
  const unreadBefore = Number((await badge.textContent())!.match(/\d+/)![0]);
  await badge.click();
  const opened = government.getByRole('listitem').filter({ hasText: `Nueva votación: «${proposal.title}»` });
  await expect(opened).toContainText('Sin leer');
  await expectAccessible(government, 'notificaciones');
  await screenshot(government, 'notificaciones');
  await opened.getByRole('link').click();
  await expect(government.getByRole('heading', { level: 1, name: proposal.title })).toBeVisible();
  await government.getByRole('link', { name: /^Notificaciones/ }).click();
  await expect(opened).not.toContainText('Sin leer');
  await expect(government.getByText(unreadBefore - 1 === 1 ? 'Tienes 1 notificación sin leer.' : `Tienes ${unreadBefore - 1} notificaciones sin leer.`)).toBeVisible();
  await government.goto('/pendientes');
  await tasks.first().getByRole('link').click();
  await expect(government.getByRole('heading', { level: 1, name: proposal.title })).toBeVisible();
  await vote(government, 'En contra');
  await expect(government.getByText('Tu voto: En contra')).toBeVisible();
  await expectAccessible(government, 'votación (voto registrado)');
  await screenshot(government, 'votacion');
  await vote(government, 'A favor');
  await expect(government.getByText('Tu voto: A favor')).toBeVisible();
  await government.getByRole('link', { name: 'Pendientes' }).first().click();
  await expect(government.getByText('No tienes nada pendiente por ahora.')).toBeVisible();

  // The government alternate keeps a tab open: it will try after the close.
  const lateAlternate = await as(browser, w.seat('government').alternate!);
  await lateAlternate.goto(roundUrl);
  await expect(lateAlternate.getByRole('group', { name: '¿Cómo votas?' })).toBeVisible();

  // Civil society: the alternate votes first (it counts), then the titular (the titular's counts).
  const csAlternate = await as(browser, w.seat('civil_society').alternate!);
  await csAlternate.goto(roundUrl);
  await vote(csAlternate, 'Abstención');
  await expect(csAlternate.getByText(/cuenta: la persona titular de tu asiento no ha votado/)).toBeVisible();
  const csTitular = await as(browser, w.seat('civil_society').titular);
  await csTitular.goto(roundUrl);
  await expect(csTitular.getByText('Votaron 2 de 3 asientos.')).toBeVisible();
  await vote(csTitular, 'A favor');
  await csAlternate.reload();
  await expect(csAlternate.getByText(/no cuenta: la persona titular de tu asiento ya votó/)).toBeVisible();

  // The guarantor's titular is the last seat: the round closes at once.
  const guarantor = await as(browser, w.seat('guarantor').titular);
  await guarantor.goto(roundUrl);
  await guarantor.getByRole('radio', { name: 'A favor' }).check();
  await guarantor.getByRole('button', { name: 'Registrar mi voto' }).click();
  await expect(guarantor.getByText('Cerrada', { exact: true })).toBeVisible();
  await expect(guarantor.getByText(/antes del plazo porque votaron todos los asientos/)).toBeVisible();

  // Everyone reads the same result per sector; the public round shows each seat's choice.
  for (const page of [guarantor, coordinator, observer]) {
    await page.goto(roundUrl);
    const results = page.getByRole('region', { name: `Resultados por sector: ${proposal.title}` });
    await expect(results.getByRole('row', { name: /Gobierno/ })).toContainText('A favor');
    await expect(results.getByRole('row', { name: /Sociedad civil/ })).toContainText('A favor');
    await expect(results.getByRole('row', { name: /Organismo garante/ })).toContainText('A favor');
    await expect(page.getByText('Aprobado').first()).toBeVisible();
    const seats = page.getByRole('region', { name: `Voto de cada asiento: ${proposal.title}` });
    await expect(seats.getByRole('row', { name: new RegExp(w.seat('civil_society').organization.name) })).toContainText('A favor');
  }
  await expectAccessible(observer, 'votación cerrada (resultado)');
  await screenshot(observer, 'votacion-resultado');

  // A ballot after the close gets the API's message, not silence.
  await lateAlternate.getByRole('radio', { name: 'En contra' }).check();
  await lateAlternate.getByRole('button', { name: 'Registrar mi voto' }).click();
  await expect(lateAlternate.getByRole('alert')).toContainText('La votación ya cerró; no se reciben más votos.');

  // The acta: what the secretariat files as the minutes.
  await coordinator.getByRole('link', { name: 'Ver el acta para imprimir' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: `Acta de la votación: ${proposal.title}` })).toBeVisible();
  const record = coordinator.getByRole('region', { name: 'Asientos y quién votó' });
  await expect(record.getByRole('row', { name: new RegExp(w.seat('civil_society').organization.name) })).toContainText(w.seat('civil_society').titular.name);
  await expect(record.getByRole('row', { name: new RegExp(w.seat('civil_society').organization.name) })).toContainText('A favor');
  await expect(coordinator.getByText('votaron todos los asientos')).toBeVisible();
  await expectAccessible(coordinator, 'acta');
  await screenshot(coordinator, 'acta');
  await coordinator.emulateMedia({ media: 'print' });
  await expect(coordinator.getByRole('button', { name: 'Imprimir o guardar como PDF' })).toBeHidden();
  await expect(coordinator.locator('.site-header')).toBeHidden();

  // The accepted proposal says so on its page.
  await coordinator.emulateMedia({ media: 'screen' });
  await coordinator.goto(`/propuestas/${proposal.id}`);
  await expect(coordinator.getByText('Aceptada', { exact: true })).toBeVisible();
});
