import { createHash, randomUUID } from 'node:crypto';
import { AuditAppend1764101000000 } from '../../migrations/1764101000000-AuditAppend';
import { AuditSeal1764101200000 } from '../../migrations/1764101200000-AuditSeal';
import { AuditService, canonicalJson } from '../../src/audit/audit.service';
import { createTestApp, TestApp } from '../support/test-app';

// Migration AuditSeal re-seals chains written before it: intact ones verify afterwards, and
// an event altered before the migration is still reported (the reseal does not launder it).
describe('audit seal migration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
  });
  afterAll(() => t.close());

  it('re-seals existing chains and keeps an earlier alteration visible', async () => {
    const qr = t.db.createQueryRunner();
    try {
      // Back to the schema before AuditSeal.
      await qr.query(`DROP FUNCTION audit_append(text, uuid, uuid, text, text, text, jsonb, text, timestamptz, text)`);
      await qr.query(`DROP TABLE audit_secret`);
      await qr.query(`ALTER TABLE audit_events DROP COLUMN seal`);
      await new AuditAppend1764101000000().up(qr);

      const append = async (chain: string, i: number) => {
        const data = { i, to: 'consultation' };
        await qr.query(`SELECT audit_append($1::text, $1::uuid, $2::uuid, 'action_plan', $3, 'plan.stage_changed', $4::jsonb, $5, $6::timestamptz)`, [
          chain, randomUUID(), `p${i}`, JSON.stringify(data), createHash('sha256').update(canonicalJson(data)).digest('hex'), new Date(),
        ]);
      };
      const intact = randomUUID();
      const altered = randomUUID();
      for (let i = 0; i < 4; i++) {
        await append(intact, i);
        await append(altered, i);
      }
      const [third] = await qr.query(`SELECT id FROM audit_events WHERE chain_key = $1 AND seq = 3`, [altered]);
      await qr.query(`UPDATE audit_events SET data = jsonb_set(data, '{to}', '"closed"') WHERE id = $1`, [third.id]);

      await new AuditSeal1764101200000().up(qr);

      const audit = t.app.get(AuditService);
      expect(await audit.verify(intact)).toEqual({ valid: true, events: 4, firstBrokenEventId: null });
      expect(await audit.verify(altered)).toMatchObject({ valid: false, firstBrokenEventId: third.id });
      const [{ n }] = await qr.query(`SELECT count(*)::int AS n FROM audit_events WHERE seal IS NULL`);
      expect(n).toBe(0);
    } finally {
      await qr.release();
    }
  });
});
