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
  let municipality = options.municipality ?? null;
  if (municipality === null) {
    const [taken] = await t.db.query(`SELECT 1 FROM secretariats WHERE state_code = $1 AND municipality IS NULL AND status <> 'dissolved'`, [stateCode]);
    if (taken) municipality = `Municipio ${randomUUID().slice(0, 8)}`;
  }
  const [sec] = await t.db.query(
    `INSERT INTO secretariats (state_code, municipality, name, status, rules) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [stateCode, municipality, options.name ?? `Secretariado Técnico Local ${stateCode}${municipality ? ` ${municipality}` : ''}`, options.status ?? 'active', JSON.stringify(options.rules ?? {})],
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
