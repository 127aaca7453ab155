import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { freePort, ROOT, Spawned, spawnNode } from '../support/processes';
import { TEST_ENV } from '../support/test-app';

/** A throw-away redis-server on its own port (never the machine's): no persistence at all. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined); // refused while the server starts: retried below
  const started = Date.now();
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return child;
    } catch {
      client.disconnect();
      if (Date.now() - started > 10_000) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function sigkill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtp {
  port: number;
  url: string;
  accepted: ReceivedMail[];
  /** Every message whose DATA arrived in full, answered or not (a hung one too). */
  received: ReceivedMail[];
  /** Messages whose DATA started (including refused or abandoned ones). */
  dataStarted: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server). `mode`: accept everything; refuse every recipient (550);
 * or hang on the first message's DATA (never answer it) and accept the later ones.
 */
export async function startSmtp(mode: 'accept' | 'refuse' | 'hang-first' = 'accept'): Promise<TestSmtp> {
  const port = await freePort();
  const state: TestSmtp = { port, url: `smtp://127.0.0.1:${port}`, accepted: [], received: [], dataStarted: 0, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (mode === 'refuse') {
        const error = new Error('Buzón no disponible') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      state.dataStarted++;
      const hang = mode === 'hang-first' && state.dataStarted === 1;
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        };
        state.received.push(mail);
        if (hang) return; // never answer: the client is killed while waiting
        state.accepted.push(mail);
        callback();
      });
    },
  });
  // A client killed mid-session resets its connection (ECONNRESET): expected here, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** A separate `node dist/src/worker.js` process (the production entry point). */
export function spawnWorker(env: Record<string, string>): Spawned {
  if (!existsSync(join(ROOT, 'dist/src/reminders/reminders.processor.js'))) {
    throw new Error('dist/ is missing the reminders code: run `npm run build` first (`npm test` does it).');
  }
  return spawnNode('dist/src/worker.js', { ...TEST_ENV, LOG_LEVEL: 'warn', ...env });
}

/** The Message-ID header of a raw message. */
export const messageIdOf = (raw: string) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];

/** Decodes a quoted-printable MIME body enough to search it for Spanish text. */
export const decodeQp = (raw: string) =>
  Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
