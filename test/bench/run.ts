/**
 * `npm run bench` — speed, scale and memory of Cocrea on this machine, each compared figure
 * measured in the same run as its reference. Uses the machine's PostgreSQL (database
 * `cocrea_bench`, dropped at the end) and Redis (logical db BENCH_REDIS_DB, keys `cocrea:*`
 * deleted before and after); starts the app as child processes. Prints a table and writes
 * bench-results.json. Timings are never asserted anywhere.
 *
 *   npm run bench                  full run (~15 min on 2 cores)
 *   npm run bench -- --quick       smoke run: 3 s loads (ballots 5 s), 1× and 4× only, fewer reminders
 *   npm run bench -- --only http,ballots,reminders,scale,startup,web
 *   npm run bench -- --api-processes 3   API processes of §2's second run (default: one per core)
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import Redis from 'ioredis';
import { parseFlags } from '../../src/database/cli';
import { seedScaleDatabase } from '../../src/seeds/scale';
import { AppProcess, appEnv, BENCH_DB, REPO_ROOT, BENCH_REDIS_DB, BENCH_REDIS_URL, cleanRedis, dropDatabase, PG_ADMIN_URL, query, recreateDatabase, startApp } from './lib';
import { printReport, Results } from './report';
import { ballots } from './sections/ballots';
import { httpReads } from './sections/http-reads';
import { reminders } from './sections/reminders';
import { scalePoint } from './sections/scale';
import { startup } from './sections/startup';
import { web } from './sections/web';
import { spawnSync } from 'node:child_process';

const SECTIONS = ['http', 'ballots', 'reminders', 'scale', 'startup', 'web'] as const;
type Section = (typeof SECTIONS)[number];
/** The bench stops itself whatever happens. */
const HARD_LIMIT_MS = 30 * 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const running = new Set<AppProcess>();

async function start(script: string, url: string, http = true, extra: Record<string, string> = {}): Promise<AppProcess> {
  // The worker has no HTTP port: its "worker running" log line (info) says it is ready.
  const p = await startApp(script, appEnv(url, { ...(http ? {} : { LOG_LEVEL: 'info' }), ...extra }), { http });
  running.add(p);
  void p.proc.exited.then(() => running.delete(p));
  return p;
}

async function cleanup() {
  for (const p of [...running]) await p.stop().catch(() => undefined);
  await dropDatabase(BENCH_DB).catch((e) => log(`(could not drop ${BENCH_DB}: ${e.message})`));
  await cleanRedis().catch((e) => log(`(could not clean Redis db ${BENCH_REDIS_DB}: ${e.message})`));
}

let resultsFile = 'bench-results.json';

/** A failing section is reported and the others still run; results so far are saved after each. */
async function attempt<T>(results: Results, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (process.env.BENCH_STACKS) log(String((error as Error).stack));
    const message = (error as Error).message.split('\n').slice(0, 12).join('\n    ');
    log(`  ${name} FAILED: ${message}`);
    results.notes.push(`${name} failed: ${message}`);
    return undefined;
  } finally {
    writeFileSync(resultsFile, `${JSON.stringify({ ...results, partial: true }, null, 2)}\n`);
  }
}

async function machine() {
  const [pg] = await query<{ version: string }>(PG_ADMIN_URL, 'SELECT version()');
  const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  const info = await redis.info('server').finally(() => redis.disconnect());
  return {
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: pg.version.split(' on ')[0],
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function main() {
  const flags = parseFlags(process.argv.slice(2));
  const quick = flags.quick !== undefined;
  const only = new Set<Section>(flags.only ? (flags.only.split(',') as Section[]) : SECTIONS);
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; use ${SECTIONS.join(',')}`);
  const o = {
    quick,
    duration: quick ? 3 : 10,
    connections: [50, 200],
    ballotClients: 100,
    scales: flags.scales ? flags.scales.split(',').map(Number) : quick ? [1, 4] : [1, 4, 16],
    relayRows: quick ? 20_000 : 100_000,
    latenessCount: quick ? 2_000 : 10_000,
    latenessWindowMs: quick ? 20_000 : 60_000,
    dashboardRequests: quick ? 10 : 30,
    dashboardBudgetMs: quick ? 10_000 : 30_000,
    exportTimeoutMs: quick ? 60_000 : 180_000,
    ballotSeconds: quick ? 5 : 10,
    ballotWarmSeconds: quick ? 10 : 20,
    apiProcesses: flags['api-processes'] ? Number(flags['api-processes']) : cpus().length,
    poolSize: 10,
  };
  const out = (resultsFile = flags.out ?? resultsFile);
  const started = Date.now();
  const results: Results = { startedAt: new Date().toISOString(), machine: await machine(), options: o, notes: [] };
  log(`Cocrea bench (${quick ? 'quick' : 'full'}): ${[...only].join(', ')} — ${results.machine.cpu}, load average ${results.machine.loadAverageAtStart.join(' ')}`);
  await cleanRedis();

  const needsData = only.has('http') || only.has('ballots') || only.has('scale');
  if (needsData) {
    log('Seeding the 1× dataset (seed:scale defaults)…');
    let url = await recreateDatabase();
    const seed = await seedScaleDatabase(url, { secretariatsPerState: 1 });
    log(`  ${seed.totalRows} rows in ${(seed.ms / 1000).toFixed(1)} s (${seed.rowsPerSecond} rows/s)`);
    results.seed = [{ scale: 1, rows: seed.totalRows, ms: seed.ms, rowsPerSecond: seed.rowsPerSecond, auditEvents: true }];
    let api = await start('dist/src/main.js', url);
    const worker = await start('dist/src/worker.js', url, false);
    log(`  API ready in ${api.readyMs} ms, worker in ${worker.readyMs} ms`);

    if (only.has('http')) {
      log('§1 HTTP reads (app vs bare Fastify + pg)…');
      // A second API on API_PROCESSES processes, idle while the others are measured.
      const many = await start('dist/src/main.js', url, true, { API_PROCESSES: String(o.apiProcesses) });
      results.http = await attempt(results, '§1 HTTP reads', () =>
        httpReads(url, api, { duration: o.duration, connections: o.connections, poolSize: o.poolSize, many: { api: many, processes: o.apiProcesses } }),
      );
      await many.stop();
    }
    if (only.has('ballots')) {
      const run = { clients: o.ballotClients, duration: o.ballotSeconds, warmSeconds: o.ballotWarmSeconds };
      log(`§2 Ballots: ${o.ballotClients} clients for ${o.ballotSeconds} s, one API process…`);
      const one = await attempt(results, '§2 Ballots', () => ballots(url, api, { ...run, processes: 1 }));
      results.ballots = one ? [one] : [];
      // The documented way to use more cores: API_PROCESSES HTTP processes on one port.
      await api.stop();
      log(`§2 Ballots: ${o.apiProcesses} API processes (API_PROCESSES)…`);
      api = await start('dist/src/main.js', url, true, { API_PROCESSES: String(o.apiProcesses) });
      const many = await attempt(results, `§2 Ballots ×${o.apiProcesses}`, () => ballots(url, api, { ...run, processes: o.apiProcesses }));
      if (many) results.ballots.push(many);
    }
    await worker.stop();
    await api.stop();
    if (only.has('scale')) {
      // A fresh API process at every size, so the export's memory is compared like for like.
      log('§4 Scale 1×…');
      api = await start('dist/src/main.js', url);
      const [{ n }] = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM milestones');
      const point = await attempt(results, '§4 Scale 1×', () => scalePoint(api, 1, { milestones: n, seedRowsPerSecond: seed.rowsPerSecond }, o));
      results.scale = point ? [point] : [];
      await api.stop();
    }

    if (only.has('scale')) {
      for (const scale of o.scales.filter((s) => s !== 1)) {
        log(`§4 Scale ${scale}×: seeding ${scale} secretariats per state (without audit chains)…`);
        url = await recreateDatabase();
        const s = await seedScaleDatabase(url, { secretariatsPerState: scale, auditEvents: false });
        log(`  ${s.totalRows} rows in ${(s.ms / 1000).toFixed(1)} s (${s.rowsPerSecond} rows/s)`);
        results.seed!.push({ scale, rows: s.totalRows, ms: s.ms, rowsPerSecond: s.rowsPerSecond, auditEvents: false });
        api = await start('dist/src/main.js', url);
        const [{ n }] = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM milestones');
        const point = await attempt(results, `§4 Scale ${scale}×`, () => scalePoint(api, scale, { milestones: n, seedRowsPerSecond: s.rowsPerSecond }, o));
        if (point) results.scale!.push(point);
        await api.stop();
      }
    }
    await dropDatabase(BENCH_DB);
  }

  if (only.has('reminders')) {
    log('§3 Reminders…');
    results.reminders = await attempt(results, '§3 Reminders', () => reminders({ relayRows: o.relayRows, latenessCount: o.latenessCount, latenessWindowMs: o.latenessWindowMs, log }));
  }
  if (only.has('startup')) {
    log('§5 Start-up on the embedded default…');
    results.startup = await attempt(results, '§5 Start-up', () => startup({ idleMs: quick ? 2000 : 5000 }));
  }

  if (only.has('web')) {
    log('§6 Web app: first page bytes, portal on a slow link, JSON compression, npm start…');
    results.web = await attempt(results, '§6 Web', async () => {
      const url = await recreateDatabase();
      // The demo data: a portal with published plans, as a visitor would find it.
      const seed = spawnSync(process.execPath, ['dist/src/seeds/seed-demo.js'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
      if (seed.status !== 0) throw new Error(`demo seed failed: ${seed.stderr}`);
      const api = await start('dist/src/main.js', url);
      try {
        return await web(api, url);
      } finally {
        await api.stop();
        await dropDatabase(BENCH_DB);
      }
    });
  }

  results.totalSeconds = Math.round((Date.now() - started) / 1000);
  results.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  printReport(results, log);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`Results written to ${out}.`);
}

const limit = setTimeout(() => {
  log(`Bench exceeded ${HARD_LIMIT_MS / 60_000} min: stopping.`);
  void cleanup().finally(() => process.exit(2));
}, HARD_LIMIT_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async () => {
    await cleanup();
    clearTimeout(limit);
    process.exit(0);
  })
  .catch(async (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    await cleanup();
    process.exit(1);
  });
