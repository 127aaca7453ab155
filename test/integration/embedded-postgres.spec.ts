import { spawnNode } from '../support/processes';

// The embedded default serves one PGlite session to many pooled connections. Extended-
// protocol messages (Parse/Bind/Execute…Sync) and transactions of different connections
// must never interleave, or one connection's parameters land in another's statement.
describe('embedded PostgreSQL (PGlite over a loopback socket)', () => {
  it('answers concurrent parameterized queries and transactions from 8 connections correctly', async () => {
    const run = spawnNode('dist/test/support/embedded-stress.js', {});
    expect((await run.exited).code).toBe(0);
    const report = JSON.parse(run.output().trim().split('\n').pop()!);
    expect(report.errors).toEqual([]);
    expect(report.written).toBe(200);
    expect(report.correct).toBe(300);
    expect(report.counter).toBe(32); // 40 increments under FOR UPDATE, 8 rolled back
  });
});
