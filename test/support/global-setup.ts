import { randomBytes } from 'node:crypto';
import { migrateDatabase } from '../../src/database/migrate';
import { dbUrl, templateDbName, withAdminClient } from './test-db';

/**
 * Once per `npm test`: a run id (so concurrent runs on one machine stay apart) and a
 * template database with every migration applied; each test file clones it.
 */
export default async function globalSetup() {
  const run = randomBytes(4).toString('hex');
  process.env.COCREA_TEST_RUN = run;
  const name = templateDbName(run);
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  await migrateDatabase(dbUrl(name));
}
