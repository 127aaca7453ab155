import { createHash, createHmac, randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (defect 4): the event hash covered `actor_id` and `data_digest`, both of which
 * the public view published or let be guessed, so hashing candidate user ids (or candidate
 * data) told who acted. Now the hash covers a `seal`: HMAC-SHA256 under a per-installation
 * key (generated here, table `audit_secret`) of the chain key, actor, subject, action, data
 * digest and instant. The public view shows the seal, not the actor or digest: the chain
 * still links (anyone recomputes hash from what is shown), `/audit/verify` (which has the
 * key) still finds any altered field, and nobody without the key can test a guess.
 *
 * Existing chains are re-sealed in place. Each event is first checked against the old
 * formula; one that was already broken gets an invalid seal, so verify keeps reporting it
 * (a reseal must not launder an alteration). The formulas are copied here on purpose: this
 * migration must keep doing what it did when `src/audit` changes.
 */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).filter((k) => obj[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

interface Row {
  id: string; seq: string; chain_key: string; actor_id: string | null; subject_type: string; subject_id: string; action: string;
  data: unknown; data_digest: string; occurred_at: Date; prev_hash: string | null; hash: string;
}

const BROKEN_SEAL = 'broken-before-reseal';

export class AuditSeal1764101200000 implements MigrationInterface {
    name = 'AuditSeal1764101200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        const key = randomBytes(32);
        await queryRunner.query(`CREATE TABLE "audit_secret" ("id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1), "key" text NOT NULL)`);
        await queryRunner.query(`INSERT INTO "audit_secret" ("key") VALUES ($1)`, [key.toString('hex')]);
        await queryRunner.query(`ALTER TABLE "audit_events" ADD "seal" text`);

        const chains: { chain_key: string }[] = await queryRunner.query(`SELECT DISTINCT chain_key FROM audit_events`);
        for (const { chain_key } of chains) {
            let oldPrev: string | null = null;
            let newPrev: string | null = null;
            let expected = 1n;
            let after = '0';
            for (;;) {
                const rows: Row[] = await queryRunner.query(
                    `SELECT * FROM audit_events WHERE chain_key = $1 AND seq > $2 ORDER BY seq LIMIT 1000`, [chain_key, after]);
                if (!rows.length) break;
                const ids: string[] = [], seals: string[] = [], hashes: string[] = [], prevs: (string | null)[] = [];
                for (const r of rows) {
                    const at = r.occurred_at.toISOString();
                    const oldHash = sha256([r.prev_hash ?? '', r.seq, r.chain_key, r.actor_id ?? '', r.subject_type, r.subject_id, r.action, r.data_digest, at].join('|'));
                    const intact = BigInt(r.seq) === expected && r.prev_hash === oldPrev && r.data_digest === sha256(canonicalJson(r.data)) && r.hash === oldHash;
                    const seal = intact
                        ? createHmac('sha256', key).update([r.chain_key, r.actor_id ?? '', r.subject_type, r.subject_id, r.action, r.data_digest, at].join('|')).digest('hex')
                        : BROKEN_SEAL;
                    const hash = sha256([newPrev ?? '', r.seq, r.chain_key, seal, r.subject_type, r.subject_id, r.action, at].join('|'));
                    ids.push(r.id); seals.push(seal); hashes.push(hash); prevs.push(newPrev);
                    oldPrev = r.hash;
                    newPrev = hash;
                    expected++;
                }
                await queryRunner.query(
                    `UPDATE audit_events e SET seal = v.seal, hash = v.hash, prev_hash = v.prev
                       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, seal, hash, prev) WHERE e.id = v.id`,
                    [ids, seals, hashes, prevs],
                );
                after = rows[rows.length - 1].seq;
            }
        }
        await queryRunner.query(`ALTER TABLE "audit_events" ALTER "seal" SET NOT NULL`);

        await queryRunner.query(`DROP FUNCTION audit_append(text, uuid, uuid, text, text, text, jsonb, text, timestamptz)`);
        await queryRunner.query(`
CREATE FUNCTION audit_append(p_chain_key text, p_secretariat_id uuid, p_actor_id uuid, p_subject_type text,
                             p_subject_id text, p_action text, p_data jsonb, p_data_digest text, p_occurred_at timestamptz, p_seal text)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_seq bigint;
  v_prev text;
  v_at timestamptz := date_trunc('milliseconds', p_occurred_at);
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit:' || p_chain_key));
  SELECT seq, hash INTO v_seq, v_prev FROM audit_events WHERE chain_key = p_chain_key ORDER BY seq DESC LIMIT 1;
  v_seq := coalesce(v_seq, 0) + 1;
  INSERT INTO audit_events (chain_key, secretariat_id, seq, actor_id, subject_type, subject_id, action, data, data_digest, occurred_at, prev_hash, seal, hash)
  VALUES (p_chain_key, p_secretariat_id, v_seq, p_actor_id, p_subject_type, p_subject_id, p_action, p_data, p_data_digest, v_at, v_prev, p_seal,
          encode(sha256(convert_to(concat_ws('|', coalesce(v_prev, ''), v_seq::text, p_chain_key, p_seal,
                 p_subject_type, p_subject_id, p_action,
                 to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), 'UTF8')), 'hex'));
END
$$`);
    }

    public async down(): Promise<void> {
        // The old hashes cannot be recomputed without re-deriving every chain: not reversible.
        throw new Error('AuditSeal cannot be reverted');
    }

}
