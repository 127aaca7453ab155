import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureSql, CaptureTarget } from '../capture';
import { AppProcess, load, LoadResult, query, round1, startApp, tokenFor, warm } from '../lib';

export interface HttpReadRow {
  route: string;
  connections: number;
  app: LoadResult;
  baseline: LoadResult;
  /** app requests/s ÷ baseline requests/s. */
  ratio: number;
}

export interface HttpReadsResult {
  rows: HttpReadRow[];
  responses: Record<string, { bytes: number; statements: number }>;
  skipped: string[];
}

/**
 * §1: a public plan with its commitments (anonymous) and a member's proposal list
 * (authenticated), each at 50 and 200 connections, on the app and on the bare
 * Fastify + pg server replaying the same SQL — alternately, in the same run.
 */
export async function httpReads(databaseUrl: string, api: AppProcess, opts: { duration: number; connections: number[]; poolSize: number }): Promise<HttpReadsResult> {
  const [target] = await query<{ plan_id: string; user_id: string }>(
    databaseUrl,
    `SELECT p.id AS plan_id, m.user_id FROM action_plans p JOIN memberships m ON m.secretariat_id = p.secretariat_id AND m.role = 'titular'
      WHERE p.stage = 'implementation' ORDER BY p.secretariat_id, m.created_at LIMIT 1`,
  );
  const token = tokenFor(target.user_id);
  const targets: (CaptureTarget & { label: string })[] = [
    { name: 'public-plan', label: 'GET /public/plans/:id (anonymous)', path: `/api/v1/public/plans/${target.plan_id}` },
    {
      name: 'proposal-list',
      label: 'GET /plans/:id/proposals (member)',
      path: `/api/v1/plans/${target.plan_id}/proposals?limit=20`,
      headers: { authorization: `Bearer ${token}` },
    },
  ];

  const captured = await captureSql(databaseUrl, targets);
  const skipped: string[] = [];
  const live = targets.filter((t) => {
    if (captured[t.name].status === 200) return true;
    skipped.push(`${t.label}: the app answered ${captured[t.name].status} (route not built yet?)`);
    return false;
  });
  const dir = mkdtempSync(join(tmpdir(), 'cocrea-bench-'));
  const file = join(dir, 'captured.json');
  writeFileSync(file, JSON.stringify(Object.fromEntries(live.map((t) => [t.name, captured[t.name].statements]))));

  const baseline = await startApp('dist/test/bench/baseline-server.js', { DATABASE_URL: databaseUrl, POOL_SIZE: String(opts.poolSize), CAPTURE_FILE: file });
  const rows: HttpReadRow[] = [];
  try {
    for (const t of live) {
      const appUrl = `${api.baseUrl}${t.path}`;
      const baseUrl = `${baseline.baseUrl}/${t.name}`;
      // Warm both (JIT, pools, PostgreSQL cache) before anything is recorded.
      await warm({ url: appUrl, headers: t.headers, connections: 10, amount: 100 });
      await warm({ url: baseUrl, connections: 10, amount: 100 });
      for (const connections of opts.connections) {
        const app = await load({ url: appUrl, headers: t.headers, connections, duration: opts.duration });
        const base = await load({ url: baseUrl, connections, duration: opts.duration });
        rows.push({ route: t.label, connections, app, baseline: base, ratio: round1((app.rps / base.rps) * 100) / 100 });
      }
    }
  } finally {
    await baseline.stop();
  }
  return {
    rows,
    responses: Object.fromEntries(live.map((t) => [t.label, { bytes: captured[t.name].bytes, statements: captured[t.name].statements.length }])),
    skipped,
  };
}
