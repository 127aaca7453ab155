import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env';
import { dataSourceOptions } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrateDatabase } from './migrate';

/**
 * For command-line scripts (admin:create, seed:demo): connects to DATABASE_URL, or opens the
 * embedded database under DATA_DIR (stop `npm start` first: PGlite is single-process).
 */
export async function withDataSource<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const env = validateEnv(process.env);
  const embedded = env.DATABASE_URL ? undefined : await startEmbeddedPostgres(env.DATA_DIR);
  const url = env.DATABASE_URL ?? embedded!.url;
  await migrateDatabase(url);
  const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

/** `--name value` flags → object. */
export function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    if (m[2] !== undefined) flags[m[1]] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags[m[1]] = argv[++i];
    else flags[m[1]] = 'true';
  }
  return flags;
}
