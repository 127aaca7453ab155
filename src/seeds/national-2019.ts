import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Sector } from '../catalog/sector';
import { PUBLISHED_PLAN_STAGES } from '../plans/plan-stages';
import { hashPassword } from '../users/users.service';
import { DEMO_STATES } from './demo-data';
import { loadAuditKey } from '../audit/audit.service';
import { json, SeedAuditChain, SeedWriter } from './seed-writer';

/**
 * The national picture of the "Resultados" slide of the II Cumbre Nacional de Gobierno
 * Abierto (INAI, May 2019): 28 participating states, 19 installed secretariats, 13 action
 * plans in 11 states (Durango and Oaxaca have two), 79 commitments, more than 120
 * civil-society organizations, about 100 authorities and 28 guarantor bodies.
 *
 * The slide gives totals and lists; how commitments and organizations split among states is
 * not in it, so the split below is illustrative (and adds up to the slide). "Más de 120" is
 * loaded as 123 and "alrededor de 100" as 100. Participating states without an installed
 * secretariat are loaded as `declared` (Declaratoria conjunta signed); installed ones as
 * `active` when they have a plan, `installed` otherwise; plans are in `implementation`.
 */
interface StateTarget {
  code: string;
  installed: boolean;
  /** Commitments of each published plan (length = number of plans). */
  plans: number[];
  civilSociety: number;
  authorities: number;
}

export const NATIONAL_2019: StateTarget[] = [
  { code: '02', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Baja California
  { code: '03', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Baja California Sur
  { code: '04', installed: true, plans: [6], civilSociety: 5, authorities: 4 }, // Campeche
  { code: '05', installed: true, plans: [6], civilSociety: 5, authorities: 4 }, // Coahuila
  { code: '06', installed: false, plans: [], civilSociety: 3, authorities: 3 }, // Colima
  { code: '07', installed: false, plans: [], civilSociety: 3, authorities: 3 }, // Chiapas
  { code: '08', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Chihuahua
  { code: '09', installed: false, plans: [], civilSociety: 3, authorities: 3 }, // Ciudad de México
  { code: '10', installed: true, plans: [5, 6], civilSociety: 5, authorities: 4 }, // Durango
  { code: '11', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Guanajuato
  { code: '12', installed: false, plans: [], civilSociety: 3, authorities: 2 }, // Guerrero
  { code: '13', installed: false, plans: [], civilSociety: 3, authorities: 3 }, // Hidalgo
  { code: '14', installed: true, plans: [7], civilSociety: 5, authorities: 4 }, // Jalisco
  { code: '15', installed: false, plans: [], civilSociety: 3, authorities: 3 }, // México
  { code: '16', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Michoacán
  { code: '17', installed: true, plans: [6], civilSociety: 5, authorities: 4 }, // Morelos
  { code: '18', installed: false, plans: [], civilSociety: 3, authorities: 2 }, // Nayarit
  { code: '19', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Nuevo León
  { code: '20', installed: true, plans: [6, 5], civilSociety: 6, authorities: 4 }, // Oaxaca
  { code: '22', installed: false, plans: [], civilSociety: 3, authorities: 3 }, // Querétaro
  { code: '23', installed: false, plans: [], civilSociety: 3, authorities: 2 }, // Quintana Roo
  { code: '24', installed: true, plans: [6], civilSociety: 5, authorities: 4 }, // San Luis Potosí
  { code: '25', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Sinaloa
  { code: '26', installed: true, plans: [], civilSociety: 5, authorities: 4 }, // Sonora
  { code: '27', installed: true, plans: [6], civilSociety: 5, authorities: 4 }, // Tabasco
  { code: '29', installed: true, plans: [7], civilSociety: 5, authorities: 4 }, // Tlaxcala
  { code: '30', installed: true, plans: [7], civilSociety: 5, authorities: 4 }, // Veracruz
  { code: '32', installed: true, plans: [6], civilSociety: 5, authorities: 4 }, // Zacatecas
];

/** The slide's figures, as /dashboard/national must show them after this seed. */
export const NATIONAL_2019_TOTALS = {
  statesParticipating: NATIONAL_2019.length,
  secretariatsInstalled: NATIONAL_2019.filter((s) => s.installed).length,
  actionPlans: NATIONAL_2019.reduce((n, s) => n + s.plans.length, 0),
  commitments: NATIONAL_2019.reduce((n, s) => n + s.plans.reduce((a, b) => a + b, 0), 0),
  civilSocietyOrganizations: NATIONAL_2019.reduce((n, s) => n + s.civilSociety, 0),
  authorities: NATIONAL_2019.reduce((n, s) => n + s.authorities, 0),
  guarantorBodies: NATIONAL_2019.length,
};

const SOURCE = 'II Cumbre Nacional de Gobierno Abierto (INAI, 2019), lámina «Resultados»';
const IMPORT_USER = 'importacion-2019@cocrea.demo';
const YEAR = 2019;

type Row = Record<string, any>;

/**
 * Loads the 2019 national picture, topping up what the database already has (for example
 * the demo): per state it reuses the state-level secretariat, its organizations with an
 * active seat, its published plans and their commitments, and adds only what is missing to
 * reach the slide. Running it twice adds nothing. It refuses (and changes nothing) when a
 * state already holds more than the slide, since the dashboard could not match it then.
 */
export async function seedNational2019(ds: DataSource): Promise<typeof NATIONAL_2019_TOTALS> {
  await ds.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['seed:national-2019']);
    const w = new SeedWriter(await loadAuditKey(tx));
    const importer = await importUser(tx, w);
    const occurredAt = new Date();
    for (const target of NATIONAL_2019) await topUpState(tx, w, target, importer, occurredAt);
    await w.flush(tx);
  });
  return NATIONAL_2019_TOTALS;
}

async function importUser(tx: EntityManager, w: SeedWriter): Promise<string> {
  const [existing] = await tx.query('SELECT id FROM users WHERE email = $1', [IMPORT_USER]);
  if (existing) return existing.id;
  // Nobody logs in as the importer: its password is random and thrown away.
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  return w.add('users', { email: IMPORT_USER, name: 'Importación de datos Cumbre 2019', passwordHash }).id;
}

async function topUpState(tx: EntityManager, w: SeedWriter, target: StateTarget, importer: string, occurredAt: Date) {
  const [state] = await tx.query('SELECT code, name, abbreviation FROM states WHERE code = $1', [target.code]);
  const added = { organizations: 0, plans: 0, commitments: 0 };
  let [secretariat]: Row[] = await tx.query(
    `SELECT id, status FROM secretariats WHERE state_code = $1 AND municipality IS NULL AND status <> 'dissolved'`,
    [target.code],
  );
  const isNew = !secretariat;
  if (isNew) {
    const status = !target.installed ? 'declared' : target.plans.length ? 'active' : 'installed';
    secretariat = w.add('secretariats', {
      stateCode: target.code,
      name: `Secretariado Técnico Local de Gobierno Abierto de ${state.name}`,
      status,
      declaredAt: new Date(Date.UTC(2018, 0, 15)),
      installedAt: target.installed ? new Date(Date.UTC(2018, 5, 15)) : null,
      rules: json({}),
    });
  }

  // Organizations with an active seat, per sector.
  const seated: { sector: Sector; n: number }[] = isNew
    ? []
    : await tx.query(
        `SELECT sector, count(DISTINCT organization_id)::int AS n FROM seats WHERE secretariat_id = $1 AND active GROUP BY sector`,
        [secretariat.id],
      );
  const have = (sector: Sector) => seated.find((s) => s.sector === sector)?.n ?? 0;
  const wanted: [Sector, number, string, string][] = [
    ['civil_society', target.civilSociety, 'osc', 'Organización de la sociedad civil'],
    ['government', target.authorities, 'dependencia', 'Autoridad'],
    ['guarantor', 1, 'organismo_garante', 'Organismo garante de transparencia'],
  ];
  for (const [sector, count, kind, label] of wanted) {
    const missing = count - have(sector);
    if (missing < 0) throw new Error(`${state.name} ya tiene más organizaciones (${sector}) que la Cumbre 2019.`);
    for (let i = have(sector) + 1; i <= count; i++) {
      const name = sector === 'guarantor' ? `Organismo garante de transparencia de ${state.name}` : `${label} ${i} de ${state.name}`;
      const org = w.add('organizations', { name, sector, kind, stateCode: target.code });
      w.add('seats', { secretariatId: secretariat.id, organizationId: org.id, sector });
      added.organizations++;
    }
  }

  // Published plans and their commitments.
  const plans: Row[] = isNew
    ? []
    : await tx.query(
        `SELECT p.id, p.period_start, count(c.id)::int AS commitments, coalesce(max(c.seq), 0)::int AS last_seq, array_remove(array_agg(c.title), NULL) AS titles
           FROM action_plans p LEFT JOIN commitments c ON c.plan_id = p.id
          WHERE p.secretariat_id = $1 AND p.stage = ANY($2)
          GROUP BY p.id ORDER BY p.created_at, p.id`,
        [secretariat.id, [...PUBLISHED_PLAN_STAGES]],
      );
  if (plans.length > target.plans.length) throw new Error(`${state.name} ya tiene más planes publicados que la Cumbre 2019.`);
  const newPlanSizes = target.plans.slice(plans.length);
  const existingCommitments = plans.reduce((n, p) => n + p.commitments, 0);
  const extraForExisting = target.plans.reduce((a, b) => a + b, 0) - existingCommitments - newPlanSizes.reduce((a, b) => a + b, 0);
  if (extraForExisting < 0) throw new Error(`${state.name} ya tiene más compromisos que la Cumbre 2019.`);

  // Titles the document gives for this state come first; the rest are numbered.
  const usedTitles = new Set(plans.flatMap((p) => p.titles as string[]));
  const named = (DEMO_STATES.find((s) => s.code === target.code)?.commitments ?? []).map((c) => c.title).filter((title) => !usedTitles.has(title));
  const addCommitments = (planId: string, periodStart: number, fromSeq: number, count: number) => {
    for (let seq = fromSeq + 1; seq <= fromSeq + count; seq++) {
      w.add('commitments', {
        planId, secretariatId: secretariat.id, seq,
        code: `${state.abbreviation}-${periodStart}-${String(seq).padStart(2, '0')}`,
        title: named.shift() ?? `Compromiso ${seq} del plan de acción local de ${state.name}`,
        startDate: `${periodStart}-01-01`, endDate: `${periodStart + 1}-12-31`, status: 'in_progress',
      });
      added.commitments++;
    }
  };
  if (extraForExisting > 0) addCommitments(plans[0].id, plans[0].period_start, plans[0].last_seq, extraForExisting);
  newPlanSizes.forEach((size, i) => {
    const number = plans.length + i + 1;
    const plan = w.add('action_plans', {
      secretariatId: secretariat.id,
      title: target.plans.length > 1 ? `Plan de Acción Local de Gobierno Abierto de ${state.name} (${number}.º)` : `Plan de Acción Local de Gobierno Abierto de ${state.name}`,
      description: `Cargado de la ${SOURCE}.`,
      periodStart: YEAR - 1 + i, periodEnd: YEAR + i, stage: 'implementation', createdById: importer,
    });
    added.plans++;
    addCommitments(plan.id, YEAR - 1 + i, 0, size);
  });

  if (isNew || added.organizations || added.plans || added.commitments) {
    const chain = isNew ? SeedAuditChain.start(w, secretariat.id) : await SeedAuditChain.resume(tx, w, secretariat.id);
    chain.record(occurredAt, importer, 'secretariat', secretariat.id, 'data.imported', { source: SOURCE, secretariatCreated: isNew, ...added });
  }
}
