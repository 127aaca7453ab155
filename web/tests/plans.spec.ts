import { expect, test } from './support/fixtures';
import { apiAs, freshSecretariat, openAs } from './support/world';

// What the plan's stage controls refuse, in the API's words (creating a plan and opening
// consultation through the screens is the first step of co-creation.spec.ts).
test('a second plan cannot start while one is in progress, and a stale tab is told the stage changed', async ({ browser }) => {
  const w = await freshSecretariat();
  const municipality = w.name.split(' de ').pop()!.split(',')[0];
  const api = await apiAs(w.coordinator);
  const plan = await api<{ id: string }>('POST', `/secretariats/${w.secretariatId}/plans`, { title: `Plan de ${municipality}`, periodStart: 2027, periodEnd: 2029 });
  await api('POST', `/plans/${plan.id}/stage`, { to: 'consultation', from: 'draft' });
  const coordinator = await openAs(browser, w.coordinator);

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
  const stale = await openAs(browser, w.coordinator);
  await stale.goto(`/gestion/planes/${plan.id}`);
  await expect(stale.locator('.stage-current')).toContainText('Consulta');
  await coordinator.goto(stale.url());
  await coordinator.getByRole('button', { name: 'Pasar a deliberación' }).click();
  await coordinator.getByRole('button', { name: 'Sí, cambiar de etapa' }).click();
  await expect(coordinator.getByText('El plan pasó a la etapa Deliberación.')).toBeVisible();
  await stale.getByRole('button', { name: 'Pasar a deliberación' }).click();
  await stale.getByRole('button', { name: 'Sí, cambiar de etapa' }).click();
  await expect(stale.getByText('La etapa del plan cambió mientras se procesaba tu solicitud; vuelve a consultarla.')).toBeVisible();
});
