import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { apiAs, commitmentBeforeImplementation, commitmentInImplementation, db, freshSecretariat, openAs, screenshot, type World } from './support/world';

// The commitment screens, members' side: the plan lists its commitments with verified and
// self-reported progress; the commitment page reads the same for every sector, with controls
// only where the API's `actions` allow them. Before implementation the coordinator edits it;
// after, a modification request goes to a motion round and is applied from its result. The
// guarantor records an IRM-style assessment that everyone then reads.

/** Two milestones written directly (the milestone screens are their own story): 60 approved, 40 submitted. */
async function milestonesUnderWay(w: World, commitmentId: string) {
  const org = w.seat('government').organization.id;
  const rows: [number, string, number, string][] = [
    [1, 'Padrón publicado en datos abiertos', 60, 'approved'],
    [2, 'Criterios de asignación publicados', 40, 'submitted'],
  ];
  for (const [position, title, weight, status] of rows) {
    await db(
      `INSERT INTO milestones (commitment_id, secretariat_id, position, title, responsible_organization_id, start_date, due_date, due_at, weight, status)
       VALUES ($1, $2, $3, $4, $5, '2026-01-01', '2028-06-30', '2028-07-01T05:59:59.999Z', $6, $7)`,
      [commitmentId, w.secretariatId, position, title, org, weight, status],
    );
  }
  await db(`UPDATE commitments SET status = 'in_progress' WHERE id = $1`, [commitmentId]);
}

/** The figures the page shows under «Avance» (numbers read from their text). */
async function shownProgress(page: Page) {
  const progress = page.getByRole('region', { name: 'Avance' });
  return {
    verified: Number((await progress.locator('.progress-verified .progress-number').textContent())?.match(/\d+/)?.[0]),
    self: Number((await progress.locator('.progress-self .progress-number').textContent())?.match(/\d+/)?.[0]),
    completion: (await progress.locator('.badge').first().textContent())?.trim(),
  };
}

test('every sector reads the commitment and its progress as the API reports it; only the guarantor may assess it', async ({ browser }) => {
  const w = await freshSecretariat();
  const c = await commitmentInImplementation(w);
  await milestonesUnderWay(w, c.commitmentId);
  const progress = await (await apiAs(w.observer))<{ verifiedProgress: number; selfReportedProgress: number; completion: string }>('GET', `/commitments/${c.commitmentId}/progress`);
  expect(progress).toMatchObject({ verifiedProgress: 60, selfReportedProgress: 100, completion: 'substantial' });

  // Civil society reaches it from the plan: the card and the page show the API's figures.
  const civil = await openAs(browser, w.seat('civil_society').titular);
  await civil.goto(`/gestion/planes/${c.planId}`);
  const list = civil.getByRole('region', { name: 'Compromisos' });
  const card = list.getByRole('listitem').filter({ hasText: c.title });
  await expect(card).toContainText(/Avance verificado\s*60\s*%/);
  await expect(card).toContainText(/Avance reportado\s*100\s*%/);
  await expect(card).toContainText('Cumplimiento: Sustancial');
  await expect(card).toContainText(`Responsable: ${w.seat('government').organization.name}`);
  await expectAccessible(civil, 'plan con compromisos');
  await list.getByRole('link', { name: c.title }).click();
  await expect(civil.getByRole('heading', { level: 1, name: c.title })).toBeVisible();
  expect(await shownProgress(civil)).toEqual({ verified: progress.verifiedProgress, self: progress.selfReportedProgress, completion: 'Cumplimiento: Sustancial' });
  await expect(civil.getByText('1 de 2 hitos aprobados, 1 en revisión.')).toBeVisible();
  const who = civil.getByRole('region', { name: 'Quiénes lo cumplen' });
  await expect(who).toContainText(w.seat('government').organization.name);
  await expect(who).toContainText(w.seat('civil_society').organization.name);
  const follow = civil.getByRole('navigation', { name: 'Seguimiento' });
  for (const [name, path] of [
    ['Hitos', 'hitos'],
    ['Indicadores', 'indicadores'],
    ['Informes de avance', 'informes'],
  ])
    await expect(follow.getByRole('link', { name, exact: true })).toHaveAttribute('href', `/gestion/compromisos/${c.commitmentId}/${path}`);
  // No controls for civil society: no edit, no modification request, no assessment form.
  await expect(civil.getByRole('button', { name: 'Editar el compromiso' })).toHaveCount(0);
  await expect(civil.getByRole('button', { name: 'Solicitar una modificación' })).toHaveCount(0);
  await expect(civil.getByRole('region', { name: 'Solicitudes de modificación' })).toHaveCount(0);
  await expect(civil.getByRole('form', { name: 'Registrar una valoración' })).toHaveCount(0);
  await expect(civil.getByText('Todavía no hay valoraciones de este compromiso')).toBeVisible();
  await expectAccessible(civil, 'compromiso (sociedad civil)');
  await screenshot(civil, 'compromiso');

  // The government titular (its lead agency) reads the same, with no controls either.
  const government = await openAs(browser, w.seat('government').titular);
  await government.goto(`/gestion/compromisos/${c.commitmentId}`);
  await expect(government.getByRole('heading', { level: 1, name: c.title })).toBeVisible();
  expect(await shownProgress(government)).toEqual(await shownProgress(civil));
  await expect(government.getByRole('button', { name: /Editar el compromiso|Solicitar una modificación/ })).toHaveCount(0);
  await expect(government.getByRole('form', { name: 'Registrar una valoración' })).toHaveCount(0);

  // The guarantor assesses: unanswered questions first (the API's message beside each), then right.
  const guarantor = await openAs(browser, w.seat('guarantor').titular);
  await guarantor.goto(`/gestion/compromisos/${c.commitmentId}`);
  const form = guarantor.getByRole('form', { name: 'Registrar una valoración' });
  await form.getByRole('button', { name: 'Registrar la valoración' }).click();
  const summary = guarantor.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('¿Es verificable?');
  await expect(summary).toContainText('Justificación');
  await expect(guarantor.locator('#field-justification')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(guarantor, 'valoración (con errores)');
  await form.getByRole('radio', { name: 'Sí, es verificable' }).check();
  await form.getByRole('radio', { name: 'Sustanciales' }).check();
  await form.getByRole('radio', { name: 'Marginalmente' }).check();
  await form.getByLabel('Justificación').fill('El padrón ya se publica en datos abiertos y se verificó contra la evidencia; faltan los criterios de asignación.');
  await form.getByRole('button', { name: 'Registrar la valoración' }).click();
  await expect(guarantor.getByRole('status').filter({ hasText: 'Se registró tu valoración del compromiso.' })).toBeVisible();
  const recorded = guarantor.getByRole('list', { name: 'Valoraciones registradas' }).getByRole('article');
  await expect(recorded).toHaveCount(1);
  await expect(recorded).toContainText('¿Es verificable?Sí');
  await expect(recorded).toContainText('Resultados potencialesSustanciales');
  await expect(recorded).toContainText('¿Abrió el gobierno?Marginalmente');
  await expect(recorded).toContainText('Cumplimiento al valorarSustancial');
  await expect(recorded).toContainText(w.seat('guarantor').titular.name);
  await expectAccessible(guarantor, 'compromiso con valoración (garante)');
  await screenshot(guarantor, 'compromiso-valoracion');

  // Everyone reads it, as the API lists it.
  const listed = await (await apiAs(w.seat('civil_society').titular))<{ items: { justification: string }[] }>('GET', `/commitments/${c.commitmentId}/assessments`);
  expect(listed.items).toHaveLength(1);
  await civil.reload();
  await expect(civil.getByRole('list', { name: 'Valoraciones registradas' }).getByRole('article')).toContainText(listed.items[0].justification);
});

test('before implementation the coordinator edits the commitment; members get no edit control', async ({ browser }) => {
  const w = await freshSecretariat();
  const c = await commitmentBeforeImplementation(w);

  const coordinator = await openAs(browser, w.coordinator);
  await coordinator.goto(`/gestion/planes/${c.planId}`);
  await coordinator.getByRole('region', { name: 'Compromisos' }).getByRole('link', { name: c.title }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: c.title })).toBeVisible();
  await expect(coordinator.getByRole('button', { name: 'Solicitar una modificación' })).toHaveCount(0);
  await coordinator.getByRole('button', { name: 'Editar el compromiso' }).click();
  const form = coordinator.getByRole('form', { name: 'Editar el compromiso' });
  await expect(form.getByLabel('Nombre del compromiso')).toHaveValue(c.title);
  await expect(form.getByText(w.seat('government').organization.name)).toBeVisible();

  // An end date outside the plan's period: the API's refusal, said as it says it.
  await form.getByLabel('Fecha de término').fill('2030-12-31');
  await form.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(coordinator.locator('.error-summary')).toContainText('Las fechas del compromiso deben estar dentro del periodo del plan (2026–2028).');
  await expectAccessible(coordinator, 'editar compromiso (con error)');

  const title = `${c.title} y sus criterios de asignación`;
  await form.getByLabel('Fecha de término').fill('2028-06-30');
  await form.getByLabel('Nombre del compromiso').fill(title);
  await form.getByLabel('Cómo está hoy (línea base)').fill('El padrón existe solo en papel, en la oficina de Desarrollo Social.');
  await form.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'Se guardaron los cambios del compromiso.' })).toBeVisible();
  await expect(coordinator.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(coordinator.getByText('Del 1 de enero de 2026 al 30 de junio de 2028').first()).toBeVisible();
  await expect(coordinator.getByRole('region', { name: 'El compromiso en palabras sencillas' })).toContainText('solo en papel');
  await expectAccessible(coordinator, 'compromiso (coordinación, antes de implementación)');
  const saved = await (await apiAs(w.coordinator))<{ title: string; endDate: string; version: number }>('GET', `/commitments/${c.commitmentId}`);
  expect(saved).toMatchObject({ title, endDate: '2028-06-30', version: 2 });

  // A civil-society titular reads the new version, without the edit control.
  const civil = await openAs(browser, w.seat('civil_society').titular);
  await civil.goto(`/gestion/compromisos/${c.commitmentId}`);
  await expect(civil.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(civil.getByRole('button', { name: 'Editar el compromiso' })).toHaveCount(0);
});

test('after implementation a change goes through a modification request, its motion round and its result; another is cancelled', async ({ browser }) => {
  const w = await freshSecretariat();
  const c = await commitmentInImplementation(w);

  const coordinator = await openAs(browser, w.coordinator);
  await coordinator.goto(`/gestion/compromisos/${c.commitmentId}`);
  await expect(coordinator.getByRole('heading', { level: 1, name: c.title })).toBeVisible();
  await expect(coordinator.getByRole('button', { name: 'Editar el compromiso' })).toHaveCount(0);
  const requests = coordinator.getByRole('region', { name: 'Solicitudes de modificación' });
  await expect(requests.getByText('No hay solicitudes de modificación')).toBeVisible();

  // The request: too short a reason first (the API's message beside it), then the new end date.
  await requests.getByRole('button', { name: 'Solicitar una modificación' }).click();
  const form = coordinator.getByRole('form', { name: 'Solicitar una modificación' });
  await form.getByLabel('Por qué debe cambiar').fill('Tarde');
  await form.getByLabel('Fecha de término').fill('2028-06-30');
  await form.getByRole('button', { name: 'Registrar la solicitud' }).click();
  await expect(coordinator.locator('.error-summary')).toContainText('Por qué debe cambiar');
  await expect(coordinator.locator('#field-reason')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(coordinator, 'solicitud de modificación (con error)');
  await form.getByLabel('Por qué debe cambiar').fill('El cierre del ejercicio fiscal obliga a concluir el padrón seis meses antes.');
  await form.getByRole('button', { name: 'Registrar la solicitud' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'Se registró la solicitud de modificación.' })).toBeVisible();
  const request = requests.getByRole('article');
  await expect(request).toHaveCount(1);
  await expect(request).toContainText('Pendiente de votación');
  await expect(request).toContainText('Qué cambiaFecha de término: 30 de junio de 2028');
  await expect(request).toContainText('Todavía no se abre la votación que la decide.');

  // Its motion round, opened from the request, and shown with a link to it.
  await request.getByRole('button', { name: 'Abrir la votación de esta solicitud' }).click();
  await expect(request.getByLabel('Cierra el')).not.toHaveValue('');
  await expectAccessible(coordinator, 'abrir la votación de una solicitud');
  await request.getByRole('button', { name: 'Abrir la votación', exact: true }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'Se abrió la votación que decide la solicitud.' })).toBeVisible();
  const roundTitle = `Modificación del compromiso ${(await db<{ code: string }>('SELECT code FROM commitments WHERE id = $1', [c.commitmentId]))[0].code}: ${c.title}`;
  const roundLink = request.getByRole('link', { name: roundTitle });
  await expect(roundLink).toBeVisible();
  await expect(request).toContainText(/Abierta, cierra dentro de 2 días/);
  await expect(request.getByRole('button', { name: 'Aplicar el resultado de la votación' })).toHaveCount(0);
  await expectAccessible(coordinator, 'compromiso con solicitud en votación');
  await screenshot(coordinator, 'compromiso-modificacion');
  const [linked] = await db<{ voting_round_id: string }>('SELECT voting_round_id FROM modification_requests WHERE commitment_id = $1', [c.commitmentId]);
  await expect(roundLink).toHaveAttribute('href', `/votaciones/${linked.voting_round_id}`);

  // A civil-society member sees the request and its round, no controls.
  const civil = await openAs(browser, w.seat('civil_society').titular);
  await civil.goto(`/gestion/compromisos/${c.commitmentId}`);
  const seen = civil.getByRole('region', { name: 'Solicitudes de modificación' }).getByRole('article');
  await expect(seen.getByRole('link', { name: roundTitle })).toBeVisible();
  await expect(seen.getByRole('button')).toHaveCount(0);
  await expect(civil.getByRole('button', { name: 'Solicitar una modificación' })).toHaveCount(0);

  // The round page is the voting screen everyone knows; every seat approves (through the API) and it closes early.
  await roundLink.click();
  await expect(coordinator.getByRole('heading', { level: 1, name: roundTitle })).toBeVisible();
  for (const sector of ['government', 'civil_society', 'guarantor'] as const) {
    await (await apiAs(w.seat(sector).titular))('PUT', `/voting-rounds/${linked.voting_round_id}/ballot`, { choice: 'approve' });
  }

  // Back on the commitment, the coordinator applies the result: the new end date is in.
  await coordinator.goto(`/gestion/compromisos/${c.commitmentId}`);
  await expect(request).toContainText('Cerrada');
  await request.getByRole('button', { name: 'Aplicar el resultado de la votación' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'La votación aprobó la solicitud: los cambios ya están en el compromiso.' })).toBeVisible();
  await expect(request).toContainText('Aprobada y aplicada');
  await expect(request).toContainText('Resultado de la votación: Aprobado');
  await expect(request.getByRole('button')).toHaveCount(0);
  await expect(coordinator.getByRole('region', { name: 'Quiénes lo cumplen' })).toContainText('Del 1 de enero de 2026 al 30 de junio de 2028');
  await expectAccessible(coordinator, 'compromiso con solicitud aplicada');

  // A second request, to withdraw the commitment, is cancelled before its vote: nothing changes.
  await requests.getByRole('button', { name: 'Solicitar una modificación' }).click();
  await form.getByLabel('Por qué debe cambiar').fill('La dependencia propone retirar el compromiso por falta de presupuesto.');
  await form.getByLabel('Retirar el compromiso del plan').check();
  await expect(form.getByLabel('Nombre del compromiso')).toHaveCount(0);
  await form.getByRole('button', { name: 'Registrar la solicitud' }).click();
  const withdrawal = requests.getByRole('article').filter({ hasText: 'Retirar el compromiso del plan' });
  await expect(withdrawal).toContainText('Pendiente de votación');
  await withdrawal.getByRole('button', { name: 'Cancelar la solicitud' }).click();
  await withdrawal.getByRole('button', { name: 'Sí, cancelarla' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'Se canceló la solicitud de modificación.' })).toBeVisible();
  await expect(withdrawal).toContainText('Cancelada');
  await expect(withdrawal.getByRole('button')).toHaveCount(0);
  await expect(coordinator.locator('.meta').first()).toContainText('Sin iniciar');
});
