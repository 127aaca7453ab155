import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, signIn, test, waitForMail } from './support/fixtures';
import { db, registerPerson, screenshot, WORLD_PASSWORD, type Person } from './support/world';

// The national team registers a secretariat and invites its first coordinator; the coordinator
// accepts in another browser, sees what the next step lacks before trying, declares it; the
// audit trail shows the chain verified, then broken after a row is tampered with.
async function as(browser: Browser, person: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, person.email, WORLD_PASSWORD);
  return page;
}

test('a platform admin registers a secretariat, its coordinator starts installing it, and the audit trail shows a broken chain', async ({ browser }) => {
  test.setTimeout(180_000);
  const adminPerson = await registerPerson('Equipo Nacional', 'nacional');
  await db('UPDATE users SET is_platform_admin = true WHERE id = $1', [adminPerson.id]);
  const coordinatorPerson = await registerPerson('Coordinación Nueva', 'coordinacion');
  const [free] = await db<{ code: string; name: string }>(
    `SELECT code, name FROM states s WHERE NOT EXISTS (SELECT 1 FROM secretariats x WHERE x.state_code = s.code AND x.status <> 'dissolved') ORDER BY code LIMIT 1`,
  );

  const admin = await as(browser, adminPerson);
  await admin.getByRole('link', { name: 'Administración' }).first().click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Administración de la plataforma' })).toBeVisible();
  await expect(admin.getByRole('table', { name: /Secretariados/ })).toBeVisible();
  await expectAccessible(admin, 'administración de la plataforma');
  await screenshot(admin, 'administracion-plataforma');
  await admin.locator('#field-stateCode').selectOption({ label: free.name });
  await admin.getByRole('button', { name: 'Registrar el secretariado' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'como grupo promotor' })).toBeVisible();
  await admin.getByLabel('Correo electrónico de la coordinación').fill(coordinatorPerson.email);
  await admin.getByRole('button', { name: 'Invitar a la coordinación' }).click();
  await expect(admin.getByText(`Enviamos la invitación a ${coordinatorPerson.email}`)).toBeVisible();

  const mail = await waitForMail(coordinatorPerson.email, /invitaciones\//);
  const link = /https?:\/\/[^\s]+\/invitaciones\/[A-Za-z0-9_-]+/.exec(mail)![0];
  const coordinator = await as(browser, coordinatorPerson);
  await coordinator.goto(link);
  await coordinator.getByRole('button', { name: 'Aceptar la invitación' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'Ya formas parte de' })).toBeVisible();

  await coordinator.goto('/mis-secretariados');
  await coordinator.getByRole('link', { name: new RegExp(free.name) }).first().click();
  await coordinator.getByRole('link', { name: 'Administrar el secretariado' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Administración del secretariado' })).toBeVisible();
  // Installing needs a titular per sector: said before trying.
  await coordinator.getByRole('radio', { name: 'Declaratoria firmada' }).check();
  await expect(coordinator.getByText('El enlace a la Declaratoria conjunta firmada')).toBeVisible();
  await expectAccessible(coordinator, 'administración del secretariado');
  await screenshot(coordinator, 'administracion-secretariado');
  await coordinator.getByLabel('Fecha de la Declaratoria conjunta').fill('2026-11-02');
  await coordinator.getByLabel('Enlace a la Declaratoria conjunta firmada').fill('https://garante.mx/declaratoria.pdf');
  await coordinator.getByRole('button', { name: 'Pasar a «Declaratoria firmada»' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'El secretariado pasó a «Declaratoria firmada»' })).toBeVisible();
  await expect(coordinator.getByText('Falta titular del sector gobierno')).toBeVisible();
  await expect(coordinator.getByText('Falta titular del sector organismo garante')).toBeVisible();

  // Seats: an organization of the state per sector, its seat, its titular invited and accepting
  // in a browser of their own; then installation and start of functions.
  const sectors = [
    { key: 'government', label: 'Gobierno', org: 'Secretaría de la Función Pública' },
    { key: 'civil_society', label: 'Sociedad civil', org: 'Observatorio Ciudadano' },
    { key: 'guarantor', label: 'Organismo garante', org: 'Instituto de Transparencia' },
  ];
  for (const sector of sectors) {
    const orgName = `${sector.org} de ${free.name} ${Date.now().toString(36)}`;
    await coordinator.getByLabel('Nombre de la organización').fill(orgName);
    await coordinator.locator('#field-org-sector').selectOption(sector.key);
    await coordinator.getByRole('button', { name: 'Registrar la organización' }).click();
    await expect(coordinator.getByText(`Registramos «${orgName}».`)).toBeVisible();
    await coordinator.getByLabel(`Nuevo asiento de ${sector.label.toLowerCase()}: organización`).selectOption({ label: orgName });
    await coordinator.getByRole('button', { name: `Crear el asiento de ${sector.label.toLowerCase()}` }).click();
    await expect(coordinator.getByRole('region', { name: 'Asientos por sector' }).getByText(orgName, { exact: true })).toBeVisible();

    const titular = await registerPerson(`Titular ${sector.label}`, `titular-${sector.key}`);
    const invitations = coordinator.getByRole('region', { name: 'Invitaciones' });
    await invitations.getByLabel('Correo electrónico').fill(titular.email);
    await invitations.getByLabel('Papel').selectOption('titular');
    await invitations.getByLabel('Asiento').selectOption({ label: `${sector.label}: ${orgName}` });
    await invitations.getByRole('button', { name: 'Enviar la invitación' }).click();
    await expect(invitations.getByText(`Enviamos la invitación a ${titular.email}`)).toBeVisible();
    const invitationMail = await waitForMail(titular.email, /invitaciones\//);
    const titularPage = await as(browser, titular);
    await titularPage.goto(/https?:\/\/[^\s]+\/invitaciones\/[A-Za-z0-9_-]+/.exec(invitationMail)![0]);
    await titularPage.getByRole('button', { name: 'Aceptar la invitación' }).click();
    await expect(titularPage.getByRole('status').filter({ hasText: 'Ya formas parte de' })).toBeVisible();
    await titularPage.context().close();
  }
  await coordinator.reload();
  await expect(coordinator.getByRole('region', { name: 'Invitaciones' }).getByText('Aceptada', { exact: true })).toHaveCount(4);
  await coordinator.getByRole('radio', { name: 'Instalado' }).check();
  await expect(coordinator.getByText('Cada sector tiene al menos un asiento con titular')).toBeVisible();
  await coordinator.getByLabel('Enlace al acta de instalación').fill('https://garante.mx/acta-instalacion.pdf');
  await coordinator.getByRole('button', { name: 'Pasar a «Instalado»' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'El secretariado pasó a «Instalado»' })).toBeVisible();
  await coordinator.getByRole('radio', { name: 'En funciones' }).check();
  await coordinator.getByRole('button', { name: 'Pasar a «En funciones»' }).click();
  await expect(coordinator.getByRole('status').filter({ hasText: 'El secretariado pasó a «En funciones»' })).toBeVisible();
  await expectAccessible(coordinator, 'secretariado en funciones');

  // The national team sees it on the map and in the table of states.
  await admin.goto('/tablero');
  await expect(admin.locator(`[data-state-code="${free.code}"]`).first()).toHaveAttribute('data-category', 'secretariat');
  await expect(admin.locator(`tr[data-state-code="${free.code}"]`)).toContainText('En funciones');

  // The audit trail: verified, filtered, then broken after tampering.
  await coordinator.getByRole('link', { name: 'Ver la bitácora' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Bitácora del secretariado' })).toBeVisible();
  await expect(coordinator.getByText('✓ Verificada')).toBeVisible();
  await coordinator.getByLabel('Asunto').selectOption({ label: 'Invitaciones' });
  await expect(coordinator.getByRole('cell', { name: /Se envió una invitación/ })).toHaveCount(4);
  await expect(coordinator.getByRole('cell', { name: /El secretariado cambió de etapa/ })).toHaveCount(0);
  await expectAccessible(coordinator, 'bitácora');
  await screenshot(coordinator, 'bitacora');
  const secretariatId = /mis-secretariados\/([0-9a-f-]+)\//.exec(coordinator.url())![1];
  await db(`UPDATE audit_events SET subject_type = 'seat' WHERE chain_key = $1 AND action = 'secretariat.transitioned'`, [secretariatId]);
  await coordinator.reload();
  await expect(coordinator.getByText('✗ Cadena rota')).toBeVisible();
  await expect(coordinator.getByText('Aquí se rompe la cadena')).toBeVisible();
  await expectAccessible(coordinator, 'bitácora rota');
});
