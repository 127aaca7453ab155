/**
 * The two ceilings the HTTP reads are compared with, one bare Fastify + `pg` process.
 *
 * Replayed SQL (`GET /<name>`): bare Fastify + `pg` on the same machine,
 * database and pool size, answering GET /<name> by running the statements the app ran for
 * that request (captured by capture.ts, same text and parameters; concurrently, since the
 * recorded parameters no longer depend on earlier results) and sending every result set as
 * JSON. No framework, validation, auth or DTO mapping: what is
 * left is HTTP + the same SQL + JSON: it shows what the app's own code costs, but not what its
 * statements cost.
 *
 * Hand-written (`GET /hand/public-plan/:planId`, `GET /hand/proposal-list/:planId?user=&limit=`):
 * ONE prepared statement per request (hand-written.ts) that builds the app's whole JSON answer
 * in PostgreSQL; the text is sent as it comes. The public plan also gets the app's validators
 * (SHA-256 ETag of the body, Last-Modified from the same stamps, Cache-Control) but no
 * conditional 304 handling (the bench never revalidates). The proposal list takes the user id
 * as a parameter: no token verification (see PROPOSAL_LIST_SQL). 404 when the statement says so.
 *
 * Started by the bench as a child process: DATABASE_URL, PORT, POOL_SIZE, CAPTURE_FILE and
 * APP_PUBLIC_URL (the app's PUBLIC_URL, for evidence links).
 */
import Fastify from 'fastify';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool, PoolClient } from 'pg';
import type { CapturedStatement } from './capture';
import { handWritten } from './hand-written';

const TRANSACTION = /^\s*(START TRANSACTION|BEGIN)/i;

async function main() {
  const routes: Record<string, CapturedStatement[]> = JSON.parse(readFileSync(process.env.CAPTURE_FILE!, 'utf8'));
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), application_name: 'cocrea-bench-baseline' });
  const app = Fastify({ logger: false });

  app.get('/health/ready', async () => ({ status: 'ok' }));

  const publicUrl = process.env.APP_PUBLIC_URL ?? 'http://localhost:3000';
  const JSON_TYPE = 'application/json; charset=utf-8';
  const notFound = { error: 'not found' };
  app.get<{ Params: { planId: string } }>('/hand/public-plan/:planId', async (req, reply) => {
    const [row] = (await pool.query<{ body: string | null; last_modified_ms: number | null }>(handWritten.publicPlan(req.params.planId, publicUrl))).rows;
    if (!row?.body) return reply.status(404).send(notFound);
    reply.header('ETag', `"${createHash('sha256').update(row.body).digest('base64url')}"`).header('Cache-Control', 'public, no-cache');
    if (row.last_modified_ms) reply.header('Last-Modified', new Date(Math.floor(row.last_modified_ms / 1000) * 1000).toUTCString());
    return reply.type(JSON_TYPE).send(row.body);
  });
  app.get<{ Params: { planId: string }; Querystring: { user?: string; limit?: string } }>('/hand/proposal-list/:planId', async (req, reply) => {
    const [row] = (await pool.query<{ body: string | null }>(handWritten.proposalList(req.params.planId, req.query.user ?? '', Number(req.query.limit ?? 20)))).rows;
    if (!row?.body) return reply.status(404).send(notFound);
    return reply.type(JSON_TYPE).send(row.body);
  });
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
