import type { Browser, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PHONE, signIn } from './fixtures';

/**
 * Fresh secretariats for browser stories that change data or count tasks: the demo
 * secretariat is shared by every spec, so a story that asserts "exactly these tasks" or
 * opens a plan builds its own. Accounts are registered through the API (real password
 * hashing); the secretariat, organizations, seats and memberships are written directly, as the
 * Jest factories do, because installing a secretariat through its screens is its own story.
 */
export const WORLD_PASSWORD = 'una-clave-larga-y-segura';

export type Sector = 'government' | 'civil_society' | 'guarantor';
const ORG_KIND: Record<Sector, string> = { government: 'dependencia', civil_society: 'osc', guarantor: 'organismo_garante' };
const SECTOR_NAME: Record<Sector, string> = { government: 'Secretaría de Finanzas', civil_society: 'Colectivo Ciudadano', guarantor: 'Instituto de Transparencia' };

export interface Person {
  id: string;
  email: string;
  name: string;
  password: string;
}
export interface WorldSeat {
  seatId: string;
  sector: Sector;
  organization: { id: string; name: string };
  titular: Person;
  alternate?: Person;
}
export interface World {
  secretariatId: string;
  name: string;
  stateCode: string;
  coordinator: Person;
  observer: Person;
  seats: WorldSeat[];
  seat(sector: Sector, index?: number): WorldSeat;
  db<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
}

export async function db<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.COCREA_WEB_DB });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Registers an account through the API, as the sign-up screen would. */
export async function registerPerson(name: string, prefix = 'persona'): Promise<Person> {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@prueba.mx`;
  const res = await fetch(`${process.env.COCREA_WEB_URL}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name, password: WORLD_PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string } };
  return { id: body.user.id, email, name, password: WORLD_PASSWORD };
}

async function member(secretariatId: string, p: Person, sector: Sector, role: string, seat?: { seatId: string; orgId: string }, isCoordinator = false) {
  await db(
    `INSERT INTO memberships (secretariat_id, user_id, sector, organization_id, seat_id, role, is_coordinator) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [secretariatId, p.id, sector, seat?.orgId ?? null, seat?.seatId ?? null, role, isCoordinator],
  );
}

/**
 * An active municipal secretariat in `stateCode` (default Oaxaca, the demo's home state) with
 * one seat per sector (titular, and an alternate when asked), a coordinator (government
 * facilitator) and a civil-society observer. Names are unique per call.
 */
export async function freshSecretariat(options: { stateCode?: string; alternates?: boolean; status?: string; rules?: Record<string, unknown> } = {}): Promise<World> {
  const stateCode = options.stateCode ?? '20';
  const tag = randomUUID().slice(0, 6);
  const municipality = `Villa ${tag}`;
  const [state] = await db<{ name: string }>('SELECT name FROM states WHERE code = $1', [stateCode]);
  const name = `Secretariado Técnico Local de Gobierno Abierto de ${municipality}, ${state.name}`;
  const [sec] = await db<{ id: string }>(
    `INSERT INTO secretariats (state_code, municipality, name, status, rules) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [stateCode, municipality, name, options.status ?? 'active', JSON.stringify(options.rules ?? {})],
  );
  const seats: WorldSeat[] = [];
  for (const sector of ['government', 'civil_society', 'guarantor'] as Sector[]) {
    const orgName = `${SECTOR_NAME[sector]} ${tag}`;
    const [org] = await db<{ id: string }>(`INSERT INTO organizations (name, sector, kind, state_code) VALUES ($1, $2, $3, $4) RETURNING id`, [orgName, sector, ORG_KIND[sector], stateCode]);
    const [seat] = await db<{ id: string }>(`INSERT INTO seats (secretariat_id, organization_id, sector) VALUES ($1, $2, $3) RETURNING id`, [sec.id, org.id, sector]);
    const where = { seatId: seat.id, orgId: org.id };
    const titular = await registerPerson(`Titular de ${orgName}`, `titular-${sector}`);
    await member(sec.id, titular, sector, 'titular', where);
    let alternate: Person | undefined;
    if (options.alternates) {
      alternate = await registerPerson(`Suplente de ${orgName}`, `suplente-${sector}`);
      await member(sec.id, alternate, sector, 'alternate', where);
    }
    seats.push({ seatId: seat.id, sector, organization: { id: org.id, name: orgName }, titular, alternate });
  }
  const coordinator = await registerPerson(`Coordinación ${tag}`, 'coordinacion');
  await member(sec.id, coordinator, 'government', 'facilitator', undefined, true);
  const observer = await registerPerson(`Observación ${tag}`, 'observador');
  await member(sec.id, observer, 'civil_society', 'observer');
  return {
    secretariatId: sec.id,
    name,
    stateCode,
    coordinator,
    observer,
    seats,
    seat: (sector, index = 0) => seats.filter((s) => s.sector === sector)[index],
    db,
  };
}

/**
 * A phone-width screenshot for the README, written only when COCREA_SCREENSHOTS names a folder
 * (e.g. `COCREA_SCREENSHOTS=docs/screens npm run test:web`), so ordinary runs leave no files.
 */
export async function screenshot(page: Page, name: string) {
  const dir = process.env.COCREA_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** The API as one person: signs in once and calls with their token (for a story's set-up, not for what it tests). */
export async function apiAs(p: Person) {
  const base = `${process.env.COCREA_WEB_URL}/api/v1`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: p.email, password: p.password }) });
  if (!login.ok) throw new Error(`login ${p.email}: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async function request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** A complete OGP-template proposal whose lead agency is the world's government organization. */
export const proposalBody = (w: World, title: string) => ({
  title,
  publicProblem: 'Las personas no saben en qué se gasta el presupuesto municipal de obra pública.',
  statusQuo: 'El municipio publica un PDF anual, sin datos por obra ni por colonia.',
  description: 'Publicar cada obra con su monto, avance y contratista, en datos abiertos, cada mes.',
  howItSolves: 'Con datos por obra, vecinas y vecinos pueden vigilar lo que se construye en su colonia.',
  ogpValues: ['access_to_information', 'public_accountability'],
  sdgs: [11, 16],
  inequalityFocus: [],
  leadAgencyId: w.seat('government').organization.id,
  coResponsibleOrganizationIds: [w.seat('civil_society').organization.id],
});

/**
 * A plan in the voting stage with one proposal (by the civil-society titular) the secretariat
 * accepted for vote: where a coordinator opens a round. Built through the API.
 */
export async function planReadyToVote(w: World, proposalTitle = 'Obra pública en datos abiertos') {
  const coordinator = await apiAs(w.coordinator);
  const author = await apiAs(w.seat('civil_society').titular);
  const plan = await coordinator<{ id: string; title: string }>('POST', `/secretariats/${w.secretariatId}/plans`, { title: `Plan de Gobierno Abierto de ${w.name.split(' de ').pop()}`, periodStart: 2027, periodEnd: 2029 });
  await coordinator('POST', `/plans/${plan.id}/stage`, { to: 'consultation', from: 'draft' });
  const proposal = await author<{ id: string }>('POST', `/plans/${plan.id}/proposals`, proposalBody(w, proposalTitle));
  await author('POST', `/proposals/${proposal.id}/submit`);
  await coordinator('POST', `/proposals/${proposal.id}/response`, { decision: 'accept_for_vote', text: 'Cumple la plantilla y atiende un problema público claro.' });
  await coordinator('POST', `/plans/${plan.id}/stage`, { to: 'deliberation', from: 'consultation' });
  await coordinator('POST', `/plans/${plan.id}/stage`, { to: 'voting', from: 'deliberation' });
  return { plan, proposal: { id: proposal.id, title: proposalTitle } };
}

/**
 * A plan in implementation with one commitment led by the world's government organization
 * (civil society co-responsible), written directly as the Jest factories do: reaching
 * implementation through rounds is the co-creation story's job, not every spec's set-up.
 */
export async function commitmentInImplementation(w: World, title = 'Padrón abierto de beneficiarios') {
  const [plan] = await db<{ id: string }>(
    `INSERT INTO action_plans (secretariat_id, title, period_start, period_end, stage, created_by_id) VALUES ($1, $2, 2026, 2028, 'implementation', $3) RETURNING id`,
    [w.secretariatId, `Plan de Acción Local 2026–2028 ${w.name.split(' de ').pop()}`, w.coordinator.id],
  );
  const [state] = await db<{ abbreviation: string }>('SELECT abbreviation FROM states WHERE code = $1', [w.stateCode]);
  const [commitment] = await db<{ id: string }>(
    `INSERT INTO commitments (plan_id, secretariat_id, code, seq, title, public_problem, ogp_values, lead_agency_id, co_responsible_organization_ids, start_date, end_date)
     VALUES ($1, $2, $3, 1, $4, 'Nadie puede verificar quién recibe los apoyos sociales.', '{access_to_information}', $5, $6, '2026-01-01', '2028-12-31') RETURNING id`,
    [plan.id, w.secretariatId, `${state.abbreviation}-2026-01`, title, w.seat('government').organization.id, [w.seat('civil_society').organization.id]],
  );
  return { planId: plan.id, commitmentId: commitment.id, title };
}

/**
 * The same commitment in a plan that has not reached implementation yet (default `adoption`):
 * where coordinators still edit a commitment directly instead of through a modification request.
 */
export async function commitmentBeforeImplementation(w: World, title = 'Padrón abierto de beneficiarios', stage: 'voting' | 'adoption' = 'adoption') {
  const c = await commitmentInImplementation(w, title);
  await db(`UPDATE action_plans SET stage = $2 WHERE id = $1`, [c.planId, stage]);
  return c;
}

/** A person signed in through the login screen in a browser context of their own. */
export async function openAs(browser: Browser, person: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, person.email, person.password);
  return page;
}
