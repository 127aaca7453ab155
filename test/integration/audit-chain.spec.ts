import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service';
import { createTestApp, TestApp } from '../support/test-app';

describe('audit chain', () => {
  let t: TestApp;
  let audit: AuditService;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  async function chainOf(n: number) {
    const secretariatId = randomUUID();
    for (let i = 0; i < n; i++) {
      await t.db.transaction((tx) =>
        audit.record(tx, { secretariatId, actorId: null, subjectType: 'plan', subjectId: `p${i}`, action: 'stage_changed', data: { to: 'consultation', i } }),
      );
    }
    const ids: string[] = (await t.db.query('SELECT id FROM audit_events WHERE secretariat_id = $1 ORDER BY seq', [secretariatId])).map((r: { id: string }) => r.id);
    return { secretariatId, ids };
  }

  it('verifies an intact chain', async () => {
    const { secretariatId } = await chainOf(5);
    expect(await audit.verify(secretariatId)).toEqual({ valid: true, events: 5, firstBrokenEventId: null });
  });

  it('finds an event whose data was altered with SQL', async () => {
    const { secretariatId, ids } = await chainOf(5);
    await t.db.query(`UPDATE audit_events SET data = jsonb_set(data, '{to}', '"closed"') WHERE id = $1`, [ids[2]]);
    expect(await audit.verify(secretariatId)).toMatchObject({ valid: false, firstBrokenEventId: ids[2] });
  });

  it('finds an event whose action was rewritten', async () => {
    const { secretariatId, ids } = await chainOf(4);
    await t.db.query(`UPDATE audit_events SET action = 'approved' WHERE id = $1`, [ids[1]]);
    expect((await audit.verify(secretariatId)).firstBrokenEventId).toBe(ids[1]);
  });

  it('finds a deleted event', async () => {
    const { secretariatId, ids } = await chainOf(5);
    await t.db.query('DELETE FROM audit_events WHERE id = $1', [ids[3]]);
    expect(await audit.verify(secretariatId)).toMatchObject({ valid: false, firstBrokenEventId: ids[4] });
  });

  it('finds reordered events', async () => {
    const { secretariatId, ids } = await chainOf(5);
    await t.db.query('UPDATE audit_events SET seq = -seq WHERE id = ANY($1)', [[ids[1], ids[2]]]);
    await t.db.query('UPDATE audit_events SET seq = 3 WHERE id = $1', [ids[1]]);
    await t.db.query('UPDATE audit_events SET seq = 2 WHERE id = $1', [ids[2]]);
    expect(await audit.verify(secretariatId)).toMatchObject({ valid: false, firstBrokenEventId: ids[2] });
  });

  it('keeps one unbroken chain under 40 concurrent appends', async () => {
    const secretariatId = randomUUID();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.db.transaction((tx) => audit.record(tx, { secretariatId, actorId: null, subjectType: 'ballot', subjectId: `b${i}`, action: 'cast', data: {} })),
      ),
    );
    expect(await audit.verify(secretariatId)).toEqual({ valid: true, events: 40, firstBrokenEventId: null });
  });

  it('refuses to record outside a transaction', async () => {
    await expect(audit.record(t.db.manager, { secretariatId: null, actorId: null, subjectType: 'x', subjectId: 'y', action: 'z' })).rejects.toThrow('inside a transaction');
  });
});
