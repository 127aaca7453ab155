import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';

/**
 * Once per browser run: a fresh database on the machine's PostgreSQL, a test SMTP server whose
 * mails land as files in COCREA_MAIL_DIR, and the built app (`dist/src/start.js`, API + jobs +
 * web/dist) with the demo data. Returns the teardown.
 */
const ROOT = join(__dirname, '..', '..', '..');
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The seed script's path as package.json runs it (wherever the seeds live). */
function seedScript(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const match = /node (\S+seed-demo\.js)/.exec(pkg.scripts['seed:demo']);
  if (!match) throw new Error('package.json has no seed:demo script');
  return match[1];
}

async function waitForReady(url: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The app exited (${server.exitCode}):\n${output()}`);
    const ok = await fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The app did not become ready:\n${output()}`);
}

export default async function globalSetup() {
  const run = randomBytes(4).toString('hex');
  const dbName = `cocrea_web_${run}`;
  await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const dbUrl = new URL(PG_ADMIN);
  dbUrl.pathname = `/${dbName}`;

  const mailDir = join(tmpdir(), `cocrea-web-mail-${run}`);
  mkdirSync(mailDir, { recursive: true });
  let mails = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        writeFileSync(join(mailDir, `${String(++mails).padStart(5, '0')}.eml`), Buffer.concat(chunks));
        done();
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: REDIS,
    // Parallel browser runs share the machine's Redis; each app keeps its own queues.
    QUEUE_PREFIX: `cocrea-web-${run}`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PUBLIC_URL: url,
    JWT_ACCESS_SECRET: `web-test-${randomBytes(24).toString('hex')}`,
    LOG_LEVEL: 'warn',
    // Sign-ups and logins of every test come from one address.
    AUTH_RATE_LIMIT: '1000',
    AUTH_RATE_LIMIT_IP: '100000',
  };
  let log = '';
  const server = spawn(process.execPath, ['dist/src/start.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  await waitForReady(url, server, () => log);

  const seed = spawnSync(process.execPath, [seedScript()], { cwd: ROOT, env, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`Demo seed failed:\n${seed.stdout}\n${seed.stderr}`);

  process.env.COCREA_WEB_URL = url;
  process.env.COCREA_MAIL_DIR = mailDir;
  process.env.COCREA_WEB_DB = dbUrl.toString();

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  };
}
