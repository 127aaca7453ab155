import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { canonicalJson, eventHash, eventSeal } from '../audit/audit.service';

type Row = Record<string, unknown>;

/** Tables in foreign-key order: rows are inserted table by table in this order. */
const TABLE_ORDER = [
  'users', 'organizations', 'secretariats', 'secretariat_transitions', 'seats', 'memberships',
  'action_plans', 'plan_stage_changes', 'proposals', 'voting_rounds', 'ballots',
  'commitments', 'milestones', 'milestone_reviews', 'evidence', 'indicators', 'indicator_measurements',
  'audit_events',
];

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** A jsonb value: pg would turn a JS array into a PostgreSQL array, so send JSON text. */
export const json = (value: unknown) => ({ json: JSON.stringify(value) });

/**
 * Collects seed rows in memory (ids generated here, so relations are plain values) and
 * writes them with a few multi-row INSERTs per table: a whole demo in well under a second,
 * even on the embedded PGlite. Keys are entity property names (camelCase).
 */
export class SeedWriter {
  private readonly rows = new Map<string, Row[]>();

  /** `auditKey`: the installation's audit key (loadAuditKey), to seal seeded events. */
  constructor(readonly auditKey: Buffer) {}

  add<T extends Row>(table: string, row: T): T & { id: string } {
    if (!TABLE_ORDER.includes(table)) throw new Error(`SeedWriter: unknown table ${table}`);
    const withId = { id: randomUUID(), ...row } as T & { id: string };
    const list = this.rows.get(table) ?? [];
    list.push(withId);
    this.rows.set(table, list);
    return withId;
  }

  count(table: string): number {
    return this.rows.get(table)?.length ?? 0;
  }

  async flush(tx: EntityManager): Promise<void> {
    for (const table of TABLE_ORDER) {
      const rows = this.rows.get(table);
      if (!rows?.length) continue;
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      // PostgreSQL takes at most 65535 parameters per statement.
      const perChunk = Math.max(1, Math.floor(30000 / keys.length));
      for (let i = 0; i < rows.length; i += perChunk) {
        const params: unknown[] = [];
        const values = rows.slice(i, i + perChunk).map(
          (r) =>
            `(${keys
              .map((k) => {
                if (!(k in r) || r[k] === undefined) return 'DEFAULT';
                const v = r[k];
                if (v && typeof v === 'object' && 'json' in (v as Row)) {
                  params.push((v as { json: string }).json);
                  return `$${params.length}::jsonb`;
                }
                params.push(v);
                return `$${params.length}`;
              })
              .join(', ')})`,
        );
        await tx.query(`INSERT INTO "${table}" (${keys.map((k) => `"${snake(k)}"`).join(', ')}) VALUES ${values.join(', ')}`, params);
      }
    }
    this.rows.clear();
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A secretariat's audit chain, built exactly as AuditService.record builds it (same
 * canonical JSON, digest and hash), so GET /secretariats/:id/audit/verify accepts it.
 * `resume` continues an existing chain under the same advisory lock the service takes.
 */
export class SeedAuditChain {
  private constructor(
    private readonly writer: SeedWriter,
    private readonly chainKey: string,
    private seq: bigint,
    private prevHash: string | null,
  ) {}

  static start(writer: SeedWriter, secretariatId: string) {
    return new SeedAuditChain(writer, secretariatId, 0n, null);
  }

  static async resume(tx: EntityManager, writer: SeedWriter, secretariatId: string) {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit:${secretariatId}`]);
    const [last] = await tx.query('SELECT seq, hash FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1', [secretariatId]);
    return new SeedAuditChain(writer, secretariatId, last ? BigInt(last.seq) : 0n, last?.hash ?? null);
  }

  record(at: Date, actorId: string | null, subjectType: string, subjectId: string, action: string, data: Record<string, unknown> = {}) {
    this.seq += 1n;
    const normalized = JSON.parse(JSON.stringify(data));
    const event = {
      chainKey: this.chainKey,
      secretariatId: this.chainKey,
      seq: String(this.seq),
      actorId,
      subjectType,
      subjectId,
      action,
      dataDigest: sha256(canonicalJson(normalized)),
      occurredAt: new Date(Math.floor(at.getTime())),
      prevHash: this.prevHash,
    };
    const seal = eventSeal(this.writer.auditKey, event);
    const hash = eventHash({ ...event, seal });
    this.prevHash = hash;
    this.writer.add('audit_events', { ...event, data: json(normalized), seal, hash });
  }
}
