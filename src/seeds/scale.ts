import { createHash, randomUUID } from 'node:crypto';
import { Client, ClientBase } from 'pg';
import { canonicalJson, eventHash, eventSeal } from '../audit/audit.service';
import { Sector } from '../catalog/sector';
import { computeProgress } from '../commitments/progress';
import { PlanStage } from '../plans/plan-stages';
import { milestoneReminders } from '../reminders/reminder-rules';
import { addDays, endOfLocalDay } from '../reminders/time-zone';
import { DEFAULT_REMINDER_RULES } from '../secretariats/rules';
import { migrateDatabase } from '../database/migrate';
import { hashPassword } from '../users/users.service';
import { Choice, tally } from '../voting/tally';

/**
 * `npm run seed:scale`: a consistent national dataset written in bulk (multi-row
 * `INSERT … SELECT FROM unnest(…)`, never the HTTP API), for the benchmarks and for trying the
 * app with realistic volumes. Per secretariat: 7 organizations, 5 seats (2 government, 2
 * civil society, 1 guarantor) with titular and alternate, a coordinating facilitator; per
 * plan: proposals (accepted, rejected by vote, declined, withdrawn), a closed round with
 * ballots for each voted proposal plus the adoption round, commitments from the accepted
 * proposals, milestones in every status with evidence and reviews, an indicator, reminders,
 * notifications, and the audit chain of all of it (hashed exactly like AuditService).
 */

export interface ScaleOptions {
  /** States with a secretariat (1–32, in INEGI order). */
  states: number;
  /** Secretariats per state: the state one plus municipal ones (the 4× and 16× datasets). */
  secretariatsPerState: number;
  plans: number;
  /** Accepted proposals → commitments per plan. */
  commitments: number;
  milestones: number;
  /** Password of every generated account. */
  password: string;
  /** Seed of the pseudo-random choices, so two runs give the same shapes. */
  seed: number;
  /**
   * Write the audit chains (over half the rows). The benchmark's larger datasets skip them:
   * the routes it measures at scale never read them.
   */
  auditEvents: boolean;
  now: Date;
}

export const DEFAULT_SCALE: ScaleOptions = {
  states: 32,
  secretariatsPerState: 1,
  plans: 3,
  commitments: 30,
  milestones: 10,
  password: 'escala-cocrea-2019',
  seed: 1,
  auditEvents: true,
  now: new Date(),
};

export const SCALE_EMAIL_DOMAIN = 'escala.cocrea.test';

export interface ScaleReport {
  rows: Record<string, number>;
  totalRows: number;
  ms: number;
  rowsPerSecond: number;
  adminEmail: string;
  password: string;
}

// ---------------------------------------------------------------------------------------
// Bulk writer

type ColumnType =
  | 'uuid' | 'text' | 'int' | 'smallint' | 'bigint' | 'bool' | 'numeric' | 'date' | 'timestamptz' | 'jsonb'
  | 'text[]' | 'uuid[]' | 'int[]' | 'smallint[]';

const isTextShipped = (t: ColumnType) => t.endsWith('[]') || t === 'jsonb';

/** A PostgreSQL array literal for one array-typed cell. */
function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

/**
 * One table's rows buffered column by column and written by a single
 * `INSERT … SELECT … FROM unnest($1::uuid[], $2::text[], …)`: one parameter per column
 * whatever the row count (no bind-parameter limit, one parse). Array cells travel as
 * literals and jsonb as text, cast back in the SELECT.
 */
class BulkTable {
  private columns: unknown[][];
  private readonly sql: string;
  rows = 0;
  written = 0;

  constructor(readonly name: string, private readonly spec: readonly (readonly [string, ColumnType])[]) {
    this.columns = spec.map(() => []);
    const params = spec.map(([, t], i) => `$${i + 1}::${isTextShipped(t) ? 'text' : t}[]`);
    const selects = spec.map(([, t], i) => (isTextShipped(t) ? `c${i}::${t}` : `c${i}`));
    const aliases = spec.map((_, i) => `c${i}`).join(', ');
    this.sql = `INSERT INTO ${name} (${spec.map(([c]) => c).join(', ')}) SELECT ${selects.join(', ')} FROM unnest(${params.join(', ')}) AS t(${aliases})`;
  }

  /** One row, values in the order of the spec (arrays for array columns, objects for jsonb). */
  add(...values: unknown[]): void {
    for (let i = 0; i < this.spec.length; i++) {
      const t = this.spec[i][1];
      const v = values[i];
      this.columns[i].push(v === null || v === undefined ? null : t === 'jsonb' ? JSON.stringify(v) : t.endsWith('[]') ? pgArray(v as (string | number)[]) : v);
    }
    this.rows++;
  }

  /** Hands over the buffered rows (one array per column) and starts a new buffer. */
  take(): { table: BulkTable; columns: unknown[][]; rows: number } | null {
    if (this.rows === 0) return null;
    const taken = { table: this as BulkTable, columns: this.columns, rows: this.rows };
    this.columns = this.spec.map(() => []);
    this.rows = 0;
    return taken;
  }

  async write(client: ClientBase, columns: unknown[][], rows: number): Promise<void> {
    await client.query(this.sql, columns);
    this.written += rows;
  }
}

const TIMESTAMPS = [['created_at', 'timestamptz'], ['updated_at', 'timestamptz']] as const;

/** Every table the seed writes, in foreign-key order (parents first). */
function tables() {
  return {
    users: new BulkTable('users', [['id', 'uuid'], ['email', 'text'], ['name', 'text'], ['password_hash', 'text'], ['is_platform_admin', 'bool'], ...TIMESTAMPS]),
    organizations: new BulkTable('organizations', [['id', 'uuid'], ['name', 'text'], ['sector', 'text'], ['kind', 'text'], ['state_code', 'text'], ...TIMESTAMPS]),
    secretariats: new BulkTable('secretariats', [
      ['id', 'uuid'], ['state_code', 'text'], ['municipality', 'text'], ['name', 'text'], ['status', 'text'], ['declared_at', 'timestamptz'],
      ['declaration_document_url', 'text'], ['installed_at', 'timestamptz'], ['installation_document_url', 'text'], ['version', 'int'], ...TIMESTAMPS,
    ]),
    transitions: new BulkTable('secretariat_transitions', [
      ['id', 'uuid'], ['secretariat_id', 'uuid'], ['from_status', 'text'], ['to_status', 'text'], ['actor_id', 'uuid'], ['document', 'text'], ['effective_at', 'timestamptz'], ['occurred_at', 'timestamptz'],
    ]),
    seats: new BulkTable('seats', [['id', 'uuid'], ['secretariat_id', 'uuid'], ['organization_id', 'uuid'], ['sector', 'text'], ...TIMESTAMPS]),
    memberships: new BulkTable('memberships', [
      ['id', 'uuid'], ['secretariat_id', 'uuid'], ['user_id', 'uuid'], ['sector', 'text'], ['organization_id', 'uuid'], ['seat_id', 'uuid'], ['role', 'text'],
      ['is_coordinator', 'bool'], ['started_at', 'timestamptz'], ...TIMESTAMPS,
    ]),
    plans: new BulkTable('action_plans', [
      ['id', 'uuid'], ['secretariat_id', 'uuid'], ['title', 'text'], ['description', 'text'], ['period_start', 'int'], ['period_end', 'int'], ['stage', 'text'],
      ['stage_changed_at', 'timestamptz'], ['adoption_round_id', 'uuid'], ['adopted_at', 'timestamptz'], ['created_by_id', 'uuid'], ...TIMESTAMPS,
    ]),
    stageChanges: new BulkTable('plan_stage_changes', [['id', 'uuid'], ['plan_id', 'uuid'], ['from_stage', 'text'], ['to_stage', 'text'], ['actor_id', 'uuid'], ['created_at', 'timestamptz']]),
    proposals: new BulkTable('proposals', [
      ['id', 'uuid'], ['plan_id', 'uuid'], ['secretariat_id', 'uuid'], ['status', 'text'], ['author_id', 'uuid'], ['author_organization_id', 'uuid'], ['author_sector', 'text'],
      ['title', 'text'], ['public_problem', 'text'], ['status_quo', 'text'], ['description', 'text'], ['how_it_solves', 'text'], ['ogp_values', 'text[]'], ['sdgs', 'smallint[]'],
      ['inequality_focus', 'text[]'], ['lead_agency_id', 'uuid'], ['co_responsible_organization_ids', 'uuid[]'], ['submitted_at', 'timestamptz'], ['response_due_at', 'timestamptz'],
      ['response_decision', 'text'], ['response_text', 'text'], ['responded_at', 'timestamptz'], ['responded_by_id', 'uuid'], ['withdrawn_at', 'timestamptz'], ...TIMESTAMPS,
    ]),
    rounds: new BulkTable('voting_rounds', [
      ['id', 'uuid'], ['secretariat_id', 'uuid'], ['plan_id', 'uuid'], ['subject_type', 'text'], ['subject_id', 'uuid'], ['title', 'text'], ['opens_at', 'timestamptz'],
      ['closes_at', 'timestamptz'], ['secrecy', 'text'], ['decision_rule', 'text'], ['quorum_per_sector', 'int'], ['seats', 'jsonb'], ['status', 'text'],
      ['closed_at', 'timestamptz'], ['close_reason', 'text'], ['outcome', 'text'], ['result', 'jsonb'], ['created_by_id', 'uuid'], ...TIMESTAMPS,
    ]),
    ballots: new BulkTable('ballots', [
      ['id', 'uuid'], ['round_id', 'uuid'], ['membership_id', 'uuid'], ['seat_id', 'uuid'], ['user_id', 'uuid'], ['role', 'text'], ['choice', 'text'], ...TIMESTAMPS,
    ]),
    commitments: new BulkTable('commitments', [
      ['id', 'uuid'], ['plan_id', 'uuid'], ['secretariat_id', 'uuid'], ['proposal_id', 'uuid'], ['code', 'text'], ['seq', 'int'], ['title', 'text'], ['public_problem', 'text'],
      ['status_quo', 'text'], ['description', 'text'], ['how_it_solves', 'text'], ['ogp_values', 'text[]'], ['sdgs', 'int[]'], ['inequality_focus', 'text[]'],
      ['lead_agency_id', 'uuid'], ['co_responsible_organization_ids', 'uuid[]'], ['start_date', 'date'], ['end_date', 'date'], ['status', 'text'], ...TIMESTAMPS,
    ]),
    milestones: new BulkTable('milestones', [
      ['id', 'uuid'], ['commitment_id', 'uuid'], ['secretariat_id', 'uuid'], ['position', 'int'], ['title', 'text'], ['deliverable', 'text'], ['means_of_verification', 'text'],
      ['responsible_organization_id', 'uuid'], ['start_date', 'date'], ['due_date', 'date'], ['due_at', 'timestamptz'], ['weight', 'int'], ['status', 'text'],
      ['submitted_at', 'timestamptz'], ['submitted_by_id', 'uuid'], ['reviewed_at', 'timestamptz'], ['reviewed_by_id', 'uuid'], ['observations', 'text'], ['version', 'int'], ...TIMESTAMPS,
    ]),
    evidence: new BulkTable('evidence', [
      ['id', 'uuid'], ['milestone_id', 'uuid'], ['secretariat_id', 'uuid'], ['kind', 'text'], ['description', 'text'], ['url', 'text'], ['uploaded_by_id', 'uuid'], ['created_at', 'timestamptz'],
    ]),
    reviews: new BulkTable('milestone_reviews', [
      ['id', 'uuid'], ['milestone_id', 'uuid'], ['decision', 'text'], ['observations', 'text'], ['reviewer_id', 'uuid'], ['reviewer_organization_id', 'uuid'], ['created_at', 'timestamptz'],
    ]),
    indicators: new BulkTable('indicators', [
      ['id', 'uuid'], ['commitment_id', 'uuid'], ['secretariat_id', 'uuid'], ['name', 'text'], ['unit', 'text'], ['baseline', 'numeric'], ['baseline_date', 'date'],
      ['target', 'numeric'], ['target_date', 'date'], ['created_by_id', 'uuid'], ...TIMESTAMPS,
    ]),
    measurements: new BulkTable('indicator_measurements', [
      ['id', 'uuid'], ['indicator_id', 'uuid'], ['measured_on', 'date'], ['value', 'numeric'], ['source', 'text'], ['recorded_by_id', 'uuid'], ['created_at', 'timestamptz'],
    ]),
    reminders: new BulkTable('scheduled_reminders', [
      ['id', 'uuid'], ['kind', 'text'], ['subject_type', 'text'], ['subject_id', 'uuid'], ['secretariat_id', 'uuid'], ['fire_at', 'timestamptz'], ['status', 'text'],
      ['enqueued_at', 'timestamptz'], ['sent_at', 'timestamptz'], ['payload', 'jsonb'], ...TIMESTAMPS,
    ]),
    notifications: new BulkTable('notifications', [
      ['id', 'uuid'], ['user_id', 'uuid'], ['kind', 'text'], ['secretariat_id', 'uuid'], ['subject_type', 'text'], ['subject_id', 'uuid'], ['subject', 'text'], ['text', 'text'],
      ['link', 'text'], ['due_at', 'timestamptz'], ['reminder_id', 'uuid'], ['created_at', 'timestamptz'], ['read_at', 'timestamptz'],
    ]),
    audit: new BulkTable('audit_events', [
      ['id', 'uuid'], ['chain_key', 'text'], ['secretariat_id', 'uuid'], ['seq', 'bigint'], ['actor_id', 'uuid'], ['subject_type', 'text'], ['subject_id', 'text'], ['action', 'text'],
      ['data', 'jsonb'], ['data_digest', 'text'], ['occurred_at', 'timestamptz'], ['prev_hash', 'text'], ['seal', 'text'], ['hash', 'text'],
    ]),
  };
}
type Tables = ReturnType<typeof tables>;

// ---------------------------------------------------------------------------------------
// Small helpers

const DAY = 86_400_000;
const HOUR = 3_600_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const utc = (y: number, m: number, d: number, h = 16) => new Date(Date.UTC(y, m - 1, d, h));
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const minDate = (...ds: Date[]) => new Date(Math.min(...ds.map((d) => d.getTime())));
const maxDate = (...ds: Date[]) => new Date(Math.max(...ds.map((d) => d.getTime())));

/** mulberry32: a tiny deterministic generator, so the same flags give the same dataset shape. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  'presupuesto participativo', 'contrataciones abiertas', 'obra pública transparente', 'datos abiertos de salud', 'agua potable y saneamiento',
  'seguridad ciudadana', 'justicia abierta', 'parlamento abierto', 'trámites en línea', 'padrón de beneficiarios de programas sociales',
  'igualdad de género en el servicio público', 'consulta a pueblos indígenas', 'calidad del aire', 'movilidad urbana', 'becas educativas',
  'protección civil', 'archivos públicos', 'declaraciones patrimoniales', 'compras de medicamentos', 'atención a víctimas',
];
const PROBLEM = [
  'La información se publica de forma dispersa, en formatos cerrados y sin periodicidad definida, lo que impide a la ciudadanía dar seguimiento.',
  'Las personas usuarias desconocen los criterios de asignación y no existen mecanismos para presentar observaciones o quejas.',
  'Los registros administrativos no se comparten entre dependencias y las solicitudes de información sobre el tema crecen cada año.',
];
const HOW = [
  'Publicar un portal con datos abiertos actualizados mensualmente, con un tablero de seguimiento y mesas trimestrales con sociedad civil.',
  'Crear un mecanismo de participación vinculante y un registro público de respuestas, validado por el organismo garante.',
  'Estandarizar la información bajo el Estándar de Datos de Contrataciones Abiertas y capacitar al personal responsable.',
];
const OGP_SETS = [['access_to_information'], ['access_to_information', 'civic_participation'], ['public_accountability', 'technology_innovation'], ['civic_participation']];
const FOCUS_SETS = [[], ['gender'], ['indigenous_peoples', 'rural'], ['disability'], ['youth']];

// ---------------------------------------------------------------------------------------
// Audit chains

interface PendingEvent {
  at: Date;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  action: string;
  data: Record<string, unknown>;
}

/** Hashes events into the chain exactly as AuditService.record does, continuing from `last`. */
function writeChain(t: Tables, key: Buffer, chainKey: string, secretariatId: string | null, events: PendingEvent[], last: { seq: number; hash: string | null }) {
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const e of events) {
    const data = JSON.parse(JSON.stringify(e.data));
    const row = {
      prevHash: last.hash,
      seq: String(last.seq + 1),
      chainKey,
      actorId: e.actorId,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      action: e.action,
      dataDigest: sha256(canonicalJson(data)),
      occurredAt: e.at,
    };
    const seal = eventSeal(key, row);
    const hash = eventHash({ ...row, seal });
    t.audit.add(randomUUID(), chainKey, secretariatId, row.seq, e.actorId, e.subjectType, e.subjectId, e.action, data, row.dataDigest, e.at, row.prevHash, seal, hash);
    last.seq++;
    last.hash = hash;
  }
}

// ---------------------------------------------------------------------------------------
// The generator

interface StateRow {
  code: string;
  name: string;
  abbreviation: string;
  time_zone: string;
}

interface Org {
  id: string;
  sector: Sector;
}
interface Member {
  membershipId: string;
  userId: string;
  sector: Sector;
  organizationId: string | null;
  seatId: string | null;
  role: 'titular' | 'alternate' | 'facilitator';
}
interface SeatInfo {
  seatId: string;
  sector: Sector;
  organizationId: string;
  createdAt: Date;
  titular: Member;
  alternate: Member;
}

/** Stage moves up to `final`, with the instant of each (a plan of period a–b). */
function stageHistory(a: number, b: number, final: PlanStage): [PlanStage, PlanStage, Date][] {
  const moves: [PlanStage, PlanStage, Date][] = [
    ['draft', 'consultation', utc(a - 1, 7, 1)],
    ['consultation', 'deliberation', utc(a - 1, 9, 1)],
    ['deliberation', 'voting', utc(a - 1, 10, 1)],
    ['voting', 'adoption', utc(a - 1, 11, 20)],
    ['adoption', 'implementation', utc(a, 1, 2)],
    ['implementation', 'evaluation', utc(b, 6, 30)],
    ['evaluation', 'closed', utc(b + 1, 3, 31)],
  ];
  const last = moves.findIndex(([, to]) => to === final);
  return moves.slice(0, last + 1);
}

class Generator {
  private readonly random: () => number;
  private readonly dueAtCache = new Map<string, Date>();
  private readonly reminderCache = new Map<string, ReturnType<typeof milestoneReminders>>();
  private readonly platformChain = { seq: 0, hash: null as string | null };
  private userSeq = 0;

  constructor(
    private readonly o: ScaleOptions,
    private readonly t: Tables,
    private readonly passwordHash: string,
    private readonly adminId: string,
    private readonly auditKey: Buffer,
  ) {
    this.random = rng(o.seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private dueAt(date: string, timeZone: string): Date {
    const key = `${date}|${timeZone}`;
    let d = this.dueAtCache.get(key);
    if (!d) this.dueAtCache.set(key, (d = endOfLocalDay(date, timeZone)));
    return d;
  }

  /**
   * The rows milestoneReminders() writes, per due date and zone: milestones are created in
   * the co-creation year, before any of their fire times, so `now` does not change them.
   */
  private milestoneReminderTimes(dueDate: string, timeZone: string, createdAt: Date) {
    const key = `${dueDate}|${timeZone}`;
    let rows = this.reminderCache.get(key);
    if (!rows) this.reminderCache.set(key, (rows = milestoneReminders({ id: '', secretariatId: null, dueDate }, DEFAULT_REMINDER_RULES, timeZone, createdAt)));
    return rows;
  }

  private user(label: string, name: string, at: Date): string {
    const id = randomUUID();
    this.userSeq++;
    this.t.users.add(id, `${label}.${pad(this.userSeq, 6)}@${SCALE_EMAIL_DOMAIN}`, name, this.passwordHash, false, at, at);
    return id;
  }

  /** One secretariat with its whole history. `index` orders creation dates across the country. */
  secretariat(state: StateRow, municipality: string | null, index: number) {
    const { t, o } = this;
    const now = o.now;
    const where = municipality ? `${municipality}, ${state.name}` : state.name;
    const firstYear = now.getUTCFullYear() - 1 - 3 * (o.plans - 1);
    const createdAt = new Date(utc(firstYear - 1, 3, 1).getTime() + index * HOUR);
    const events: PendingEvent[] = [];
    const id = randomUUID();
    const ev = (at: Date, actorId: string | null, subjectType: string, subjectId: string, action: string, data: Record<string, unknown> = {}) =>
      events.push({ at, actorId, subjectType, subjectId, action, data });

    // Organizations (platform chain) and the secretariat's lifecycle.
    const orgSpecs: [Sector, string, string][] = [
      ['government', 'dependencia', `Secretaría de la Contraloría (${where})`],
      ['government', 'dependencia', `Secretaría de Finanzas (${where})`],
      ['government', 'ayuntamiento', `Ayuntamiento de ${municipality ?? `la capital de ${state.name}`}`],
      ['civil_society', 'osc', `Colectivo Ciudadano por la Transparencia (${where})`],
      ['civil_society', 'osc', `Observatorio Ciudadano (${where})`],
      ['civil_society', 'academia', `Universidad Pública de ${where}`],
      ['guarantor', 'organismo_garante', `Instituto de Transparencia y Acceso a la Información de ${state.name}`],
    ];
    const platformEvents: PendingEvent[] = [];
    const orgs: Org[] = orgSpecs.map(([sector, kind, name]) => {
      const org = { id: randomUUID(), sector };
      t.organizations.add(org.id, name, sector, kind, state.code, createdAt, createdAt);
      platformEvents.push({ at: createdAt, actorId: this.adminId, subjectType: 'organization', subjectId: org.id, action: 'organization.created', data: { name, sector, kind, stateCode: state.code } });
      return org;
    });
    if (this.o.auditEvents) writeChain(t, this.auditKey, 'platform', null, platformEvents, this.platformChain);
    const [gov1, gov2, ayto, osc1, osc2, academia, garante] = orgs;

    const declaredAt = new Date(createdAt.getTime() + 20 * DAY);
    const installedAt = new Date(createdAt.getTime() + 40 * DAY);
    const activeAt = new Date(createdAt.getTime() + 60 * DAY);
    const docs = `https://transparencia.${state.abbreviation.toLowerCase()}.gob.mx/stl`;
    t.secretariats.add(id, state.code, municipality, `Secretariado Técnico Local de Gobierno Abierto de ${where}`, 'active', declaredAt, `${docs}/declaratoria.pdf`, installedAt, `${docs}/acta-instalacion.pdf`, 4, createdAt, activeAt);
    ev(createdAt, this.adminId, 'secretariat', id, 'secretariat.created', { stateCode: state.code, municipality, status: 'promoting' });
    for (const [from, to, at, document] of [
      ['promoting', 'declared', declaredAt, `${docs}/declaratoria.pdf`],
      ['declared', 'installed', installedAt, `${docs}/acta-instalacion.pdf`],
      ['installed', 'active', activeAt, null],
    ] as const) {
      t.transitions.add(randomUUID(), id, from, to, this.adminId, document, at, at);
      ev(at, this.adminId, 'secretariat', id, 'secretariat.transitioned', { from, to, document });
    }

    // Seats, their titular and alternate, and a coordinating facilitator.
    const seats: SeatInfo[] = [];
    const member = (sector: Sector, organizationId: string | null, seatId: string | null, role: Member['role'], label: string, name: string, at: Date): Member => {
      const m: Member = { membershipId: randomUUID(), userId: this.user(label, name, at), sector, organizationId, seatId, role };
      t.memberships.add(m.membershipId, id, m.userId, sector, organizationId, seatId, role, role === 'facilitator', at, at, at);
      ev(at, this.adminId, 'membership', m.membershipId, 'membership.started', { userId: m.userId, role, sector, seatId, organizationId, isCoordinator: role === 'facilitator' });
      return m;
    };
    [gov1, gov2, osc1, osc2, garante].forEach((org, i) => {
      const seatAt = new Date(installedAt.getTime() + i * HOUR);
      const seatId = randomUUID();
      t.seats.add(seatId, id, org.id, org.sector, seatAt, seatAt);
      ev(seatAt, this.adminId, 'seat', seatId, 'seat.created', { organizationId: org.id, sector: org.sector });
      const at = new Date(seatAt.getTime() + 30 * 60_000);
      seats.push({
        seatId,
        sector: org.sector,
        organizationId: org.id,
        createdAt: seatAt,
        titular: member(org.sector, org.id, seatId, 'titular', `titular.${org.sector}`, `Titular ${i + 1} (${where})`, at),
        alternate: member(org.sector, org.id, seatId, 'alternate', `suplente.${org.sector}`, `Suplente ${i + 1} (${where})`, at),
      });
    });
    const coordinator = member('guarantor', null, null, 'facilitator', 'coordinacion', `Coordinación del STL (${where})`, new Date(installedAt.getTime() + 6 * HOUR));
    // As votingSeats() orders them: sector, creation, id.
    const roundSeats = [...seats].sort((x, y) => x.sector.localeCompare(y.sector) || x.createdAt.getTime() - y.createdAt.getTime() || x.seatId.localeCompare(y.seatId));
    const authors = seats.flatMap((s) => [s.titular, s.alternate]);
    const titularOf = new Map(seats.map((s) => [s.organizationId, s.titular]));
    const reviewer = seats.find((s) => s.sector === 'guarantor')!.titular;

    for (let p = 0; p < o.plans; p++) {
      const a = firstYear + 3 * p;
      const b = a + 2;
      const stage: PlanStage = p === o.plans - 1 ? 'implementation' : p === o.plans - 2 ? 'evaluation' : 'closed';
      this.plan({ id, state, where, a, b, stage, coordinator, roundSeats, authors, titularOf, reviewer, gov: [gov1, gov2, ayto], osc: [osc1, osc2, academia], ev });
    }
    if (o.auditEvents) writeChain(t, this.auditKey, id, id, events, { seq: 0, hash: null });
  }

  private plan(c: {
    id: string;
    state: StateRow;
    where: string;
    a: number;
    b: number;
    stage: PlanStage;
    coordinator: Member;
    roundSeats: SeatInfo[];
    authors: Member[];
    titularOf: Map<string, Member>;
    reviewer: Member;
    gov: Org[];
    osc: Org[];
    ev: (at: Date, actorId: string | null, subjectType: string, subjectId: string, action: string, data?: Record<string, unknown>) => void;
  }) {
    const { t, o } = this;
    const { a, b, ev, coordinator } = c;
    const planId = randomUUID();
    const createdAt = utc(a - 1, 6, 1);
    const history = stageHistory(a, b, c.stage);
    const stageAt = (to: PlanStage) => history.find(([, s]) => s === to)![2];
    const title = `Plan de Acción Local de Gobierno Abierto ${a}–${b} (${c.where})`;
    ev(createdAt, coordinator.userId, 'action_plan', planId, 'plan.created', { title, periodStart: a, periodEnd: b });
    for (const [from, to, at] of history) {
      t.stageChanges.add(randomUUID(), planId, from, to, coordinator.userId, at);
      ev(at, coordinator.userId, 'action_plan', planId, 'plan.stage_changed', { from, to });
    }

    // Closed rounds: every seat's titular votes (now and then the alternate as well).
    const round = (subjectType: 'proposal' | 'plan_adoption', subjectId: string, roundTitle: string, opensAt: Date, choices: Choice[]) => {
      const roundId = randomUUID();
      const secrecy = this.random() < 0.2 ? 'secret' : 'public';
      const seatsJson = c.roundSeats.map((s) => ({ seatId: s.seatId, sector: s.sector, organizationId: s.organizationId }));
      ev(opensAt, coordinator.userId, 'voting_round', roundId, 'voting_round.opened', {
        subjectType, subjectId, opensAt: opensAt.toISOString(), closesAt: new Date(opensAt.getTime() + 2 * DAY).toISOString(),
        secrecy, decisionRule: 'tripartite_consensus', quorumPerSector: 1, seats: seatsJson.length,
      });
      const cast: { seatId: string; role: 'titular' | 'alternate'; choice: Choice; at: Date }[] = [];
      let at = opensAt;
      c.roundSeats.forEach((s, i) => {
        const voters = this.random() < 0.1 ? [s.alternate, s.titular] : [s.titular];
        for (const v of voters) {
          at = new Date(at.getTime() + (10 + Math.floor(this.random() * 240)) * 60_000);
          const choice = choices[i];
          t.ballots.add(randomUUID(), roundId, v.membershipId, s.seatId, v.userId, v.role, choice, at, at);
          cast.push({ seatId: s.seatId, role: v.role as 'titular' | 'alternate', choice, at });
          ev(at, v.userId, 'voting_round', roundId, 'ballot.cast', secrecy === 'secret'
            ? { seatId: s.seatId, sector: s.sector, role: v.role }
            : { seatId: s.seatId, sector: s.sector, role: v.role, choice });
        }
      });
      const r = tally('tripartite_consensus', 1, seatsJson, cast);
      const result: Record<string, unknown> = { outcome: r.outcome, rule: r.rule, quorumPerSector: 1, sectors: r.sectors, totals: r.totals };
      if (secrecy === 'public') {
        const counted = new Map(r.counted.map((x) => [x.seatId, x]));
        result.seats = seatsJson.map((s) => ({ ...s, choice: counted.get(s.seatId)?.choice ?? null, castBy: counted.get(s.seatId)?.castBy ?? null }));
      }
      // Everyone voted, so it closed early at the last ballot.
      const closedAt = new Date(at.getTime() + 1000);
      t.rounds.add(roundId, c.id, planId, subjectType, subjectId, roundTitle, opensAt, new Date(opensAt.getTime() + 2 * DAY), secrecy, 'tripartite_consensus', 1,
        seatsJson, 'closed', closedAt, 'all_voted', r.outcome, result, coordinator.userId, opensAt, closedAt);
      ev(closedAt, null, 'voting_round', roundId, 'voting_round.closed', {
        reason: 'all_voted', outcome: r.outcome, positions: Object.fromEntries(Object.entries(r.sectors).map(([s, x]) => [s, x.position])), voted: r.totals.voted, seats: r.totals.seats,
      });
      return { roundId, outcome: r.outcome, closedAt };
    };

    // Proposals: accepted (→ commitments), rejected by vote, declined in the response, withdrawn.
    const kinds: ('accepted' | 'voted_down' | 'declined' | 'withdrawn')[] = [
      ...Array<'accepted'>(o.commitments).fill('accepted'),
      ...Array<'voted_down'>(Math.ceil(o.commitments / 5)).fill('voted_down'),
      ...Array<'declined'>(Math.ceil(o.commitments / 10)).fill('declined'),
      'withdrawn',
    ];
    const consultation = stageAt('consultation');
    const votingStart = stageAt('voting');
    let seq = 0;
    let voteSlot = 0;
    kinds.forEach((kind, k) => {
      const pid = randomUUID();
      const author = c.authors[k % c.authors.length];
      const topic = TOPICS[k % TOPICS.length];
      const ptitle = `${topic[0].toUpperCase()}${topic.slice(1)} en ${c.where} (${k + 1})`;
      const problem = `${this.pick(PROBLEM)} En ${c.where}, el tema de ${topic} concentra quejas recurrentes.`;
      const statusQuo = `Actualmente solo ${Math.floor(this.random() * 60) + 10}% de la información sobre ${topic} está disponible en formato abierto.`;
      const description = `Compromiso para transformar la gestión de ${topic} con participación de los tres sectores del secretariado.`;
      const how = this.pick(HOW);
      const ogp = this.pick(OGP_SETS);
      const sdgs = [1 + (k % 17), 16];
      const focus = this.pick(FOCUS_SETS);
      const lead = c.gov[k % c.gov.length].id;
      const coResponsible = [c.osc[k % c.osc.length].id];
      const created = new Date(consultation.getTime() + (1 + (k % 40)) * DAY + k * 60_000);
      const submitted = new Date(created.getTime() + 2 * DAY);
      const dueDate = addDays(ymd(submitted), 15);
      const responseDue = this.dueAt(dueDate, c.state.time_zone);
      const responded = new Date(submitted.getTime() + 7 * DAY);
      ev(created, author.userId, 'proposal', pid, 'proposal.created', { title: ptitle });
      let status = 'rejected';
      let decision: string | null = null;
      let responseText: string | null = null;
      let withdrawnAt: Date | null = null;
      let updated = responded;
      if (kind === 'withdrawn') {
        status = 'withdrawn';
        withdrawnAt = new Date(submitted.getTime() + DAY);
        updated = withdrawnAt;
        ev(submitted, author.userId, 'proposal', pid, 'proposal.submitted', { responseDueAt: responseDue.toISOString() });
        ev(withdrawnAt, author.userId, 'proposal', pid, 'proposal.withdrawn', {});
      } else {
        decision = kind === 'declined' ? 'decline' : 'accept_for_vote';
        responseText = kind === 'declined'
          ? 'La propuesta no se somete a votación: su alcance corresponde a otra instancia; se canaliza con la dependencia competente.'
          : 'La propuesta cumple la plantilla OGP y se somete a votación del secretariado.';
        ev(submitted, author.userId, 'proposal', pid, 'proposal.submitted', { responseDueAt: responseDue.toISOString() });
        ev(responded, coordinator.userId, 'proposal', pid, 'proposal.responded', { decision });
      }
      let roundInfo: { roundId: string; closedAt: Date } | null = null;
      if (kind === 'accepted' || kind === 'voted_down') {
        const opensAt = new Date(votingStart.getTime() + voteSlot++ * 3 * HOUR);
        const choices: Choice[] = c.roundSeats.map((s) => (kind === 'voted_down' && s.sector === 'civil_society' ? 'reject' : 'approve'));
        const r = round('proposal', pid, ptitle, opensAt, choices);
        status = r.outcome === 'approved' ? 'accepted' : 'rejected';
        ev(r.closedAt, null, 'proposal', pid, `proposal.${status}`, { roundId: r.roundId });
        roundInfo = r;
        updated = r.closedAt;
      }
      t.proposals.add(pid, planId, c.id, status, author.userId, author.organizationId, author.sector, ptitle, problem, statusQuo, description, how, ogp, sdgs, focus, lead,
        coResponsible, submitted, responseDue, decision, responseText, decision ? responded : null, decision ? coordinator.userId : null, withdrawnAt, created, updated);
      if (status === 'accepted' && roundInfo) {
        seq++;
        this.commitment({ ...c, planId, seq, proposalId: pid, createdAt: roundInfo.closedAt, title: ptitle, problem, statusQuo, description, how, ogp, sdgs, focus, lead, coResponsible });
      }
    });

    const adoption = round('plan_adoption', planId, `Adopción del plan: ${title}`.slice(0, 200), new Date(stageAt('adoption').getTime() + DAY), c.roundSeats.map(() => 'approve' as Choice));
    ev(adoption.closedAt, null, 'action_plan', planId, 'plan.adopted', { roundId: adoption.roundId });
    const stageChangedAt = history[history.length - 1][2];
    t.plans.add(planId, c.id, title, `Plan co-creado por el secretariado de ${c.where}.`, a, b, c.stage, stageChangedAt, adoption.roundId, adoption.closedAt,
      coordinator.userId, createdAt, stageChangedAt);
  }

  private commitment(c: {
    id: string;
    state: StateRow;
    planId: string;
    a: number;
    b: number;
    stage: PlanStage;
    seq: number;
    proposalId: string;
    createdAt: Date;
    title: string;
    problem: string;
    statusQuo: string;
    description: string;
    how: string;
    ogp: string[];
    sdgs: number[];
    focus: string[];
    lead: string;
    coResponsible: string[];
    coordinator: Member;
    titularOf: Map<string, Member>;
    reviewer: Member;
    ev: (at: Date, actorId: string | null, subjectType: string, subjectId: string, action: string, data?: Record<string, unknown>) => void;
  }) {
    const { t, o } = this;
    const now = o.now;
    const { ev, coordinator } = c;
    const commitmentId = randomUUID();
    const code = `${c.state.abbreviation}-${c.a}-${pad(c.seq, 2)}`;
    ev(c.createdAt, null, 'commitment', commitmentId, 'commitment.created', { planId: c.planId, proposalId: c.proposalId, code });

    const start = utc(c.a, 1, 1, 0);
    const periodDays = Math.round((utc(c.b, 12, 31, 0).getTime() - start.getTime()) / DAY);
    const shift = c.seq % 30;
    const statuses: { status: string; weight: number }[] = [];
    let previousDue = `${c.a}-01-01`;
    for (let j = 0; j < o.milestones; j++) {
      const mid = randomUUID();
      const dueDate = ymd(new Date(start.getTime() + Math.max(1, Math.round(((j + 1) * periodDays) / o.milestones) - shift) * DAY));
      const startDate = j === 0 ? `${c.a}-01-01` : addDays(previousDue, 1);
      previousDue = dueDate;
      const dueAt = this.dueAt(dueDate, c.state.time_zone);
      const startAt = new Date(Date.parse(`${startDate}T16:00:00Z`));
      const weight = Math.floor(100 / o.milestones) + (j < 100 % o.milestones ? 1 : 0);
      const responsible = j % 3 === 2 ? c.coResponsible[0] : c.lead;
      const implementer = c.titularOf.get(responsible) ?? coordinator;
      const r = this.random();
      let status: string;
      if (c.stage !== 'implementation') status = r < 0.88 ? 'approved' : r < 0.93 ? 'returned' : r < 0.97 ? 'in_progress' : 'pending';
      else if (dueAt.getTime() < now.getTime() - 7 * DAY) status = r < 0.6 ? 'approved' : r < 0.75 ? 'submitted' : r < 0.85 ? 'returned' : 'in_progress';
      else if (dueAt.getTime() < now.getTime() + 90 * DAY) status = r < 0.2 ? 'submitted' : r < 0.3 ? 'approved' : r < 0.7 ? 'in_progress' : 'pending';
      else status = r < 0.15 ? 'in_progress' : 'pending';
      // Work cannot have started in the future.
      if (status !== 'pending' && startAt.getTime() > now.getTime() - 4 * DAY) status = 'pending';
      const createdAt = new Date(c.createdAt.getTime() + DAY + j * 60_000);
      const title = `Hito ${j + 1}: ${['diagnóstico', 'diseño', 'publicación', 'capacitación', 'evaluación'][j % 5]} (${code})`;
      ev(createdAt, coordinator.userId, 'milestone', mid, 'milestone.created', { commitmentId, title });

      let submittedAt: Date | null = null;
      let reviewedAt: Date | null = null;
      let version = 1;
      let updatedAt = createdAt;
      if (status !== 'pending') {
        const startedAt = maxDate(startAt, new Date(createdAt.getTime() + HOUR));
        ev(startedAt, implementer.userId, 'milestone', mid, 'milestone.started', { from: 'pending', to: 'in_progress' });
        version++;
        updatedAt = startedAt;
        if (status !== 'in_progress') {
          submittedAt = maxDate(new Date(startedAt.getTime() + DAY), minDate(new Date(dueAt.getTime() - 3 * DAY), new Date(now.getTime() - 3 * DAY)));
          const evidenceId = randomUUID();
          const evidenceAt = new Date(submittedAt.getTime() - HOUR);
          t.evidence.add(evidenceId, mid, c.id, 'link', `Entregable del hito ${j + 1}`, `https://transparencia.${c.state.abbreviation.toLowerCase()}.gob.mx/evidencias/${code}-${j + 1}.pdf`, implementer.userId, evidenceAt);
          ev(evidenceAt, implementer.userId, 'evidence', evidenceId, 'evidence.added', { milestoneId: mid, kind: 'link' });
          ev(submittedAt, implementer.userId, 'milestone', mid, 'milestone.submitted', { from: 'in_progress', to: 'submitted' });
          version++;
          updatedAt = submittedAt;
        }
        if (status === 'approved' || status === 'returned') {
          reviewedAt = new Date(submittedAt!.getTime() + 2 * DAY);
          const decision = status === 'approved' ? 'approve' : 'return';
          const observations = decision === 'return' ? 'La evidencia no permite verificar el entregable; falta la versión pública del documento.' : null;
          t.reviews.add(randomUUID(), mid, decision, observations, c.reviewer.userId, c.reviewer.organizationId, reviewedAt);
          ev(reviewedAt, c.reviewer.userId, 'milestone', mid, `milestone.${status}`, { from: 'submitted', to: status, observations });
          version++;
          updatedAt = reviewedAt;
        }
      }
      t.milestones.add(mid, commitmentId, c.id, j + 1, title, `Documento público del ${title.toLowerCase()}`, 'Publicación en el portal de transparencia del estado',
        responsible, startDate, dueDate, dueAt, weight, status, submittedAt, submittedAt ? implementer.userId : null, reviewedAt, reviewedAt ? c.reviewer.userId : null,
        status === 'returned' ? 'La evidencia no permite verificar el entregable; falta la versión pública del documento.' : null, version, createdAt, updatedAt);
      statuses.push({ status, weight });

      // The live plan's reminders (outbox) and the notifications they produced.
      if (c.stage === 'implementation' && status !== 'approved') {
        for (const row of this.milestoneReminderTimes(dueDate, c.state.time_zone, createdAt)) {
          const fired = row.fireAt.getTime() <= now.getTime();
          const reminderId = randomUUID();
          const sentAt = fired ? new Date(row.fireAt.getTime() + 2000) : null;
          t.reminders.add(reminderId, row.kind, 'milestone', mid, c.id, row.fireAt, fired ? 'sent' : 'pending', sentAt, sentAt, row.payload, createdAt, sentAt ?? createdAt);
          if (fired) {
            const overdue = row.kind === 'milestone_overdue';
            t.notifications.add(randomUUID(), implementer.userId, row.kind, c.id, 'milestone', mid,
              overdue ? `Hito vencido: ${title}` : `El hito «${title}» vence pronto`,
              overdue ? `El hito venció el ${dueDate} y no ha sido aprobado.` : `El hito vence el ${dueDate}. Adjunta la evidencia y envíalo a revisión.`,
              `/milestones/${mid}`, dueAt, reminderId, sentAt, this.random() < 0.5 ? new Date(sentAt!.getTime() + HOUR) : null);
          }
        }
      }
    }

    const progress = computeProgress(statuses.map((s) => ({ ...s, overdue: false })));
    const status = progress.milestones > 0 && progress.verifiedProgress === 100 ? 'completed' : statuses.some((s) => s.status !== 'pending') ? 'in_progress' : 'not_started';
    t.commitments.add(commitmentId, c.planId, c.id, c.proposalId, code, c.seq, c.title, c.problem, c.statusQuo, c.description, c.how, c.ogp, c.sdgs, c.focus, c.lead,
      c.coResponsible, `${c.a}-01-01`, `${c.b}-12-31`, status, c.createdAt, c.createdAt);

    // One indicator per commitment with a measurement per year already closed.
    const indicatorId = randomUUID();
    const baseline = 10 + Math.floor(this.random() * 50);
    const target = 90 + Math.floor(this.random() * 10);
    t.indicators.add(indicatorId, commitmentId, c.id, 'Porcentaje de trámites resueltos en línea', '%', baseline, `${c.a}-01-01`, target, `${c.b}-12-31`, coordinator.userId, c.createdAt, c.createdAt);
    ev(c.createdAt, coordinator.userId, 'indicator', indicatorId, 'indicator.created', { commitmentId, name: 'Porcentaje de trámites resueltos en línea' });
    for (let y = c.a; y <= c.b; y++) {
      const measuredAt = utc(y + 1, 1, 15);
      if (measuredAt.getTime() > now.getTime()) break;
      const value = Math.round(baseline + ((target - baseline) * (y - c.a + 1)) / (c.b - c.a + 2));
      const recorder = c.titularOf.get(c.lead) ?? coordinator;
      t.measurements.add(randomUUID(), indicatorId, `${y}-12-31`, value, 'Registro administrativo de la dependencia', recorder.userId, measuredAt);
      ev(measuredAt, recorder.userId, 'indicator', indicatorId, 'indicator.measured', { measuredOn: `${y}-12-31`, value });
    }
  }
}

/**
 * Writes the dataset through `client` (call inside a transaction for all-or-nothing).
 * The database must be migrated and hold no secretariats yet (states come from migrations).
 */
export async function seedScale(client: ClientBase, options: Partial<ScaleOptions> = {}, log: (line: string) => void = () => undefined): Promise<ScaleReport> {
  const o: ScaleOptions = { ...DEFAULT_SCALE, now: new Date(), ...options };
  if (o.states < 1 || o.states > 32) throw new Error('--states must be between 1 and 32');
  for (const [k, v] of Object.entries({ secretariatsPerState: o.secretariatsPerState, plans: o.plans, commitments: o.commitments, milestones: o.milestones })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer`);
  }
  const started = Date.now();
  const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM secretariats')).rows;
  if (n > 0) throw new Error('The database already has secretariats: seed:scale fills an empty (migrated) database.');
  const states: StateRow[] = (await client.query('SELECT code, name, abbreviation, time_zone FROM states ORDER BY code LIMIT $1', [o.states])).rows;

  const t = tables();
  const passwordHash = await hashPassword(o.password);
  const adminId = randomUUID();
  const adminEmail = `admin@${SCALE_EMAIL_DOMAIN}`;
  const first = new Date(Date.UTC(o.now.getUTCFullYear() - 3 * o.plans - 1, 0, 1));
  t.users.add(adminId, adminEmail, 'Administración nacional (escala)', passwordHash, true, first, first);
  const [{ key }] = (await client.query('SELECT key FROM audit_secret WHERE id = 1')).rows;
  const gen = new Generator(o, t, passwordHash, adminId, Buffer.from(key, 'hex'));
  const all = Object.values(t);
  // Rows of every table are handed over together and written parents first, while the next
  // secretariats are generated: PostgreSQL inserts as JavaScript builds (one write in flight).
  let inflight: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inflight;
    const batch = all.map((table) => table.take()).filter((b) => b !== null);
    inflight = (async () => {
      for (const b of batch) await b.table.write(client, b.columns, b.rows);
    })();
    // Surface a failed write at the next await even if nobody is waiting yet.
    inflight.catch(() => undefined);
  };

  let index = 0;
  for (let k = 0; k < o.secretariatsPerState; k++) {
    for (const state of states) {
      gen.secretariat(state, k === 0 ? null : `Municipio ${k}`, index++);
      if (all.reduce((s, x) => s + x.rows, 0) >= 30_000) await flush();
    }
    log(`  ${index} secretariados…`);
  }
  await flush();
  await inflight;

  const rows = Object.fromEntries(all.map((x) => [x.name, x.written]));
  const totalRows = all.reduce((s, x) => s + x.written, 0);
  const ms = Date.now() - started;
  return { rows, totalRows, ms, rowsPerSecond: Math.round(totalRows / (ms / 1000)), adminEmail, password: o.password };
}

/**
 * Migrates `url`, writes the dataset in one transaction (asynchronous commit: a crash just
 * loses the seed) and refreshes the planner statistics, as a bulk load leaves them stale.
 */
export async function seedScaleDatabase(url: string, options: Partial<ScaleOptions> = {}, log: (line: string) => void = () => undefined): Promise<ScaleReport> {
  await migrateDatabase(url);
  const client = new Client({ connectionString: url, application_name: 'cocrea-seed-scale' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    const report = await seedScale(client, options, log);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return report;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
