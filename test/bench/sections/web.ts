import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { freePort } from '../../support/processes';
import { appEnv, AppProcess, query, REPO_ROOT, sleep } from '../lib';

export interface WebResult {
  /** JS + CSS the first page loads (entry, its preloads, the stylesheet), gzipped. */
  firstPageKiB: { js: number; css: number; total: number; files: number };
  /** The public portal over an emulated slow link (400 ms RTT, 50 kB/s), until plans are listed. */
  slowLink: { firstVisitMs: number; repeatVisitMs: number; firstVisitBytes: number; repeatVisitBytes: number };
  /** API JSON on the wire: as is, gzip, brotli (what the server sends for each Accept-Encoding). */
  apiBytes: { route: string; identity: number; gzip: number; br: number }[];
  /** `npm start` exactly as the README says, on an unchanged checkout (embedded default). */
  npmStart: { firstMs: number; restartMs: number };
}

const DIST = join(REPO_ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** What index.html makes the browser fetch before anything renders. */
function firstPageBytes(): WebResult['firstPageKiB'] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const size = (f: string) => {
    const gz = join(DIST, `${f}.gz`);
    return existsSync(gz) ? statSync(gz).size : gzipSync(readFileSync(join(DIST, f))).length;
  };
  const js = files.filter((f) => f.endsWith('.js')).reduce((n, f) => n + size(f), 0);
  const css = files.filter((f) => f.endsWith('.css')).reduce((n, f) => n + size(f), 0);
  const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
  return { js: kib(js), css: kib(css), total: kib(js + css), files: files.length };
}

async function slowLink(baseUrl: string): Promise<WebResult['slowLink']> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const context = await browser.newContext({ locale: 'es-MX' });
    const visit = async () => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 });
      let bytes = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
      const started = Date.now();
      await page.goto(baseUrl);
      // Done when a visitor can read the list: the first published plan's link is on screen.
      await page.locator('main a[href^="/planes/"]').first().waitFor({ state: 'visible', timeout: 60_000 });
      const ms = Date.now() - started;
      await page.close();
      return { ms, bytes };
    };
    const first = await visit();
    const repeat = await visit();
    return { firstVisitMs: first.ms, repeatVisitMs: repeat.ms, firstVisitBytes: first.bytes, repeatVisitBytes: repeat.bytes };
  } finally {
    await browser.close();
  }
}

async function wireBytes(baseUrl: string, route: string) {
  const sizeFor = async (encoding: string) => {
    const res = await fetch(`${baseUrl}${route}`, { headers: { 'accept-encoding': encoding } });
    // fetch decodes; Content-Length of an encoded answer is unknown, so recompress like the server.
    const body = Buffer.from(await res.arrayBuffer());
    return { encoding: res.headers.get('content-encoding') ?? 'identity', body };
  };
  const plain = await sizeFor('identity');
  // The server's own choices (br quality 4, gzip default), reproduced on the same bytes.
  const br = brotliCompressSync(plain.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }).length;
  const gzip = gzipSync(plain.body).length;
  const served = await sizeFor('br');
  if (served.encoding !== 'br') throw new Error(`${route} was not compressed (got ${served.encoding})`);
  return { route, identity: plain.body.length, gzip, br };
}

/** `npm start` (prestart's build check, then the app) until /health/ready, twice. */
async function npmStart(): Promise<WebResult['npmStart']> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cocrea-bench-npm-start-'));
  const once = async () => {
    const port = await freePort();
    const env = { ...process.env, ...appEnv(null, { DATA_DIR: dataDir, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }) };
    delete env.JWT_ACCESS_SECRET;
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const started = Date.now();
    const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, stdio: 'ignore', detached: true });
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
        if (Date.now() - started > 180_000) throw new Error('npm start not ready in 180 s');
        const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
        if (ok) return Date.now() - started;
        await sleep(100);
      }
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await sleep(500); // PGlite releases its data dir once the process is gone
    }
  };
  try {
    const firstMs = await once();
    const restartMs = await once();
    return { firstMs, restartMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * §6 Web: the first page's bytes, the portal on a slow link (first and repeat visit), JSON
 * compression of the public plan and the dashboard, and `npm start` as a person types it.
 * `api` serves the demo data (published plans to list).
 */
export async function web(api: AppProcess, url: string): Promise<WebResult> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('web/dist missing: run `npm run build`');
  const [plan] = await query<{ id: string }>(url, `SELECT id FROM action_plans WHERE stage IN ('implementation', 'evaluation') ORDER BY created_at LIMIT 1`);
  const apiBytes = [await wireBytes(api.baseUrl, `/api/v1/public/plans/${plan.id}`), await wireBytes(api.baseUrl, '/api/v1/dashboard/national')];
  return { firstPageKiB: firstPageBytes(), slowLink: await slowLink(api.baseUrl), apiBytes, npmStart: await npmStart() };
}
