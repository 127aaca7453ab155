import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

// Any constant works; it only has to be the same in every process of the deployment.
const MIGRATION_LOCK = 72_011_905;

/**
 * Applies pending migrations before the app serves. Several API/worker processes may start
 * at once, so an advisory lock lets exactly one of them migrate while the others wait.
 * Returns the names of the migrations applied.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(url, 1), logging: false });
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await ds.destroy();
  }
}
