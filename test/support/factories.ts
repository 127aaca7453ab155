import { randomUUID } from 'node:crypto';
import type { TestApp } from './test-app';

export const PASSWORD = 'una-clave-larga-y-segura';

export interface LoggedIn {
  id: string;
  email: string;
  token: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export const uniqueEmail = (label = 'persona') => `${label}-${randomUUID().slice(0, 8)}@ejemplo.mx`;

/** Registers (and thereby logs in) a new user through the API. */
export async function registerUser(t: TestApp, overrides: { email?: string; name?: string; admin?: boolean } = {}): Promise<LoggedIn> {
  const email = overrides.email ?? uniqueEmail();
  const res = await t.http().post('/api/v1/auth/register').send({ email, name: overrides.name ?? 'Persona de Prueba', password: PASSWORD });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (overrides.admin) await t.db.query('UPDATE users SET is_platform_admin = true WHERE id = $1', [res.body.user.id]);
  return {
    id: res.body.user.id,
    email,
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

// ---------------------------------------------------------------------------------------
// Secretariats (issue 3): a ready secretariat for other capabilities' tests.

export type SectorKey = 'government' | 'civil_society' | 'guarantor';

export interface SeatFixture {
  seatId: string;
  sector: SectorKey;
  organization: { id: string; name: string; sector: SectorKey };
  titular: LoggedIn & { membershipId: string };
  alternate?: LoggedIn & { membershipId: string };
}

export interface SecretariatFixture {
  admin: LoggedIn;
  secretariatId: string;
  stateCode: string;
  /** A facilitator with the coordinator flag (no seat, so not a voter) in `coordinatorSector`. */
  coordinator: LoggedIn & { membershipId: string };
  seats: SeatFixture[];
  /** Seats of one sector, in creation order. */
  seatsOf(sector: SectorKey): SeatFixture[];
}

export interface SecretariatSetup {
  seats?: Partial<Record<SectorKey, number>>;
  /** Give every seat an alternate as well. */
  alternates?: boolean;
  status?: 'promoting' | 'declared' | 'installed' | 'active' | 'suspended' | 'dissolved';
  /** INEGI code; default '20' (Oaxaca). */
  stateCode?: string;
  /** Default: none, or a unique one when the state already has a secretariat. */
  municipality?: string;
  name?: string;
  coordinatorSector?: SectorKey;
  /** Stored rules (merged over DEFAULT_RULES when read). */
  rules?: Record<string, unknown>;
  /** Reuse an admin instead of registering one. */
  admin?: LoggedIn;
}

const ORG_KIND: Record<SectorKey, string> = { government: 'dependencia', civil_society: 'osc', guarantor: 'organismo_garante' };

async function insertMembership(
  t: TestApp,
  row: { secretariatId: string; userId: string; sector: string; organizationId: string | null; seatId: string | null; role: string; isCoordinator: boolean },
): Promise<string> {
  const [m] = await t.db.query(
    `INSERT INTO memberships (secretariat_id, user_id, sector, organization_id, seat_id, role, is_coordinator)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [row.secretariatId, row.userId, row.sector, row.organizationId, row.seatId, row.role, row.isCoordinator],
  );
  return m.id;
}

/**
 * A secretariat with seats, titulars (and alternates) and a coordinator, all logged in,
 * inserted directly (default: active, Oaxaca, 1 seat per sector). Fast path for tests of
 * other capabilities; the secretariats specs exercise the API that builds the same thing.
 */
export async function setupSecretariat(t: TestApp, options: SecretariatSetup = {}): Promise<SecretariatFixture> {
  const admin = options.admin ?? (await registerUser(t, { admin: true, name: 'Administración de la plataforma' }));
  const stateCode = options.stateCode ?? '20';
  const [state] = await t.db.query('SELECT name FROM states WHERE code = $1', [stateCode]);
  let municipality = options.municipality ?? null;
  if (municipality === null) {
    const [taken] = await t.db.query(`SELECT 1 FROM secretariats WHERE state_code = $1 AND municipality IS NULL AND status <> 'dissolved'`, [stateCode]);
    if (taken) municipality = `Municipio ${randomUUID().slice(0, 8)}`;
  }
  const [sec] = await t.db.query(
    `INSERT INTO secretariats (state_code, municipality, name, status, rules) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [stateCode, municipality, options.name ?? `Secretariado Técnico Local de Gobierno Abierto de ${municipality ? `${municipality}, ` : ''}${state.name}`, options.status ?? 'active', JSON.stringify(options.rules ?? {})],
  );
  const secretariatId: string = sec.id;
  const counts = options.seats ?? { government: 1, civil_society: 1, guarantor: 1 };
  const seats: SeatFixture[] = [];
  for (const sector of ['government', 'civil_society', 'guarantor'] as SectorKey[]) {
    for (let i = 1; i <= (counts[sector] ?? 0); i++) {
      const name = `Organización ${sector} ${i} ${randomUUID().slice(0, 6)}`;
      const [org] = await t.db.query(`INSERT INTO organizations (name, sector, kind, state_code) VALUES ($1, $2, $3, $4) RETURNING id`, [name, sector, ORG_KIND[sector], stateCode]);
      const [seat] = await t.db.query(`INSERT INTO seats (secretariat_id, organization_id, sector) VALUES ($1, $2, $3) RETURNING id`, [secretariatId, org.id, sector]);
      const titularUser = await registerUser(t, { email: uniqueEmail(`titular-${sector}`), name: `Titular ${sector} ${i}` });
      const base = { secretariatId, sector, organizationId: org.id, seatId: seat.id, isCoordinator: false };
      const titular = { ...titularUser, membershipId: await insertMembership(t, { ...base, userId: titularUser.id, role: 'titular' }) };
      let alternate: SeatFixture['alternate'];
      if (options.alternates) {
        const altUser = await registerUser(t, { email: uniqueEmail(`suplente-${sector}`), name: `Suplente ${sector} ${i}` });
        alternate = { ...altUser, membershipId: await insertMembership(t, { ...base, userId: altUser.id, role: 'alternate' }) };
      }
      seats.push({ seatId: seat.id, sector, organization: { id: org.id, name, sector }, titular, alternate });
    }
  }
  const coordUser = await registerUser(t, { email: uniqueEmail('coordinacion'), name: 'Coordinación del secretariado' });
  const coordinator = {
    ...coordUser,
    membershipId: await insertMembership(t, {
      secretariatId, userId: coordUser.id, sector: options.coordinatorSector ?? 'government', organizationId: null, seatId: null, role: 'facilitator', isCoordinator: true,
    }),
  };
  return { admin, secretariatId, stateCode, coordinator, seats, seatsOf: (s) => seats.filter((x) => x.sector === s) };
}

/** Adds a member with no seat (observer or facilitator) to a secretariat, directly. */
export async function addMember(
  t: TestApp,
  secretariatId: string,
  options: { role?: 'observer' | 'facilitator'; sector?: SectorKey; isCoordinator?: boolean; organizationId?: string } = {},
): Promise<LoggedIn & { membershipId: string }> {
  const user = await registerUser(t, { email: uniqueEmail(options.role ?? 'observer') });
  const membershipId = await insertMembership(t, {
    secretariatId, userId: user.id, sector: options.sector ?? 'civil_society', organizationId: options.organizationId ?? null, seatId: null,
    role: options.role ?? 'observer', isCoordinator: options.isCoordinator ?? false,
  });
  return { ...user, membershipId };
}

// ---------------------------------------------------------------------------------------
// Commitments (issue 5): a plan with a commitment and milestones, inserted directly.

export interface MilestoneSeed {
  title?: string;
  weight: number;
  /** YYYY-MM-DD; default 2026-06-30. */
  dueDate?: string;
  startDate?: string;
  status?: 'pending' | 'in_progress' | 'submitted' | 'approved' | 'returned';
  /** Default: the lead agency (first government seat). */
  responsibleOrganizationId?: string;
}

export interface ImplementationFixture {
  fx: SecretariatFixture;
  planId: string;
  commitmentId: string;
  milestoneIds: string[];
  /** First government seat: lead agency and default responsible organization. */
  lead: SeatFixture;
}

/**
 * A secretariat (2 government, 1 civil-society, 2 guarantor seats, all with alternates by
 * default), a plan in `stage` (default implementation, period 2025–2027), one commitment led
 * by the first government organization and the given milestones. Due instants are the end of
 * the due date in the state's time zone, as the API computes them.
 */
export async function setupImplementation(
  t: TestApp,
  options: { stage?: string; milestones?: MilestoneSeed[]; secretariat?: SecretariatSetup; admin?: LoggedIn } = {},
): Promise<ImplementationFixture> {
  const fx = await setupSecretariat(t, { seats: { government: 2, civil_society: 1, guarantor: 2 }, alternates: true, admin: options.admin, ...options.secretariat });
  const lead = fx.seatsOf('government')[0];
  const [plan] = await t.db.query(
    `INSERT INTO action_plans (secretariat_id, title, period_start, period_end, stage, created_by_id) VALUES ($1, 'Plan de Acción Local 2025–2027', 2025, 2027, $2, $3) RETURNING id`,
    [fx.secretariatId, options.stage ?? 'implementation', fx.coordinator.id],
  );
  const [state] = await t.db.query('SELECT abbreviation, time_zone FROM states WHERE code = $1', [fx.stateCode]);
  const [commitment] = await t.db.query(
    `INSERT INTO commitments (plan_id, secretariat_id, code, seq, title, public_problem, ogp_values, lead_agency_id, co_responsible_organization_ids, start_date, end_date)
     VALUES ($1, $2, $3, 1, 'Padrón abierto de beneficiarios', 'Nadie puede verificar quién recibe los apoyos.', '{access_to_information}', $4, $5, '2025-01-01', '2027-12-31') RETURNING id`,
    [plan.id, fx.secretariatId, `${state.abbreviation}-2025-01`, lead.organization.id, [fx.seatsOf('civil_society')[0].organization.id]],
  );
  const milestoneIds: string[] = [];
  for (const [i, m] of (options.milestones ?? []).entries()) {
    const dueDate = m.dueDate ?? '2026-06-30';
    const [{ due_at }] = await t.db.query(`SELECT ((($1::date + 1)::timestamp AT TIME ZONE $2) - interval '1 millisecond') AS due_at`, [dueDate, state.time_zone]);
    const [row] = await t.db.query(
      `INSERT INTO milestones (commitment_id, secretariat_id, position, title, deliverable, means_of_verification, responsible_organization_id, start_date, due_date, due_at, weight, status)
       VALUES ($1, $2, $3, $4, 'Entregable', 'Publicación verificable', $5, $6, $7, $8, $9, $10) RETURNING id`,
      [commitment.id, fx.secretariatId, i + 1, m.title ?? `Hito ${i + 1}`, m.responsibleOrganizationId ?? lead.organization.id, m.startDate ?? '2025-02-01', dueDate, due_at, m.weight, m.status ?? 'pending'],
    );
    milestoneIds.push(row.id);
  }
  return { fx, planId: plan.id, commitmentId: commitment.id, milestoneIds, lead };
}

export type RoleName = 'admin' | 'coordinator' | 'titular' | 'alternate' | 'observer' | 'facilitator' | 'otherSecretariat' | 'nonMember' | 'anonymous';

/**
 * One caller per row of the authorization matrix for a secretariat's objects: a platform
 * admin who is not a member, the coordinator, the titular and alternate of `seat`, an
 * observer and a facilitator (civil society, no organization), a member of another
 * secretariat, a user who belongs nowhere, and nobody (`anonymous`: no token).
 */
export async function roleMatrix(t: TestApp, fx: SecretariatFixture, seat: SeatFixture): Promise<Record<RoleName, { auth: Record<string, string> }>> {
  const other = await setupSecretariat(t, { stateCode: fx.stateCode === '14' ? '09' : '14', admin: fx.admin });
  return {
    admin: fx.admin,
    coordinator: fx.coordinator,
    titular: seat.titular,
    alternate: seat.alternate!,
    observer: await addMember(t, fx.secretariatId, { role: 'observer', sector: 'civil_society' }),
    facilitator: await addMember(t, fx.secretariatId, { role: 'facilitator', sector: 'civil_society' }),
    otherSecretariat: other.seats[0].titular,
    nonMember: await registerUser(t),
    anonymous: { auth: {} },
  };
}
