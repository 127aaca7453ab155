import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appends an audit event in one round trip. The chain's advisory lock is held from here to
 * the end of the caller's transaction, so the fewer round trips between taking it and
 * committing, the more changes per second one secretariat can make (ballots at a deadline).
 * In a VOLATILE plpgsql function each statement takes a fresh snapshot, so the last event is
 * read after the lock is granted and the chain never forks. The hash is the one
 * `eventHash()` computes in `src/audit/audit.service.ts` (fields joined by `|`, SHA-256 hex,
 * `occurred_at` as ISO 8601 UTC with milliseconds); `verify()` recomputes it in TypeScript.
 */
export class AuditAppend1764101000000 implements MigrationInterface {
    name = 'AuditAppend1764101000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
CREATE FUNCTION audit_append(p_chain_key text, p_secretariat_id uuid, p_actor_id uuid, p_subject_type text,
                             p_subject_id text, p_action text, p_data jsonb, p_data_digest text, p_occurred_at timestamptz)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_seq bigint;
  v_prev text;
  v_at timestamptz := date_trunc('milliseconds', p_occurred_at);
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit:' || p_chain_key));
  SELECT seq, hash INTO v_seq, v_prev FROM audit_events WHERE chain_key = p_chain_key ORDER BY seq DESC LIMIT 1;
  v_seq := coalesce(v_seq, 0) + 1;
  INSERT INTO audit_events (chain_key, secretariat_id, seq, actor_id, subject_type, subject_id, action, data, data_digest, occurred_at, prev_hash, hash)
  VALUES (p_chain_key, p_secretariat_id, v_seq, p_actor_id, p_subject_type, p_subject_id, p_action, p_data, p_data_digest, v_at, v_prev,
          encode(sha256(convert_to(concat_ws('|', coalesce(v_prev, ''), v_seq::text, p_chain_key, coalesce(p_actor_id::text, ''),
                 p_subject_type, p_subject_id, p_action, p_data_digest,
                 to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), 'UTF8')), 'hex'));
END
$$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION audit_append(text, uuid, uuid, text, text, text, jsonb, text, timestamptz)`);
    }

}
