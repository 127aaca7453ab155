import { expect, expectAccessible, test } from './support/fixtures';
import { apiAs, commitmentInImplementation, freshSecretariat, openAs, screenshot } from './support/world';

// A minimal, valid PDF (the API recognises files by their content, not their name).
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

// The implementation story: the coordinator sets the milestones (a sum of 90 refused, then
// 100); the government's responsible member starts the first one, uploads a PDF (a fake PDF is
// refused with the API's message) and a link, and submits; the guarantor finds it in the review
// queue, returns it with observations; the implementer fixes and resubmits; the guarantor
// approves and the public portal's verified progress moves. The guarantor is offered no review
// of the milestone its own organization is responsible for.
test('milestones: weights, evidence, submission, guarantor return and approval, public progress', async ({ browser }) => {
  test.setTimeout(120_000);
  const w = await freshSecretariat();
  const c = await commitmentInImplementation(w);
  const guarantorOrg = w.seat('guarantor').organization;
  // Milestones are set before implementation; the guarantor body is co-responsible for one of them.
  await w.db(`UPDATE action_plans SET stage = 'adoption' WHERE id = $1`, [c.planId]);
  await w.db(`UPDATE commitments SET co_responsible_organization_ids = co_responsible_organization_ids || $2::uuid WHERE id = $1`, [c.commitmentId, guarantorOrg.id]);

  // The coordinator defines two milestones.
  const coordinator = await openAs(browser, w.coordinator);
  await coordinator.goto(`/gestion/compromisos/${c.commitmentId}/hitos`);
  await expect(coordinator.getByRole('heading', { level: 1, name: /Hitos/ })).toBeVisible();
  await expect(coordinator.getByText('Este compromiso todavía no tiene hitos')).toBeVisible();
  const editor = coordinator.getByRole('form', { name: 'Definir los hitos y sus pesos' });
  const first = editor.getByRole('group', { name: 'Hito 1' });
  await first.getByLabel('Título').fill('Publicar el padrón en datos abiertos');
  await first.getByLabel('Fecha límite').fill('2027-06-30');
  await first.getByLabel('Peso').fill('60');
  await editor.getByRole('button', { name: 'Agregar un hito' }).click();
  const second = editor.getByRole('group', { name: 'Hito 2' });
  await second.getByLabel('Título').fill('Verificar el padrón con el órgano garante');
  await second.getByLabel('Organización responsable').selectOption({ label: guarantorOrg.name });
  await second.getByLabel('Fecha límite').fill('2027-12-31');
  await second.getByLabel('Peso').fill('30');
  await expect(editor.getByText('Suma de los pesos: 90 de 100.')).toBeVisible();
  await expect(editor.getByText('Faltan 10.')).toBeVisible();
  await editor.getByRole('button', { name: 'Guardar hitos' }).click();
  await expect(coordinator.getByRole('alert')).toContainText('deben sumar 100; ahora suman 90');
  await second.getByLabel('Peso').fill('40');
  await expect(editor.getByText('Suma de los pesos: 100 de 100.')).toBeVisible();
  await editor.getByRole('button', { name: 'Guardar hitos' }).click();
  await expect(coordinator.getByRole('status')).toContainText('Se guardaron los hitos del compromiso.');
  const table = coordinator.getByRole('region', { name: 'Tabla de hitos' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('30 de junio de 2027');
  await expectAccessible(coordinator, 'hitos (coordinación)');
  await screenshot(coordinator, 'hitos');

  // The plan goes into implementation (the co-creation story moves stages through its screens).
  await w.db(`UPDATE action_plans SET stage = 'implementation' WHERE id = $1`, [c.planId]);
  const [m1, m2] = await w.db<{ id: string }>('SELECT id FROM milestones WHERE commitment_id = $1 ORDER BY position', [c.commitmentId]);

  // The public portal: nothing verified yet.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/compromisos/${c.commitmentId}`);
  const verified = visitor.locator('.progress-verified .progress-number');
  await expect(verified).toHaveText(/^0\s?%$/);

  // The government's responsible member: a read-only list, then the milestone's page.
  const government = await openAs(browser, w.seat('government').titular);
  await government.goto(`/gestion/compromisos/${c.commitmentId}/hitos`);
  await expect(government.getByRole('form', { name: 'Definir los hitos y sus pesos' })).toHaveCount(0);
  await government.getByRole('link', { name: 'Publicar el padrón en datos abiertos' }).click();
  await expect(government.getByRole('heading', { level: 1, name: 'Publicar el padrón en datos abiertos' })).toBeVisible();
  await expect(government.getByText(/30 de junio de 2027.*23:59 h/)).toBeVisible();
  await government.getByRole('button', { name: 'Iniciar el hito' }).click();
  await government.getByRole('button', { name: 'Sí, iniciarlo' }).click();
  await expect(government.getByRole('status')).toContainText('El hito quedó en curso.');

  const attach = government.getByRole('form', { name: 'Adjuntar evidencia' });
  const fileInput = attach.getByLabel('Archivo', { exact: true });
  // Refused before sending: a type evidence cannot be.
  await fileInput.setInputFiles({ name: 'programa.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await expect(attach.getByRole('alert')).toContainText('«programa.exe» no es de un tipo admitido');
  // Refused by the API: a PDF by name only.
  await fileInput.setInputFiles({ name: 'informe.pdf', mimeType: 'application/pdf', buffer: Buffer.from('esto no es un PDF') });
  await attach.getByRole('button', { name: 'Adjuntar archivo' }).click();
  await expect(government.getByRole('alert').first()).toContainText('El contenido del archivo no es de un tipo admitido');
  // A real PDF, with its progress.
  await fileInput.setInputFiles({ name: 'padron-junio.pdf', mimeType: 'application/pdf', buffer: PDF });
  await attach.getByLabel('Descripción (opcional)').fill('Padrón publicado, corte de junio.');
  await attach.getByRole('button', { name: 'Adjuntar archivo' }).click();
  await expect(government.getByRole('status')).toContainText('Se adjuntó «padron-junio.pdf».');
  await expect(attach.getByRole('progressbar')).toHaveAttribute('value', '100');
  await expect(attach.getByText('«padron-junio.pdf» se envió completo (100 %)')).toBeVisible();
  // And a link.
  await attach.getByLabel('Un enlace a una página o documento en línea').check();
  await attach.getByLabel('Enlace', { exact: true }).fill('https://datos.ejemplo.gob.mx/padron');
  await attach.getByRole('button', { name: 'Adjuntar enlace' }).click();
  await expect(government.getByRole('status')).toContainText('Se adjuntó el enlace.');
  const pdf = government.getByRole('listitem', { name: 'padron-junio.pdf' });
  await pdf.getByRole('button', { name: 'Ver aquí' }).click();
  await expect(pdf.locator('iframe[title="Vista de padron-junio.pdf"]')).toBeVisible();
  await expect(pdf.getByRole('button', { name: 'Quitar' })).toBeVisible();
  await expectAccessible(government, 'hito (organización responsable)');
  await screenshot(government, 'hito');
  await government.getByRole('button', { name: 'Enviar a revisión' }).click();
  await government.getByRole('button', { name: 'Sí, enviarlo' }).click();
  await expect(government.getByRole('status')).toContainText('Enviaste el hito a revisión.');
  await expect(government.getByText('Entregado, en revisión').first()).toBeVisible();
  // Once submitted, evidence is superseded, never removed.
  await expect(pdf.getByRole('button', { name: 'Quitar' })).toHaveCount(0);
  await expect(pdf.getByRole('button', { name: 'Sustituir' })).toBeVisible();

  // The guarantor body's own milestone, submitted by its titular (set-up through the API).
  const guarantorApi = await apiAs(w.seat('guarantor').titular);
  await guarantorApi('POST', `/milestones/${m2.id}/start`);
  await guarantorApi('POST', `/milestones/${m2.id}/evidence`, { kind: 'link', url: 'https://itai.ejemplo.org.mx/verificacion' });
  await guarantorApi('POST', `/milestones/${m2.id}/submit`);
  // The first submission has waited six days.
  await w.db(`UPDATE milestones SET submitted_at = now() - interval '6 days' WHERE id = $1`, [m1.id]);

  // The guarantor: from its secretariat's page to the review queue, oldest first.
  const guarantor = await openAs(browser, w.seat('guarantor').titular);
  await guarantor.goto(`/mis-secretariados/${w.secretariatId}`);
  await guarantor.getByRole('link', { name: 'Revisar los hitos entregados' }).click();
  await expect(guarantor.getByRole('heading', { level: 1, name: 'Hitos por revisar' })).toBeVisible();
  const cards = guarantor.locator('.cards > li');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toContainText('Publicar el padrón en datos abiertos');
  await expect(cards.nth(0)).toContainText('Lleva 6 días sin revisar');
  await expect(cards.nth(1).getByRole('link', { name: /^Revisar/ })).toHaveCount(0);
  await expectAccessible(guarantor, 'hitos por revisar');
  await screenshot(guarantor, 'revision-de-hitos');

  // Its own organization's milestone: no review offered.
  await guarantor.getByRole('link', { name: 'Verificar el padrón con el órgano garante' }).click();
  await expect(guarantor.getByRole('heading', { level: 1, name: 'Verificar el padrón con el órgano garante' })).toBeVisible();
  await expect(guarantor.getByText('El hito está en revisión del órgano garante')).toBeVisible();
  await expect(guarantor.getByRole('button', { name: 'Aprobar el hito' })).toHaveCount(0);

  // The other one, from Pendientes: returned, with observations required.
  await guarantor.goto('/pendientes');
  await guarantor.getByRole('link', { name: 'Revisa el hito «Publicar el padrón en datos abiertos»' }).click();
  const review = guarantor.getByRole('form', { name: 'Revisar el hito' });
  await expect(review).toBeVisible();
  await review.getByRole('button', { name: 'Devolver con observaciones' }).click();
  await expect(guarantor.getByRole('alert')).toContainText('Observaciones');
  await review.getByLabel('Observaciones').fill('Falta el corte de diciembre del padrón; el de junio no incluye los apoyos en especie.');
  await review.getByRole('button', { name: 'Devolver con observaciones' }).click();
  await expect(guarantor.getByRole('status')).toContainText('Devolviste el hito con tus observaciones.');
  await expectAccessible(guarantor, 'hito (órgano garante)');

  // The implementer reads the observations, fixes and resubmits.
  await government.reload();
  await expect(government.getByRole('note', { name: 'Observaciones del órgano garante' })).toContainText('Falta el corte de diciembre');
  await government.getByRole('button', { name: 'Retomar el hito' }).click();
  await government.getByRole('button', { name: 'Sí, iniciarlo' }).click();
  await expect(government.getByRole('status')).toContainText('El hito quedó en curso.');
  await attach.getByLabel('Archivo', { exact: true }).setInputFiles({ name: 'padron-diciembre.pdf', mimeType: 'application/pdf', buffer: PDF });
  await attach.getByRole('button', { name: 'Adjuntar archivo' }).click();
  await expect(government.getByRole('status')).toContainText('Se adjuntó «padron-diciembre.pdf».');
  await government.getByRole('button', { name: 'Enviar a revisión' }).click();
  await government.getByRole('button', { name: 'Sí, enviarlo' }).click();
  await expect(government.getByRole('status')).toContainText('Enviaste el hito a revisión.');

  // The guarantor approves; the history keeps both reviews.
  await guarantor.reload();
  await expect(guarantor.getByRole('listitem', { name: 'padron-diciembre.pdf' })).toBeVisible();
  await guarantor.getByRole('button', { name: 'Aprobar el hito' }).click();
  await expect(guarantor.getByRole('status')).toContainText('Aprobaste el hito.');
  await expect(guarantor.getByText('Aprobado por el órgano garante').first()).toBeVisible();
  const history = guarantor.getByRole('region', { name: 'Historial de revisiones' });
  await expect(history.getByRole('listitem')).toHaveCount(2);

  // The public portal: 60 of 100 verified.
  await visitor.reload();
  await expect(verified).toHaveText(/^60\s?%$/);
});
