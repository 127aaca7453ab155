/**
 * The ceiling the HTTP reads are compared with: bare Fastify + `pg` on the same machine,
 * database and pool size, answering GET /<name> by running the statements the app ran for
 * that request (captured by capture.ts, same text and parameters; concurrently, since the
 * recorded parameters no longer depend on earlier results) and sending every result set as
 * JSON. No framework, validation, auth or DTO mapping: what is
 * left is HTTP + the same SQL + JSON, the practical maximum for this work on this machine.
 *
 * Started by the bench as a child process: DATABASE_URL, PORT, POOL_SIZE, CAPTURE_FILE.
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { Pool, PoolClient } from 'pg';
import type { CapturedStatement } from './capture';

const TRANSACTION = /^\s*(START TRANSACTION|BEGIN)/i;

async function main() {
  const routes: Record<string, CapturedStatement[]> = JSON.parse(readFileSync(process.env.CAPTURE_FILE!, 'utf8'));
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), application_name: 'cocrea-bench-baseline' });
  const app = Fastify({ logger: false });

  app.get('/health/ready', async () => ({ status: 'ok' }));
  app.get<{ Params: { name: string } }>('/:name', async (req, reply) => {
    const statements = routes[req.params.name];
    if (!statements) return reply.status(404).send({ error: 'unknown route' });
    const results: unknown[][] = [];
    if (statements.some((s) => TRANSACTION.test(s.text))) {
      const client: PoolClient = await pool.connect();
      try {
        for (const s of statements) results.push((await client.query(s.text, s.values)).rows);
      } finally {
        client.release();
      }
    } else {
      // The parameters are fixed, so nothing waits on a previous result: all at once, as
      // fast as the pool allows (the app may only parallelize some of them).
      results.push(...(await Promise.all(statements.map(async (s) => (await pool.query(s.text, s.values)).rows))));
    }
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(results));
  });

  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('baseline ready\n');
  // Stateless: no need to drain the load generator's keep-alive connections.
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
