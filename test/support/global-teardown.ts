import Redis from 'ioredis';
import { runId, TEST_REDIS_URL, withAdminClient } from './test-db';

export default async function globalTeardown() {
  const run = runId();
  await withAdminClient(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
      [`cocrea_t_${run}_%`, `cocrea_tpl_${run}`],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `ct${run}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    /* Redis not reachable: nothing to clean */
  } finally {
    redis.disconnect();
  }
}
