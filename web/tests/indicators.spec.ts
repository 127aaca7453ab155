import { expect, expectAccessible, test } from './support/fixtures';
import { commitmentInImplementation, freshSecretariat, openAs, screenshot } from './support/world';

// The results side of a commitment: the lead agency defines an indicator (a meta equal to the
// línea base is refused beside its field) and records two measurements; the chart and the
// public portal show them. The lead agency writes the first progress report, civil society
// comments on it, and government is offered no comment form.
test('the lead agency measures an indicator and reports progress; civil society comments; the public sees the trend', async ({ browser }) => {
  test.setTimeout(150_000);
  const w = await freshSecretariat();
  const c = await commitmentInImplementation(w);

  const government = await openAs(browser, w.seat('government').titular);
  await government.goto(`/gestion/compromisos/${c.commitmentId}/indicadores`);
  await expect(government.getByRole('heading', { level: 1, name: /Indicadores/ })).toBeVisible();
  await expect(government.getByText('Este compromiso todavía no tiene indicadores')).toBeVisible();

  const form = government.getByRole('form', { name: 'Definir un indicador' });
  await form.getByLabel('Nombre').fill('Personas beneficiarias publicadas en el padrón');
  await form.getByLabel('Unidad').fill('%');
  await form.getByLabel('Línea base', { exact: true }).fill('20');
  await form.getByLabel('Meta', { exact: true }).fill('20');
  await form.getByRole('button', { name: 'Definir indicador' }).click();
  await expect(government.getByRole('alert')).toContainText('La meta del indicador debe ser distinta de su línea base.');
  await form.getByLabel('Meta', { exact: true }).fill('100');
  await form.getByLabel('Fecha de la meta (opcional)').fill('2028-12-31');
  await form.getByRole('button', { name: 'Definir indicador' }).click();
  await expect(government.getByRole('status')).toContainText('Se definió el indicador «Personas beneficiarias publicadas en el padrón».');

  const indicator = government.getByRole('region', { name: 'Personas beneficiarias publicadas en el padrón' });
  for (const [date, value, source] of [
    ['2026-06-30', '45', 'Padrón municipal, corte semestral'],
    ['2026-11-30', '70', 'Padrón municipal, corte de noviembre'],
  ]) {
    const measure = indicator.getByRole('form', { name: /Registrar una medición/ });
    await measure.getByLabel('Fecha de la medición').fill(date);
    await measure.getByLabel('Valor (%)').fill(value);
    await measure.getByLabel('Fuente', { exact: true }).fill(source);
    await measure.getByRole('button', { name: 'Registrar medición' }).click();
    await expect(indicator.getByRole('table')).toContainText(source);
  }
  // Two points on the chart, both in its words and its table; 70 of 100 from 20 is 62.5 % of the way.
  await expect(indicator.locator('svg[role=img] .chart-point')).toHaveCount(2);
  await expect(indicator.getByRole('img', { name: /última medición 70/ })).toBeVisible();
  await expect(indicator.getByText('62.5 %')).toBeVisible();
  await expect(indicator.getByText(/en la última medición subió/)).toBeVisible();
  await expectAccessible(government, 'indicadores');
  await screenshot(government, 'indicadores');

  // The public commitment page shows the same trend to anyone.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/compromisos/${c.commitmentId}`);
  const published = visitor.getByRole('region', { name: 'Personas beneficiarias publicadas en el padrón' });
  await expect(published.locator('svg[role=img] .chart-point')).toHaveCount(2);
  await expect(published.getByRole('table')).toContainText('Padrón municipal, corte de noviembre');

  // The lead agency writes the first report; the form offers only the periods not yet written.
  await government.goto(`/gestion/compromisos/${c.commitmentId}/informes`);
  await expect(government.getByRole('heading', { level: 1, name: /Informes de avance/ })).toBeVisible();
  const report = government.getByRole('form', { name: 'Escribir un informe de avance' });
  await report.getByLabel('Texto del informe').fill('Corto');
  await report.getByRole('button', { name: 'Publicar informe' }).click();
  await expect(government.getByRole('alert')).toContainText('Texto del informe');
  await report.getByLabel('Texto del informe').fill('Se publicaron dos cortes del padrón con 70 % de las personas beneficiarias; falta integrar los apoyos en especie.');
  await report.getByRole('button', { name: 'Publicar informe' }).click();
  await expect(government.getByRole('status')).toContainText('Se publicó el primer informe de avance.');
  await expect(government.getByRole('radio', { name: 'Primer informe de avance' })).toHaveCount(0);
  const first = government.getByRole('article', { name: 'Primer informe de avance' });
  await expect(first.getByLabel('Tu comentario sobre este informe')).toHaveCount(0);

  // Civil society comments; it cannot edit the report.
  const civil = await openAs(browser, w.seat('civil_society').titular);
  await civil.goto(`/gestion/compromisos/${c.commitmentId}/informes`);
  const seen = civil.getByRole('article', { name: 'Primer informe de avance' });
  await expect(seen).toContainText('falta integrar los apoyos en especie');
  await expect(civil.getByRole('form', { name: 'Escribir un informe de avance' })).toHaveCount(0);
  await expect(seen.getByRole('button', { name: 'Corregir el informe' })).toHaveCount(0);
  await seen.getByLabel('Tu comentario sobre este informe').fill('¿Cuándo se integran los apoyos en especie? Pedimos una fecha.');
  await seen.getByRole('button', { name: 'Publicar comentario' }).click();
  await expect(seen.getByRole('listitem')).toContainText('Pedimos una fecha.');
  await expect(seen.getByRole('listitem')).toContainText('Sociedad civil');
  await expectAccessible(civil, 'informes de avance');

  // The lead agency reads the comment and corrects its report.
  await government.reload();
  await expect(first).toContainText('Pedimos una fecha.');
  await first.getByRole('button', { name: 'Corregir el informe' }).click();
  await first.getByLabel('Texto del informe').fill('Se publicaron dos cortes del padrón con 70 % de las personas beneficiarias; los apoyos en especie se integran en marzo de 2027.');
  await first.getByRole('button', { name: 'Guardar informe' }).click();
  await expect(government.getByRole('status')).toContainText('Se guardó el primer informe de avance corregido.');
  await expect(first).toContainText('marzo de 2027');
  await screenshot(government, 'informes-de-avance');
});
