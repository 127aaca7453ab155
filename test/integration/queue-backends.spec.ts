import { QueueProbe } from '../../src/queue/probe';
import { createTestApp } from '../support/test-app';

// One place picks the job backend; the same queue code must round-trip a job on both.
describe.each([['redis'], ['postgres']] as const)('job backend: %s', (queue) => {
  it('round-trips a job through a worker and reports ready', async () => {
    const t = await createTestApp({ queue, workers: true });
    try {
      const probe = await t.app.get(QueueProbe).probe();
      expect(probe.answeredBy).toBe(String(process.pid));
      const ready = await t.http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info).toMatchObject({ database: { status: 'up' }, queue: { status: 'up' } });
      if (queue === 'postgres') {
        // BullMQ's PostgreSQL backend keeps its tables in the app database, schema `bullmq`.
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'bullmq'`);
        expect(n).toBeGreaterThan(0);
      }
    } finally {
      await t.close();
    }
  });
});
