import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac } from 'node:crypto';
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
// (`= ANY(ARRAY(SELECT …))`: the secretariat's ids first, then index lookups of their
// children — never a hash of every milestone or evidence row in the country; issue 17.)
const PUBLIC_SUBJECTS_SQL = `
  e.subject_type = 'secretariat'
  OR (e.subject_type = 'action_plan' AND e.subject_id IN (SELECT id::text FROM pub_plans))
  OR (e.subject_type = 'commitment' AND e.subject_id IN (SELECT id::text FROM pub_commitments))
  OR (e.subject_type = 'milestone' AND e.subject_id IN (SELECT id::text FROM pub_milestones))
  OR (e.subject_type = 'indicator' AND e.subject_id IN (SELECT i.id::text FROM indicators i WHERE i.commitment_id = ANY(ARRAY(SELECT id FROM pub_commitments))))
  OR (e.subject_type = 'evidence' AND e.subject_id IN (SELECT v.id::text FROM evidence v WHERE v.public AND v.milestone_id = ANY(ARRAY(SELECT id FROM pub_milestones))))
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

/**
 * The keyed pseudonym of who acted and what changed (migration AuditSeal): HMAC-SHA256 under
 * the installation's key, so the hash can be published without letting anyone test a guess
 * of the actor or the data; unique per event, so seals do not link one actor's events.
 */
export function eventSeal(key: Buffer, e: Pick<AuditEvent, 'chainKey' | 'actorId' | 'subjectType' | 'subjectId' | 'action' | 'dataDigest' | 'occurredAt'>): string {
  return createHmac('sha256', key)
    .update([e.chainKey, e.actorId ?? '', e.subjectType, e.subjectId, e.action, e.dataDigest, e.occurredAt.toISOString()].join('|'))
    .digest('hex');
}

/** What `audit_append()` computes in SQL: the chain link over the fields the public view shows. */
export function eventHash(e: Pick<AuditEvent, 'prevHash' | 'seq' | 'chainKey' | 'seal' | 'subjectType' | 'subjectId' | 'action' | 'occurredAt'>): string {
  return sha256([e.prevHash ?? '', String(e.seq), e.chainKey, e.seal, e.subjectType, e.subjectId, e.action, e.occurredAt.toISOString()].join('|'));
}

/** The installation's audit key (created by migration AuditSeal). */
export async function loadAuditKey(em: EntityManager): Promise<Buffer> {
  const [row] = await em.query('SELECT key FROM audit_secret WHERE id = 1');
  if (!row) throw new Error('audit_secret is empty: run the migrations');
  return Buffer.from(row.key, 'hex');
}

@Injectable()
export class AuditService implements OnModuleInit {
  private key?: Buffer;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit() {
    this.key = await loadAuditKey(this.db.manager);
  }

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
    if (!this.key) throw new Error('AuditService used before its key was loaded');
    const data = JSON.parse(JSON.stringify(input.data ?? {}));
    const event = {
      chainKey: input.secretariatId ?? 'platform',
      actorId: input.actorId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      action: input.action,
      dataDigest: sha256(canonicalJson(data)),
      occurredAt: new Date(),
    };
    const params = [
      event.chainKey,
      input.secretariatId,
      event.actorId,
      event.subjectType,
      event.subjectId,
      event.action,
      JSON.stringify(data),
      event.dataDigest,
      event.occurredAt,
      eventSeal(this.key, event),
    ];
    const casts = ['text', 'uuid', 'uuid', 'text', 'text', 'text', 'jsonb', 'text', 'timestamptz', 'text'];
    return { sql: `audit_append(${casts.map((c, i) => `$${firstParam + i}::${c}`).join(', ')})`, params };
  }

  /** Recomputes the chain; reports the first event whose content, link or position is off. */
  async verify(secretariatId: string | null): Promise<AuditVerification> {
    const key = await loadAuditKey(this.db.manager);
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
          row.seal === eventSeal(key, row) &&
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

  /**
   * Members (and admins) see every event whose subject they may read: not another
   * organization's draft proposal nor its comments, invitations only as coordinators. Others
   * see the public subset of published secretariats, without actor, data or digest (what is
   * shown still links the chain).
   */
  async listForViewer(secretariatId: string, user: AuthUser | undefined, page: PageQuery & { subjectType?: string; action?: string }) {
    const [secretariat] = await this.db.query(
      `SELECT
         (SELECT m.id FROM memberships m WHERE m.secretariat_id = s.id AND m.user_id = $2 AND m.ended_at IS NULL LIMIT 1) AS membership_id,
         (SELECT m.organization_id FROM memberships m WHERE m.secretariat_id = s.id AND m.user_id = $2 AND m.ended_at IS NULL LIMIT 1) AS organization_id,
         EXISTS (SELECT 1 FROM memberships m WHERE m.secretariat_id = s.id AND m.user_id = $2 AND m.ended_at IS NULL AND m.is_coordinator) AS coordinator,
         EXISTS (SELECT 1 FROM action_plans p WHERE p.secretariat_id = s.id AND p.stage = ANY($3)) AS published
       FROM secretariats s WHERE s.id = $1`,
      [secretariatId, user?.id ?? null, PUBLISHED_STAGES],
    );
    if (!secretariat) throw notFound('El secretariado');
    const full = !!user?.isPlatformAdmin || !!secretariat.membership_id;
    if (!full && !secretariat.published) throw notFound('El secretariado');

    const after = page.cursor ? String(decodeCursor(page.cursor, ['int'])[0]) : '0';
    const rows: AuditEvent[] = await this.db.query(
      `WITH pub_plans AS (SELECT id FROM action_plans WHERE secretariat_id = $1 AND stage = ANY($4)),
            pub_commitments AS (SELECT id FROM commitments WHERE plan_id IN (SELECT id FROM pub_plans)),
            pub_milestones AS (SELECT id FROM milestones WHERE commitment_id = ANY(ARRAY(SELECT id FROM pub_commitments))),
            hidden_drafts AS (SELECT id FROM proposals WHERE secretariat_id = $1 AND status = 'draft'
                                AND author_id IS DISTINCT FROM $6::uuid AND (author_organization_id IS NULL OR author_organization_id IS DISTINCT FROM $7::uuid))
       SELECT e.id, e.seq, e.actor_id AS "actorId", e.subject_type AS "subjectType", e.subject_id AS "subjectId",
              e.action, e.data, e.data_digest AS "dataDigest", e.occurred_at AS "occurredAt", e.prev_hash AS "prevHash", e.seal, e.hash
         FROM audit_events e
        WHERE e.chain_key = $1::text AND e.seq > $2
          AND ($9::text IS NULL OR e.subject_type = $9) AND ($10::text IS NULL OR e.action = $10)
          AND (($5 AND NOT (
                 (e.subject_type = 'proposal' AND e.subject_id IN (SELECT id::text FROM hidden_drafts))
                 OR (e.subject_type = 'proposal_comment' AND e.subject_id IN (SELECT c.id::text FROM proposal_comments c WHERE c.proposal_id = ANY(ARRAY(SELECT id FROM hidden_drafts))))
                 OR (e.subject_type = 'invitation' AND NOT $8)))
               OR (NOT $5 AND (${PUBLIC_SUBJECTS_SQL})))
        ORDER BY e.seq ASC
        LIMIT $3`,
      [secretariatId, after, page.limit + 1, PUBLISHED_STAGES, full, secretariat.membership_id ? user!.id : null, secretariat.organization_id,
        !!user?.isPlatformAdmin || secretariat.coordinator, page.subjectType ?? null, page.action ?? null],
    );
    const items = rows.slice(0, page.limit).map((e) => (full ? e : { ...e, actorId: undefined, data: {}, dataDigest: undefined }));
    const nextCursor = rows.length > page.limit ? encodeCursor([items[items.length - 1].seq]) : null;
    return { items, nextCursor, publicView: !full };
  }

  async verifySecretariat(secretariatId: string): Promise<AuditVerification> {
    const [exists] = await this.db.query('SELECT 1 FROM secretariats WHERE id = $1', [secretariatId]);
    if (!exists) throw notFound('El secretariado');
    return this.verify(secretariatId);
  }
}
