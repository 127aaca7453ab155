// Run by test/integration/embedded-postgres.spec.ts in a child process (PGlite cannot load
// inside Jest's VM): hammers the embedded server with concurrent extended-protocol queries
// and transactions over several connections and prints what it saw as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cocrea-pglite-'));
  const pg = await startEmbeddedPostgres(dir);
  const pool = new Pool({ connectionString: pg.url, max: 8 });
  const errors: string[] = [];
  try {
    // Writes make PGlite flush to disk, which yields to the event loop mid-statement: the
    // moment another connection's messages can slip in.
    await pool.query('CREATE TABLE wide (a int, b int, c int, d int, e int, f int, g int, h int, i int)');
    const writes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2
          ? pool.query('INSERT INTO wide VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [i, 1, 1, 1, 1, 1, 1, 1, 1])
          : pool.query('INSERT INTO wide (a, b, c, d) VALUES ($1, $2, $3, $4)', [i, 2, 2, 2])
        ).then(() => true).catch((e) => {
          errors.push(String(e.message));
          return false;
        }),
      ),
    );
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        (i % 3 === 0
          ? // A statement larger than one TCP chunk, as BullMQ's job-scheduler SQL is.
            pool.query(`/* ${'x'.repeat(200_000)} */ SELECT $1::int + $2::int + $3::int + $4::int + $5::int + $6::int + $7::int + $8::int + $9::int AS v`, [i, 1, 1, 1, 1, 1, 1, 1, 1]).then((r) => r.rows[0].v === i + 8)
          : i % 2
          ? pool.query('SELECT $1::int + $2::int AS v', [i, 1]).then((r) => r.rows[0].v === i + 1)
          : pool.query('SELECT $1::text || $2::text || $3::text || $4::text AS v', ['a', String(i), 'b', 'c']).then((r) => r.rows[0].v === `a${i}bc`)
        ).catch((e) => {
          errors.push(String(e.message));
          return false;
        }),
      ),
    );
    await pool.query('CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counters VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const { rows } = await c.query('SELECT n FROM counters WHERE id = $1 FOR UPDATE', [1]);
          await c.query('UPDATE counters SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
          await c.query(i % 5 === 0 ? 'ROLLBACK' : 'COMMIT');
        } catch (e) {
          errors.push(String((e as Error).message));
          await c.query('ROLLBACK').catch(() => undefined);
        } finally {
          c.release();
        }
      }),
    );
    const { rows } = await pool.query('SELECT n FROM counters WHERE id = 1');
    process.stdout.write(JSON.stringify({ correct: answers.filter(Boolean).length, written: writes.filter(Boolean).length, counter: rows[0].n, errors: errors.slice(0, 5) }) + '\n');
  } finally {
    await pool.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
