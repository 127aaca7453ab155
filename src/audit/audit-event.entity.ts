import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One state-changing action, chained per secretariat: `hash` covers the event's fields (actor
 * and data through the keyed `seal`) and the previous event's hash, so altering, deleting or
 * reordering any row breaks the chain.
 * Platform-level events (no secretariat) form their own chain.
 */
@Entity('audit_events')
@Index('UQ_audit_events_chain_seq', ['chainKey', 'seq'], { unique: true })
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The secretariat id, or 'platform'. */
  @Column({ type: 'text' })
  chainKey: string;

  @Index('IDX_audit_events_secretariat')
  @Column({ type: 'uuid', nullable: true })
  secretariatId: string | null;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'text' })
  subjectId: string;

  @Column({ type: 'text' })
  action: string;

  /** What changed, without secrets (a secret ballot records that the seat voted, not how). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'text' })
  dataDigest: string;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'text', nullable: true })
  prevHash: string | null;

  /** HMAC of actor, subject, action, data digest and instant under the installation's key; the hash covers this, not the actor. */
  @Column({ type: 'text' })
  seal: string;

  @Column({ type: 'text' })
  hash: string;
}
