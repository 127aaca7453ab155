import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { notFound } from '../common/errors/domain-error';
import { decodeCursor, encodeCursor, PageQuery } from '../common/pagination';
import { AuditEvent } from './audit-event.entity';

export interface AuditInput {
  secretariatId: string | null;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  action: string;
  data?: Record<string, unknown>;
}

export interface AuditVerification {
  valid: boolean;
  events: number;
  firstBrokenEventId: string | null;
}

const PUBLISHED_STAGES = ['adoption', 'implementation', 'evaluation', 'closed'];

/**
 * The public view of a trail: events whose subject the public portal shows (the secretariat,
 * its published plans and what hangs from them, closed rounds of published plans, public
 * evidence), never about people, drafts or private evidence — and without `data` or actor:
 * the public sees that and when something happened; the digest and hash still chain.
 */
const PUBLIC_SUBJECTS_SQL = `
  e.subject_type = 'secretariat'
  OR (e.subject_type = 'action_plan' AND e.subject_id IN (SELECT id::text FROM pub_plans))
  OR (e.subject_type = 'commitment' AND e.subject_id IN (SELECT id::text FROM pub_commitments))
  OR (e.subject_type = 'milestone' AND e.subject_id IN (SELECT id::text FROM pub_milestones))
  OR (e.subject_type = 'indicator' AND e.subject_id IN (SELECT i.id::text FROM indicators i WHERE i.commitment_id IN (SELECT id FROM pub_commitments)))
  OR (e.subject_type = 'evidence' AND e.subject_id IN (SELECT v.id::text FROM evidence v WHERE v.public AND v.milestone_id IN (SELECT id FROM pub_milestones)))
  OR (e.subject_type = 'voting_round' AND e.subject_id IN (SELECT r.id::text FROM voting_rounds r WHERE r.status = 'closed' AND r.plan_id IN (SELECT id FROM pub_plans)))`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** JSON with sorted keys, so the digest does not depend on key order (jsonb reorders). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export function eventHash(e: Pick<AuditEvent, 'prevHash' | 'seq' | 'chainKey' | 'actorId' | 'subjectType' | 'subjectId' | 'action' | 'dataDigest' | 'occurredAt'>): string {
  return sha256(
    [e.prevHash ?? '', String(e.seq), e.chainKey, e.actorId ?? '', e.subjectType, e.subjectId, e.action, e.dataDigest, e.occurredAt.toISOString()].join('|'),
  );
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appends an event inside the caller's transaction (pass its EntityManager), so the event
   * exists if and only if the change does. `audit_append()` (migration AuditAppend) takes the
   * chain's transaction-scoped advisory lock, reads the last event and inserts the next one
   * in a single round trip, so the chain never forks and the lock is held only until commit.
   */
  async record(tx: EntityManager, input: AuditInput): Promise<void> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('AuditService.record must run inside a transaction');
    const call = this.appendCall(input, 1);
    await tx.query(`SELECT ${call.sql}`, call.params);
  }

  /**
   * The `audit_append(…)` call for `input` with its parameters numbered from `firstParam`,
   * for a change written as one autocommitted statement (a ballot): the chain's lock is then
   * released the moment the statement ends, not after another round trip to COMMIT.
   */
  appendCall(input: AuditInput, firstParam: number): { sql: string; params: unknown[] } {
    const data = JSON.parse(JSON.stringify(input.data ?? {}));
    const params = [
      input.secretariatId ?? 'platform',
      input.secretariatId,
      input.actorId,
      input.subjectType,
      input.subjectId,
      input.action,
      JSON.stringify(data),
      sha256(canonicalJson(data)),
      new Date(),
    ];
    const casts = ['text', 'uuid', 'uuid', 'text', 'text', 'text', 'jsonb', 'text', 'timestamptz'];
    return { sql: `audit_append(${casts.map((c, i) => `$${firstParam + i}::${c}`).join(', ')})`, params };
  }

  /** Recomputes the chain; reports the first event whose content, link or position is off. */
  async verify(secretariatId: string | null): Promise<AuditVerification> {
    const chainKey = secretariatId ?? 'platform';
    const batch = 1000;
    let prevHash: string | null = null;
    let expectedSeq = 1n;
    let count = 0;
    let afterSeq = '0';
    for (;;) {
      const rows = await this.db.getRepository(AuditEvent).createQueryBuilder('e')
        .where('e.chainKey = :chainKey AND e.seq > :afterSeq', { chainKey, afterSeq })
        .orderBy('e.seq', 'ASC')
        .take(batch)
        .getMany();
      for (const row of rows) {
        count++;
        const intact =
          BigInt(row.seq) === expectedSeq &&
          row.prevHash === prevHash &&
          row.dataDigest === sha256(canonicalJson(row.data)) &&
          row.hash === eventHash(row);
        if (!intact) return { valid: false, events: count, firstBrokenEventId: row.id };
        prevHash = row.hash;
        expectedSeq++;
      }
      if (rows.length < batch) break;
      afterSeq = rows[rows.length - 1].seq;
    }
    return { valid: true, events: count, firstBrokenEventId: null };
  }

  /** Members (and admins) see every event; others the public subset of published secretariats. */
  async listForViewer(secretariatId: string, user: AuthUser | undefined, page: PageQuery) {
    const [secretariat] = await this.db.query(
      `SELECT
         EXISTS (SELECT 1 FROM memberships m WHERE m.secretariat_id = s.id AND m.user_id = $2 AND m.ended_at IS NULL) AS member,
         EXISTS (SELECT 1 FROM action_plans p WHERE p.secretariat_id = s.id AND p.stage = ANY($3)) AS published
       FROM secretariats s WHERE s.id = $1`,
      [secretariatId, user?.id ?? null, PUBLISHED_STAGES],
    );
    if (!secretariat) throw notFound('El secretariado');
    const full = !!user?.isPlatformAdmin || secretariat.member;
    if (!full && !secretariat.published) throw notFound('El secretariado');

    const after = page.cursor ? String(decodeCursor(page.cursor, ['int'])[0]) : '0';
    const rows: AuditEvent[] = await this.db.query(
      `WITH pub_plans AS (SELECT id FROM action_plans WHERE secretariat_id = $1 AND stage = ANY($4)),
            pub_commitments AS (SELECT id FROM commitments WHERE plan_id IN (SELECT id FROM pub_plans)),
            pub_milestones AS (SELECT id FROM milestones WHERE commitment_id IN (SELECT id FROM pub_commitments))
       SELECT e.id, e.seq, e.actor_id AS "actorId", e.subject_type AS "subjectType", e.subject_id AS "subjectId",
              e.action, e.data, e.data_digest AS "dataDigest", e.occurred_at AS "occurredAt", e.prev_hash AS "prevHash", e.hash
         FROM audit_events e
        WHERE e.chain_key = $1::text AND e.seq > $2 AND ($5 OR ${PUBLIC_SUBJECTS_SQL})
        ORDER BY e.seq ASC
        LIMIT $3`,
      [secretariatId, after, page.limit + 1, PUBLISHED_STAGES, full],
    );
    const items = rows.slice(0, page.limit).map((e) => (full ? e : { ...e, actorId: undefined, data: {} }));
    const nextCursor = rows.length > page.limit ? encodeCursor([items[items.length - 1].seq]) : null;
    return { items, nextCursor, publicView: !full };
  }

  async verifySecretariat(secretariatId: string): Promise<AuditVerification> {
    const [exists] = await this.db.query('SELECT 1 FROM secretariats WHERE id = $1', [secretariatId]);
    if (!exists) throw notFound('El secretariado');
    return this.verify(secretariatId);
  }
}
