import { Client } from 'pg';

/** The machine's PostgreSQL (DESIGN §7); override with TEST_PG_URL. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const runId = () => {
  const id = process.env.COCREA_TEST_RUN;
  if (!id) throw new Error('COCREA_TEST_RUN unset: run tests through jest (global-setup).');
  return id;
};
export const templateDbName = (run = runId()) => `cocrea_tpl_${run}`;
export const workerDbName = () => `cocrea_t_${runId()}_${process.env.JEST_WORKER_ID ?? '1'}`;

export function dbUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from the migrated template. */
export async function freshTestDatabase(): Promise<string> {
  const name = workerDbName();
  await withAdminClient(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDbName()}"`);
  });
  return dbUrl(name);
}
