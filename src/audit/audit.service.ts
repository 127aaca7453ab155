import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
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
   * exists if and only if the change does. Appends to one chain are serialized by a
   * transaction-scoped advisory lock, so the chain never forks.
   */
  async record(tx: EntityManager, input: AuditInput): Promise<AuditEvent> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('AuditService.record must run inside a transaction');
    const chainKey = input.secretariatId ?? 'platform';
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit:${chainKey}`]);
    const [last] = await tx.query('SELECT seq, hash FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1', [chainKey]);
    const data = JSON.parse(JSON.stringify(input.data ?? {}));
    const event = tx.getRepository(AuditEvent).create({
      chainKey,
      secretariatId: input.secretariatId,
      seq: String(last ? BigInt(last.seq) + 1n : 1n),
      actorId: input.actorId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      action: input.action,
      data,
      dataDigest: sha256(canonicalJson(data)),
      occurredAt: new Date(),
      prevHash: last?.hash ?? null,
    });
    event.hash = eventHash(event);
    return tx.getRepository(AuditEvent).save(event);
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
}
