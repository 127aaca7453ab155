import { JwtService } from '@nestjs/jwt';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, Spawned, waitForReady } from '../support/processes';

/** The repository root (this file runs from dist/test/bench). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** The machine's services (DESIGN §7); the bench owns one database and one Redis logical db. */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Overridable so two checkouts can bench at once without dropping each other's data (their figures still share the cores). */
export const BENCH_DB = process.env.BENCH_DB ?? 'cocrea_bench';
/**
 * The app's BullMQ/throttler key prefix is fixed (`cocrea`), so the bench isolates its keys in
 * a logical Redis database of its own and deletes `cocrea:*` there before and after.
 */
export const BENCH_REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 11);
export const REDIS_BASE = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_REDIS_URL = `${REDIS_BASE}/${BENCH_REDIS_DB}`;
export const QUEUE_PREFIX = 'cocrea';
export const JWT = { secret: 'bench-secret-bench-secret-bench-secret-0123456789', issuer: 'cocrea', audience: 'cocrea-api' };

export function dbUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL, application_name: 'cocrea-bench' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function recreateDatabase(name = BENCH_DB): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  return dbUrl(name);
}

export const dropDatabase = (name = BENCH_DB) => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url, application_name: 'cocrea-bench' });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Deletes the app's keys in the bench's Redis database. */
export async function cleanRedis(): Promise<number> {
  const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** An access token exactly as AuthService issues them (HS256, sub, iss/aud). */
const jwt = new JwtService({ secret: JWT.secret, signOptions: { issuer: JWT.issuer, audience: JWT.audience, expiresIn: '2h' } });
export const tokenFor = (userId: string) => jwt.sign({ sub: userId });

// ---------------------------------------------------------------------------------------
// Processes

/**
 * Runs a built file (path relative to the repo root) with exactly `env` (plus PATH/HOME).
 * BENCH_CPU_PROF=<dir>: every child writes a V8 CPU profile there when it exits.
 */
const children = new Set<ChildProcess>();
// Whatever happens to the bench, it leaves no app, worker or baseline process behind.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function spawnNode(script: string, env: Record<string, string>): Spawned {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, join(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Keep the tail only: a long run must not grow the bench's memory.
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  children.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, output: () => out, exited };
}

export interface AppProcess {
  proc: Spawned;
  pid: number;
  baseUrl: string;
  readyMs: number;
  stop(): Promise<void>;
}

/** Env of an app child: production settings, the bench's database and Redis db. */
export function appEnv(databaseUrl: string | null, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_ACCESS_SECRET: JWT.secret,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, REDIS_URL: BENCH_REDIS_URL } : {}),
    ...extra,
  };
}

/** Starts a built entry point and waits for /health/ready (HTTP ones) or its ready line. */
export async function startApp(script: string, env: Record<string, string>, opts: { http?: boolean; timeoutMs?: number } = {}): Promise<AppProcess> {
  const http = opts.http ?? true;
  const port = await freePort();
  const started = Date.now();
  const proc = spawnNode(script, { PORT: String(port), HOST: '127.0.0.1', ...env });
  const baseUrl = `http://127.0.0.1:${port}`;
  let readyMs: number;
  try {
    if (http) readyMs = await waitForReady(baseUrl, proc, opts.timeoutMs ?? 120_000);
    else {
      while (!/worker running/.test(proc.output())) {
        if (proc.child.exitCode !== null) throw new Error(`${script} exited:\n${proc.output()}`);
        if (Date.now() - started > (opts.timeoutMs ?? 120_000)) throw new Error(`${script} not ready:\n${proc.output()}`);
        await sleep(100);
      }
      readyMs = Date.now() - started;
    }
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw error;
  }
  return { proc, pid: proc.child.pid!, baseUrl, readyMs, stop: () => stopProcess(proc) };
}

/** SIGTERM, then SIGKILL after 20 s. */
export async function stopProcess(proc: Spawned): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const killer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
  await proc.exited;
  clearTimeout(killer);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process from /proc (kB fields → MiB). */
export function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rssMiB: round1(field('VmRSS')), hwmMiB: round1(field('VmHWM')) };
}

/**
 * CPU seconds (user + system) used so far by: the process `pid` and its children (an
 * API_PROCESSES primary and its forks), each PostgreSQL backend serving `database` (their
 * title names it; by pid, see cpuDelta) and this bench process (the load generator). /proc.
 */
export function cpuSample(pid: number, database: string): { server: number; loadGenerator: number; backends: Map<number, number> } {
  const tick = 100; // USER_HZ on Linux
  const out = { server: 0, loadGenerator: 0, backends: new Map<number, number>() };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised name: state ppid … utime(14) stime(15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const used = (Number(fields[11]) + Number(fields[12])) / tick;
      const id = Number(entry);
      if (id === pid || Number(fields[1]) === pid) out.server += used;
      else if (id === process.pid) out.loadGenerator += used;
      else if (fields[0] !== 'Z' && isBackendOf(readFileSync(`/proc/${entry}/cmdline`, 'utf8'), database)) out.backends.set(id, used);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}
export type CpuSample = ReturnType<typeof cpuSample>;

/**
 * CPU seconds used between two samples. PostgreSQL per backend, so that a backend closing
 * meanwhile (an idle pool connection) does not subtract its whole life: backends alive at the
 * end count what they used since the start (all of it when new).
 */
export function cpuDelta(a: CpuSample, b: CpuSample): { server: number; postgres: number; loadGenerator: number } {
  let postgres = 0;
  for (const [pid, used] of b.backends) postgres += used - (a.backends.get(pid) ?? 0);
  return { server: b.server - a.server, postgres, loadGenerator: b.loadGenerator - a.loadGenerator };
}

const isBackendOf = (title: string, database: string) => title.startsWith('postgres: ') && title.includes(` ${database} `);

/** Samples VmRSS every `everyMs` until stopped; returns the peak. */
export function sampleRss(pid: number, everyMs = 25) {
  let peak = 0;
  const tick = () => {
    try {
      peak = Math.max(peak, memoryOf(pid).rssMiB);
    } catch {
      /* process gone */
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return peak;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Load

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  throughputMiBs: number;
}

export type LoadOptions = autocannon.Options;

/** autocannon with the bench's defaults; throws when most responses are not 2xx. */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  const r = await autocannon({ timeout: 30, ...opts });
  const ok = r['2xx'];
  const res: LoadResult = {
    requests: ok,
    rps: round1(ok / (r.duration || 1)),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    throughputMiBs: round1(r.throughput.average / 1048576),
  };
  if (ok === 0 || r.non2xx > ok) throw new Error(`${opts.url}: ${ok} ok, ${r.non2xx} non-2xx, ${r.errors} errors (status codes: ${JSON.stringify(r.statusCodeStats)})`);
  return res;
}

/** Warms a server (JIT, pools, caches) with a fixed number of requests; never throws. */
export async function warm(opts: LoadOptions & { amount: number }): Promise<void> {
  await autocannon({ timeout: 60, ...opts }).catch(() => undefined);
}

/**
 * Steady: after at least `minSeconds` 1-s windows, the last `windows` of them within
 * ±`tolerance` of their mean. JIT and pools take ~5-8 s to settle under load here, so a flat
 * start is not yet steady.
 */
export const STEADY = { minSeconds: 6, windows: 4, tolerance: 0.1 };
export function isSteady(curve: number[]): boolean {
  const last = curve.slice(-STEADY.windows);
  const mean = last.reduce((a, b) => a + b, 0) / last.length;
  return curve.length >= STEADY.minSeconds && last.length === STEADY.windows && mean > 0 && last.every((n) => Math.abs(n - mean) <= STEADY.tolerance * mean);
}

/**
 * Loads a server until it is steady (isSteady) or `maxSeconds` pass. Returns the responses of
 * each second (the warm-up curve); nothing of it is a measurement.
 */
export async function warmUntilSteady(opts: LoadOptions & { maxSeconds: number }): Promise<{ curve: number[]; steady: boolean }> {
  const { maxSeconds, ...load } = opts;
  const curve: number[] = [];
  let steady = false;
  const instance = autocannon({ timeout: 30, ...load, duration: maxSeconds });
  instance.on('tick', ({ counter }) => {
    if (steady || curve.length >= maxSeconds) return; // the partial second after the end
    curve.push(counter);
    if (isSteady(curve)) {
      steady = true;
      instance.stop();
    }
  });
  await instance.catch(() => undefined);
  return { curve, steady };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: round1(Number(process.hrtime.bigint() - t) / 1e6), value };
}

export { freePort };
