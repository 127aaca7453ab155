import { expect, expectAccessible, signIn, test } from './support/fixtures';
import { freshSecretariat, screenshot, WORLD_PASSWORD } from './support/world';

// Members find their secretariat and its plans without knowing an address; coordinators create
// a plan and move it through its stages; the API's refusals are shown in Spanish.
test('a coordinator creates a plan and opens consultation; a member sees it without stage controls', async ({ browser }) => {
  const w = await freshSecretariat();
  const municipality = w.name.split(' de ').pop()!.split(',')[0];

  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, w.coordinator.email, WORLD_PASSWORD);
  await coordinator.getByRole('link', { name: 'Mis secretariados' }).first().click();
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Mis secretariados' })).toBeVisible();
  await expect(coordinator.getByText('con funciones de coordinación')).toBeVisible();
  await expectAccessible(coordinator, 'mis secretariados');
  await screenshot(coordinator, 'mis-secretariados');

  await coordinator.getByRole('link', { name: w.name }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: w.name })).toBeVisible();
  await expect(coordinator.getByText(w.seat('guarantor').titular.name)).toBeVisible();
  await expect(coordinator.getByText('Solo puede haber un plan en curso a la vez.')).toBeVisible();
  await expect(coordinator.getByText(/Todavía no hay planes/)).toBeVisible();
  await expectAccessible(coordinator, 'secretariado (integrantes)');
  await screenshot(coordinator, 'secretariado');

  // Create: first without a name (the API's message beside the field), then right.
  await coordinator.getByRole('link', { name: 'Crear un plan de acción' }).click();
  await coordinator.getByLabel('Nombre del plan').fill('');
  await coordinator.getByRole('button', { name: 'Crear el plan' }).click();
  const summary = coordinator.getByRole('alert').filter({ hasText: 'Nombre del plan' });
  await expect(summary).toBeVisible();
  await expect(coordinator.locator('#field-title')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(coordinator, 'nuevo plan (con error)');
  await screenshot(coordinator, 'nuevo-plan');
  const title = `Plan de Gobierno Abierto de ${municipality} 2027–2029`;
  await coordinator.getByLabel('Nombre del plan').fill(title);
  await coordinator.getByRole('button', { name: 'Crear el plan' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(coordinator.locator('.stage-current')).toContainText('Borrador');

  // Open consultation with a deadline typed in the state's time (Oaxaca: Mexico City time).
  await coordinator.getByRole('button', { name: 'Pasar a consulta' }).click();
  await expect(coordinator.getByRole('heading', { name: '¿Pasar el plan de «Borrador» a «Consulta»?' })).toBeVisible();
  const year = new Date().getFullYear() + 1;
  await coordinator.getByLabel('Fecha límite de la nueva etapa (opcional)').fill(`${year}-03-15T18:00`);
  await expectAccessible(coordinator, 'confirmar cambio de etapa');
  await coordinator.getByRole('button', { name: 'Sí, cambiar de etapa' }).click();
  await expect(coordinator.getByText('El plan pasó a la etapa Consulta.')).toBeVisible();
  await expect(coordinator.locator('.stage-current')).toContainText('Consulta');
  await expect(coordinator.locator('.stage-current')).toContainText(`fecha límite: 15 de marzo de ${year} a las 18:00 h`);
  await expectAccessible(coordinator, 'plan (coordinación)');
  await screenshot(coordinator, 'plan-coordinacion');

  // A civil-society titular reaches the same plan from their secretariat and cannot move it.
  const member = await (await browser.newContext()).newPage();
  await signIn(member, w.seat('civil_society').titular.email, WORLD_PASSWORD);
  await member.getByRole('link', { name: 'Mis secretariados' }).first().click();
  await member.getByRole('link', { name: w.name }).click();
  await member.getByRole('link', { name: title }).click();
  await expect(member.locator('.stage-current')).toContainText('Consulta');
  await expect(member.getByRole('heading', { name: 'Cambiar de etapa' })).toHaveCount(0);
  await expect(member.getByRole('button', { name: /Pasar a/ })).toHaveCount(0);
  await expectAccessible(member, 'plan (integrante)');

  // A second plan cannot start while this one is in progress: the API's reason, in Spanish.
  await coordinator.goto(`/mis-secretariados/${w.secretariatId}/planes/nuevo`);
  await coordinator.getByLabel('Nombre del plan').fill(`Segundo plan de ${municipality}`);
  await coordinator.getByRole('button', { name: 'Crear el plan' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: `Segundo plan de ${municipality}` })).toBeVisible();
  await coordinator.getByRole('button', { name: 'Pasar a consulta' }).click();
  await coordinator.getByRole('button', { name: 'Sí, cambiar de etapa' }).click();
  await expect(coordinator.getByText('El secretariado ya tiene un plan en curso (de consulta a implementación); sus lineamientos no permiten planes en paralelo.')).toBeVisible();
  await expect(coordinator.locator('.stage-current')).toContainText('Borrador');

  // Two coordinator tabs: the one that saw an old stage is told, not silently applied.
  const stale = await (await browser.newContext()).newPage();
  await signIn(stale, w.coordinator.email, WORLD_PASSWORD);
  await stale.goto(member.url());
  await expect(stale.locator('.stage-current')).toContainText('Consulta');
  await member.close();
  await coordinator.goto(stale.url());
  await coordinator.getByRole('button', { name: 'Pasar a deliberación' }).click();
  await coordinator.getByRole('button', { name: 'Sí, cambiar de etapa' }).click();
  await expect(coordinator.getByText('El plan pasó a la etapa Deliberación.')).toBeVisible();
  await stale.getByRole('button', { name: 'Pasar a deliberación' }).click();
  await stale.getByRole('button', { name: 'Sí, cambiar de etapa' }).click();
  await expect(stale.getByText('La etapa del plan cambió mientras se procesaba tu solicitud; vuelve a consultarla.')).toBeVisible();
});
