import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureSql, CaptureTarget } from '../capture';
import { firstDifference, shortJson } from '../hand-written';
import autocannon from 'autocannon';
import { AppProcess, cpuDelta, CpuSample, cpuSample, isSteady, LoadResult, percentile, query, round1, startApp, tokenFor } from '../lib';

/** One server's figures at one point, with the p50 of each half of the run (stability). */
export interface PointResult extends LoadResult {
  /** p50 of the responses completed in the first and in the second half of the run, ms. */
  p50Halves: [number, number];
  /**
   * CPU ms per answer during the measured span (from /proc): the server process, the
   * PostgreSQL backends of the bench database (only the measured server is loaded then) and
   * the load generator. Less sensitive than req/s to other work sharing the cores.
   */
  cpuMsPerRequest: { server: number; postgres: number; loadGenerator: number };
}

export interface HttpReadRow {
  route: string;
  connections: number;
  app: PointResult;
  /** The bare server replaying the SQL statements the app ran (same text, same parameters). */
  baseline: PointResult;
  /** The bare server answering with one hand-written statement (hand-written.ts). */
  handWritten: PointResult;
  /** app requests/s ÷ replayed-SQL requests/s. */
  ratio: number;
  /** app requests/s ÷ hand-written requests/s: the figure of issue 17's goal. */
  handRatio: number;
  /** At 50 connections: the app on API_PROCESSES = `processes` processes, and its ratio to the hand-written ceiling. */
  many?: { processes: number; app: PointResult; handRatio: number };
}

export interface Equality {
  /** true: the hand-written answer, parsed, deep-equals the app's (key order aside). */
  sameAsApp: boolean;
  /** The first differing JSON path and both values, when not the same. */
  difference?: { path: string; app: string; hand: string };
  appBytes: number;
  handBytes: number;
}

export interface WarmUp {
  server: string;
  route: string;
  connections: number;
  /** Responses per 1-s window, from the first. */
  windows: number[];
  steady: boolean;
}

export interface HttpReadsResult {
  rows: HttpReadRow[];
  responses: Record<string, { bytes: number; statements: number }>;
  /** Per route label: the hand-written answer compared with the app's. */
  equality: Record<string, Equality>;
  /** Seconds of each measured point. */
  pointSeconds: number;
  /** The fresh app's warm-up curve on the first route (the first load the API process sees). */
  appWarmUp?: WarmUp;
  /** Every server's warm-up, windows to steady state. */
  warmUps: WarmUp[];
  skipped: string[];
}

/** At most this many seconds of warm-up before a point is measured, steady (lib's isSteady) or not. */
const WARM_CAP_S = 15;

/**
 * One point, warm-up and measurement in ONE autocannon run, so the connections and the queue
 * of requests in flight that made the state steady are the ones measured (a new run would
 * start again from idle connections: at 200 connections and ~4 s per public plan, the first
 * responses of a fresh 5-s run arrive after most of it). Warm: responses per 1-s window
 * (`tick`) until steady or WARM_CAP_S; then `seconds` are measured from each response's
 * completion time and latency. p50 of each half of the measured span shows it did not drift.
 */
async function steadyPoint(opts: { url: string; headers?: Record<string, string>; connections: number; seconds: number; pid: number; database: string }): Promise<{ point: PointResult; warm: { windows: number[]; steady: boolean } }> {
  const done: { at: number; ms: number; ok: boolean; bytes: number }[] = [];
  const windows: number[] = [];
  let steady = false;
  let from = 0;
  let to = 0;
  let cpuFrom: CpuSample | null = null;
  let cpuTo: CpuSample | null = null;
  const instance = autocannon({
    url: opts.url,
    headers: opts.headers,
    connections: opts.connections,
    timeout: 30,
    duration: WARM_CAP_S + opts.seconds + 5,
    setupClient: (client) => client.on('response', (status, bytes, ms) => done.push({ at: Date.now(), ms, ok: status >= 200 && status < 300, bytes })),
  });
  instance.on('tick', ({ counter }) => {
    if (from) return;
    windows.push(counter);
    steady = isSteady(windows);
    if (steady || windows.length >= WARM_CAP_S) {
      from = Date.now();
      cpuFrom = cpuSample(opts.pid, opts.database);
      setTimeout(() => {
        to = Date.now();
        cpuTo = cpuSample(opts.pid, opts.database);
        instance.stop();
      }, opts.seconds * 1000);
    }
  });
  const r = await instance;
  if (!to) {
    to = Date.now();
    cpuTo = cpuSample(opts.pid, opts.database);
  }
  const span = done.filter((d) => d.at >= from && d.at <= to);
  const ok = span.filter((d) => d.ok);
  const seconds = (to - from) / 1000;
  const middle = from + (to - from) / 2;
  const p = (xs: number[], q: number) => round1(percentile([...xs].sort((a, b) => a - b), q));
  const latencies = ok.map((d) => d.ms);
  const cpu = cpuDelta(cpuFrom ?? cpuTo!, cpuTo!);
  const perRequest = (cpuS: number) => Math.round((cpuS * 1000 * 100) / Math.max(1, ok.length)) / 100;
  if (!ok.length || span.length - ok.length > ok.length) throw new Error(`${opts.url}: ${ok.length} ok of ${span.length} measured responses (status codes: ${JSON.stringify(r.statusCodeStats)})`);
  return {
    point: {
      requests: ok.length,
      rps: round1(ok.length / seconds),
      p50: p(latencies, 50),
      p99: p(latencies, 99),
      errors: r.errors + r.timeouts,
      non2xx: span.length - ok.length,
      throughputMiBs: round1(span.reduce((s, d) => s + d.bytes, 0) / seconds / 1048576),
      cpuMsPerRequest: { server: perRequest(cpu.server), postgres: perRequest(cpu.postgres), loadGenerator: perRequest(cpu.loadGenerator) },
      p50Halves: [p(ok.filter((d) => d.at < middle).map((d) => d.ms), 50), p(ok.filter((d) => d.at >= middle).map((d) => d.ms), 50)],
    },
    warm: { windows, steady },
  };
}

async function getJson(url: string, headers?: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
}

/**
 * §1: a public plan with its commitments (anonymous) and a member's proposal list
 * (authenticated), each at 50 and 200 connections, on three servers measured alternately in
 * the same run: the app; the bare Fastify + pg server replaying the SQL the app ran; and the
 * same bare server answering from one hand-written statement that builds the whole JSON in
 * PostgreSQL (the goal's ceiling). First the hand-written answers are compared with the app's.
 *
 * Each point warms its server to a steady state and then measures it in the same run
 * (steadyPoint) for `pointSeconds`: 12 s in a full run, 5 s with --quick. The former 3-s
 * runs from idle connections gave a 200-connection public-plan figure that was still
 * climbing (at ~4 s per answer under that load, a fresh run's first responses come after
 * most of it); measured after the warm-up, a few seconds hold hundreds of answers, and the
 * p50 of each half of the span, reported next to the figure, shows whether it drifted.
 */
export async function httpReads(
  databaseUrl: string,
  api: AppProcess,
  opts: { duration: number; connections: number[]; poolSize: number; many?: { api: AppProcess; processes: number } },
): Promise<HttpReadsResult> {
  const pointSeconds = opts.duration < 10 ? 5 : 12;
  const database = new URL(databaseUrl).pathname.slice(1);
  const [target] = await query<{ plan_id: string; user_id: string }>(
    databaseUrl,
    `SELECT p.id AS plan_id, m.user_id FROM action_plans p JOIN memberships m ON m.secretariat_id = p.secretariat_id AND m.role = 'titular'
      WHERE p.stage = 'implementation' ORDER BY p.secretariat_id, m.created_at LIMIT 1`,
  );
  const token = tokenFor(target.user_id);
  const targets: (CaptureTarget & { label: string; hand: string })[] = [
    {
      name: 'public-plan',
      label: 'GET /public/plans/:id (anonymous)',
      path: `/api/v1/public/plans/${target.plan_id}`,
      hand: `/hand/public-plan/${target.plan_id}`,
    },
    {
      name: 'proposal-list',
      label: 'GET /plans/:id/proposals (member)',
      path: `/api/v1/plans/${target.plan_id}/proposals?limit=20`,
      headers: { authorization: `Bearer ${token}` },
      hand: `/hand/proposal-list/${target.plan_id}?user=${target.user_id}&limit=20`,
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

  // The app child gets no PUBLIC_URL (appEnv), so its evidence links use AppConfig's default.
  const appPublicUrl = `http://localhost:${new URL(api.baseUrl).port}`;
  const baseline = await startApp('dist/test/bench/baseline-server.js', {
    DATABASE_URL: databaseUrl,
    POOL_SIZE: String(opts.poolSize),
    CAPTURE_FILE: file,
    APP_PUBLIC_URL: appPublicUrl,
  });
  const rows: HttpReadRow[] = [];
  const equality: Record<string, Equality> = {};
  const warmUps: WarmUp[] = [];
  try {
    // Same answer first: one request each (negligible next to the warm-up that follows).
    for (const t of live) {
      const [app, hand] = [await getJson(`${api.baseUrl}${t.path}`, t.headers), await getJson(`${baseline.baseUrl}${t.hand}`)];
      const diff = app.status !== hand.status ? { path: 'HTTP status', app: app.status, hand: hand.status } : firstDifference(JSON.parse(app.text), JSON.parse(hand.text));
      equality[t.label] = {
        sameAsApp: !diff,
        ...(diff ? { difference: { path: diff.path, app: shortJson(diff.app), hand: shortJson(diff.hand) } } : {}),
        appBytes: Buffer.byteLength(app.text),
        handBytes: Buffer.byteLength(hand.text),
      };
      if (diff) process.stdout.write(`  !!! ${t.label}: the hand-written answer DIFFERS from the app's at ${diff.path} (app ${shortJson(diff.app)}, hand-written ${shortJson(diff.hand)}): that ceiling measures other work\n`);
    }

    for (const t of live) {
      const servers = [
        { server: 'app', url: `${api.baseUrl}${t.path}`, headers: t.headers, pid: api.pid },
        { server: 'replayed', url: `${baseline.baseUrl}/${t.name}`, pid: baseline.pid },
        { server: 'hand-written', url: `${baseline.baseUrl}${t.hand}`, pid: baseline.pid },
      ];
      for (const connections of opts.connections) {
        // Alternately, the same duration each, so a drift of the machine hits all three. The
        // first point of all is the fresh app process (run.ts starts it just before §1): its
        // warm-up is the curve the report shows.
        const points: PointResult[] = [];
        for (const s of servers) {
          const { point, warm } = await steadyPoint({ url: s.url, headers: s.headers, connections, seconds: pointSeconds, pid: s.pid, database });
          warmUps.push({ server: s.server, route: t.label, connections, ...warm });
          points.push(point);
        }
        const [app, base, hand] = points;
        // The documented way to use every core (API_PROCESSES), at the goal's 50 connections.
        let many: HttpReadRow['many'];
        if (opts.many && connections === 50) {
          const { point, warm } = await steadyPoint({ url: `${opts.many.api.baseUrl}${t.path}`, headers: t.headers, connections, seconds: pointSeconds, pid: opts.many.api.pid, database });
          warmUps.push({ server: `app ×${opts.many.processes}`, route: t.label, connections, ...warm });
          many = { processes: opts.many.processes, app: point, handRatio: round1((point.rps / hand.rps) * 100) / 100 };
        }
        rows.push({
          route: t.label,
          connections,
          app,
          baseline: base,
          handWritten: hand,
          ratio: round1((app.rps / base.rps) * 100) / 100,
          handRatio: round1((app.rps / hand.rps) * 100) / 100,
          many,
        });
      }
    }
  } finally {
    await baseline.stop();
  }
  return {
    rows,
    responses: Object.fromEntries(live.map((t) => [t.label, { bytes: captured[t.name].bytes, statements: captured[t.name].statements.length }])),
    equality,
    pointSeconds,
    appWarmUp: warmUps.find((w) => w.server === 'app'),
    warmUps,
    skipped,
  };
}
