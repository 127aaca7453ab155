import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { freshSecretariat, openAs, screenshot, type World } from './support/world';

// The whole co-creation story in the browser, one step per test on one secretariat, with each
// sector's titular and alternate in their own browser: the coordinator creates a plan and
// opens consultation; civil society writes a proposal (first with a validation error) and
// submits it; members discuss it; the coordinator answers it from the queue and takes the plan
// to the vote; every seat votes (one changes its ballot, alternates see whether theirs counts);
// the round closes early; everyone reads the same result, the proposal reads «Aceptada» and
// the coordinator finds it among the plan's commitments and opens it.
test.describe.configure({ mode: 'serial' });

let w: World;
let planTitle = '';
let planUrl = '';
let proposalUrl = '';
const proposalTitle = 'Padrón abierto de beneficiarios de programas sociales';

test.beforeAll(async () => {
  w = await freshSecretariat({ alternates: true });
});

async function vote(page: Page, choice: 'A favor' | 'En contra' | 'Abstención') {
  await page.getByRole('radio', { name: choice }).check();
  await page.getByRole('button', { name: 'Registrar mi voto' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Tu voto quedó registrado: ${choice}` })).toBeVisible();
}

test('1 · a coordinator creates a plan and opens consultation; a member sees it without stage controls', async ({ browser }) => {
  const municipality = w.name.split(' de ').pop()!.split(',')[0];

  const coordinator = await openAs(browser, w.coordinator);
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
  planTitle = `Plan de Gobierno Abierto de ${municipality} 2027–2029`;
  const title = planTitle;
  await coordinator.getByLabel('Nombre del plan').fill(title);
  await coordinator.getByRole('button', { name: 'Crear el plan' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(coordinator.locator('.stage-current')).toContainText('Borrador');
  planUrl = coordinator.url();

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
  const member = await openAs(browser, w.seat('civil_society').titular);
  await member.getByRole('link', { name: 'Mis secretariados' }).first().click();
  await member.getByRole('link', { name: w.name }).click();
  await member.getByRole('link', { name: title }).click();
  await expect(member.locator('.stage-current')).toContainText('Consulta');
  await expect(member.getByRole('heading', { name: 'Cambiar de etapa' })).toHaveCount(0);
  await expect(member.getByRole('button', { name: /Pasar a/ })).toHaveCount(0);
  await expectAccessible(member, 'plan (integrante)');

  await member.close();
  await coordinator.close();
});

test('2 · a civil-society member writes a proposal (a validation error first) and submits it', async ({ browser }) => {
  const government = w.seat('government');
  const leadName = government.organization.name;

  // The author reaches the plan's proposals from their secretariat, without an address.
  const author = await openAs(browser, w.seat('civil_society').titular);
  await author.getByRole('link', { name: 'Mis secretariados' }).first().click();
  await author.getByRole('link', { name: w.name }).click();
  await author.getByRole('link', { name: planTitle }).click();
  await author.getByRole('link', { name: 'Ver las propuestas' }).click();
  await expect(author.getByRole('heading', { level: 1, name: 'Propuestas del plan' })).toBeVisible();
  await expect(author.getByText('Todavía no hay propuestas en este plan.')).toBeVisible();
  await expect(author.getByRole('link', { name: 'Respuestas razonadas pendientes' })).toHaveCount(0);
  await expectAccessible(author, 'propuestas (vacía)');

  // The template, first with only "technology" as a value: the API's message beside the field.
  await author.getByRole('link', { name: 'Nueva propuesta' }).click();
  await expect(author.getByRole('heading', { level: 1, name: 'Nueva propuesta' })).toBeVisible();
  const title = proposalTitle;
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
  proposalUrl = author.url();
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

test('3 · members discuss the proposal; the coordinator answers it from the queue and takes the plan to the vote', async ({ browser }) => {
  // Government asks; the author answers (the reply reaches the asker as a notification).
  const asker = await openAs(browser, w.seat('government').titular);
  await asker.goto(proposalUrl);
  await asker.getByLabel('Comentario', { exact: true }).fill('¿El padrón incluirá los apoyos en especie?');
  await asker.getByRole('button', { name: 'Publicar comentario' }).click();
  await expect(asker.getByText('Tu comentario quedó publicado.')).toBeVisible();
  const author = await openAs(browser, w.seat('civil_society').titular);
  await author.goto(proposalUrl);
  await author.getByRole('button', { name: /^Responder a / }).click();
  await author.getByLabel(/^Tu respuesta a /).fill('Sí: cada apoyo, en dinero o en especie, con su criterio de asignación.');
  await author.getByRole('button', { name: 'Publicar respuesta' }).click();
  await expect(author.getByText('Tu respuesta quedó publicada.')).toBeVisible();
  await expectAccessible(author, 'propuesta con comentarios');
  await asker.getByRole('link', { name: /^Notificaciones/ }).click();
  await asker.getByRole('listitem').filter({ hasText: 'Respondieron tu comentario' }).getByRole('link').click();
  await expect(asker).toHaveURL(/#comentario-/);
  await expect(asker.getByText('Sí: cada apoyo, en dinero o en especie')).toBeInViewport();

  // The coordinator's "Pendientes" holds the response; the queue leads to the form.
  const coordinator = await openAs(browser, w.coordinator);
  const task = coordinator.locator('.task-list > li').filter({ hasText: proposalTitle });
  await expect(task).toContainText('Dar respuesta razonada');
  await coordinator.goto(planUrl);
  await coordinator.getByRole('link', { name: 'Respuestas razonadas pendientes' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Respuestas razonadas pendientes' })).toBeVisible();
  await expectAccessible(coordinator, 'respuestas razonadas pendientes');
  await coordinator.getByRole('link', { name: `Responder a «${proposalTitle}»` }).click();
  await coordinator.getByRole('radio', { name: /Pasa a votación/ }).check();
  await coordinator.getByLabel('Razones (opcional)').fill('Atiende un problema público claro y cumple la plantilla.');
  await expectAccessible(coordinator, 'respuesta razonada');
  await coordinator.getByRole('button', { name: 'Registrar la respuesta' }).click();
  await expect(coordinator.getByText(/La respuesta razonada quedó registrada/)).toBeVisible();
  await coordinator.goto('/pendientes');
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Pendientes' })).toBeVisible();
  await expect(task).toHaveCount(0);

  // Consultation → deliberation → voting, through the plan's stage controls.
  await coordinator.goto(planUrl);
  for (const [button, stage] of [['Pasar a deliberación', 'Deliberación'], ['Pasar a votación', 'Votación']]) {
    await coordinator.getByRole('button', { name: button }).click();
    await coordinator.getByRole('button', { name: 'Sí, cambiar de etapa' }).click();
    await expect(coordinator.getByText(`El plan pasó a la etapa ${stage}.`)).toBeVisible();
  }
});

test('4 · every sector votes; the round closes early; the result and the acta are the same for everyone', async ({ browser }) => {
  // Eight people in their own browsers, each screen scanned twice: longer than one screen's test.
  test.setTimeout(240_000);
  // The coordinator finds the round form from the secretariat, without an address.
  const coordinator = await openAs(browser, w.coordinator);
  await coordinator.getByRole('link', { name: 'Mis secretariados' }).first().click();
  await coordinator.getByRole('link', { name: w.name }).click();
  await coordinator.getByRole('link', { name: 'Abrir una votación' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Abrir una votación' })).toBeVisible();
  await coordinator.getByLabel('Propuesta que se vota').selectOption({ label: proposalTitle });
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
  await expect(coordinator.getByRole('heading', { level: 1, name: proposalTitle })).toBeVisible();
  await expect(coordinator.getByText(/Cierra en \d+ días?/)).toBeVisible();
  await expect(coordinator.getByText('Votaron 0 de 3 asientos.')).toBeVisible();
  const roundUrl = coordinator.url();

  // The observer sees the round and who voted, never a ballot form.
  const observer = await openAs(browser, w.observer);
  await observer.goto(`/mis-secretariados/${w.secretariatId}/votaciones`);
  await expect(observer.getByRole('listitem').filter({ hasText: proposalTitle })).toContainText('Abierta');
  await expect(observer.getByText('Te falta votar')).toHaveCount(0);
  await observer.getByRole('link', { name: proposalTitle }).click();
  await expect(observer.getByRole('heading', { level: 1, name: proposalTitle })).toBeVisible();
  await expect(observer.getByText('Votaron 0 de 3 asientos.')).toBeVisible();
  await expect(observer.getByRole('group', { name: '¿Cómo votas?' })).toHaveCount(0);
  await expectAccessible(observer, 'votación (observación)');

  // Government: the titular votes against, then changes the ballot.
  // Signing in lands on "Pendientes": exactly this ballot, which leads to the round.
  const government = await openAs(browser, w.seat('government').titular);
  await expect(government.getByRole('heading', { level: 1, name: 'Pendientes' })).toBeVisible();
  const tasks = government.locator('.task-list > li');
  await expect(tasks).toHaveCount(1);
  await expect(tasks.first()).toContainText('Votar');
  await expect(tasks.first()).toContainText(/Cierra dentro de 2 días/);
  await expectAccessible(government, 'pendientes');
  await screenshot(government, 'pendientes');
  await government.goto(`/mis-secretariados/${w.secretariatId}/votaciones`);
  await expect(government.getByRole('listitem').filter({ hasText: proposalTitle })).toContainText('Te falta votar');
  await expectAccessible(government, 'votaciones del secretariado');
  await screenshot(government, 'votaciones');
  // The opening reached the seat as a notification too (beside the plan's stage moves): the
  // badge, the list, its link; opening it marks it read.
  const badge = government.getByRole('link', { name: /^Notificaciones \d+ sin leer$/ });
  await expect(badge).toBeVisible();
  const unreadBefore = Number((await badge.textContent())!.match(/\d+/)![0]);
  await badge.click();
  const opened = government.getByRole('listitem').filter({ hasText: `Nueva votación: «${proposalTitle}»` });
  await expect(opened).toContainText('Sin leer');
  await expectAccessible(government, 'notificaciones');
  await screenshot(government, 'notificaciones');
  await opened.getByRole('link').click();
  await expect(government.getByRole('heading', { level: 1, name: proposalTitle })).toBeVisible();
  await government.getByRole('link', { name: /^Notificaciones/ }).click();
  await expect(opened).not.toContainText('Sin leer');
  await expect(government.getByText(unreadBefore - 1 === 1 ? 'Tienes 1 notificación sin leer.' : `Tienes ${unreadBefore - 1} notificaciones sin leer.`)).toBeVisible();
  await government.goto('/pendientes');
  await tasks.first().getByRole('link').click();
  await expect(government.getByRole('heading', { level: 1, name: proposalTitle })).toBeVisible();
  await vote(government, 'En contra');
  await expect(government.getByText('Tu voto: En contra')).toBeVisible();
  await expectAccessible(government, 'votación (voto registrado)');
  await screenshot(government, 'votacion');
  await vote(government, 'A favor');
  await expect(government.getByText('Tu voto: A favor')).toBeVisible();
  await government.getByRole('link', { name: 'Pendientes' }).first().click();
  await expect(government.getByText('No tienes nada pendiente por ahora.')).toBeVisible();

  // The government alternate keeps a tab open: it will try after the close.
  const lateAlternate = await openAs(browser, w.seat('government').alternate!);
  await lateAlternate.goto(roundUrl);
  await expect(lateAlternate.getByRole('group', { name: '¿Cómo votas?' })).toBeVisible();

  // Civil society: the alternate votes first (it counts), then the titular (the titular's counts).
  const csAlternate = await openAs(browser, w.seat('civil_society').alternate!);
  await csAlternate.goto(roundUrl);
  await vote(csAlternate, 'Abstención');
  await expect(csAlternate.getByText(/cuenta: la persona titular de tu asiento no ha votado/)).toBeVisible();
  const csTitular = await openAs(browser, w.seat('civil_society').titular);
  await csTitular.goto(roundUrl);
  await expect(csTitular.getByText('Votaron 2 de 3 asientos.')).toBeVisible();
  await vote(csTitular, 'A favor');
  await csAlternate.reload();
  await expect(csAlternate.getByText(/no cuenta: la persona titular de tu asiento ya votó/)).toBeVisible();

  // The guarantor's titular is the last seat: the round closes at once.
  const guarantor = await openAs(browser, w.seat('guarantor').titular);
  await guarantor.goto(roundUrl);
  await guarantor.getByRole('radio', { name: 'A favor' }).check();
  await guarantor.getByRole('button', { name: 'Registrar mi voto' }).click();
  await expect(guarantor.getByText('Cerrada', { exact: true })).toBeVisible();
  await expect(guarantor.getByText(/antes del plazo porque votaron todos los asientos/)).toBeVisible();

  // Everyone reads the same result per sector; the public round shows each seat's choice.
  for (const page of [guarantor, coordinator, observer]) {
    await page.goto(roundUrl);
    const results = page.getByRole('region', { name: `Resultados por sector: ${proposalTitle}` });
    await expect(results.getByRole('row', { name: /Gobierno/ })).toContainText('A favor');
    await expect(results.getByRole('row', { name: /Sociedad civil/ })).toContainText('A favor');
    await expect(results.getByRole('row', { name: /Organismo garante/ })).toContainText('A favor');
    await expect(page.getByText('Aprobado').first()).toBeVisible();
    const seats = page.getByRole('region', { name: `Voto de cada asiento: ${proposalTitle}` });
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
  await expect(coordinator.getByRole('heading', { level: 1, name: `Acta de la votación: ${proposalTitle}` })).toBeVisible();
  const record = coordinator.getByRole('region', { name: 'Asientos y quién votó' });
  await expect(record.getByRole('row', { name: new RegExp(w.seat('civil_society').organization.name) })).toContainText(w.seat('civil_society').titular.name);
  await expect(record.getByRole('row', { name: new RegExp(w.seat('civil_society').organization.name) })).toContainText('A favor');
  await expect(coordinator.getByText('votaron todos los asientos')).toBeVisible();
  await expectAccessible(coordinator, 'acta');
  await screenshot(coordinator, 'acta');
  await coordinator.emulateMedia({ media: 'print' });
  await expect(coordinator.getByRole('button', { name: 'Imprimir o guardar como PDF' })).toBeHidden();
  await expect(coordinator.locator('.site-header')).toBeHidden();
  await coordinator.emulateMedia({ media: 'screen' });
  await coordinator.goto(proposalUrl);
  await expect(coordinator.getByText('Aceptada', { exact: true })).toBeVisible();
});

test('5 · the accepted proposal is now a commitment of the plan; the coordinator opens it from the plan', async ({ browser }) => {
  const coordinator = await openAs(browser, w.coordinator);
  await coordinator.goto(planUrl);
  const commitments = coordinator.getByRole('region', { name: 'Compromisos' });
  await commitments.getByRole('link', { name: proposalTitle }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: proposalTitle })).toBeVisible();
  await expect(coordinator.getByRole('region', { name: 'El compromiso en palabras sencillas' })).toContainText('Publicar el padrón cada mes en datos abiertos');
  await expect(coordinator.getByRole('region', { name: 'Quiénes lo cumplen' })).toContainText(w.seat('government').organization.name);
  await expect(coordinator.getByRole('region', { name: 'Avance' })).toContainText('Todavía no tiene hitos definidos');
  await expectAccessible(coordinator, 'compromiso nacido de la propuesta');
  await coordinator.close();
});
