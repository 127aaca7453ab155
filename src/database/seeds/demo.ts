import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { hashPassword } from '../../users/users.service';
import { User } from '../../users/user.entity';
import { dataSourceOptions } from '../data-source';

export interface DemoAccount {
  email: string;
  password: string;
  role: string;
}

const DEMO_PASSWORD = 'gobierno-abierto-2019';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@cocrea.demo', password: DEMO_PASSWORD, role: 'Administración de la plataforma' },
];

/** Loads the demo dataset (idempotent: existing demo rows are left as they are). */
export async function seedDemo(ds: DataSource): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await ds
    .createQueryBuilder()
    .insert()
    .into(User)
    .values(DEMO_ACCOUNTS.map((a) => ({ email: a.email, name: a.role, passwordHash, isPlatformAdmin: a.email.startsWith('admin@') })))
    .orIgnore()
    .execute();
  return DEMO_ACCOUNTS;
}

/** On an empty embedded database, loads the demo and prints its accounts. */
export async function seedDemoIfEmpty(config: AppConfig, logger: Logger): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(config.databaseUrl, 1)).initialize();
  try {
    const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM users');
    if (count > 0) return;
    const accounts = await seedDemo(ds);
    logger.log(
      'Base de datos vacía: se cargaron los datos de demostración. Cuentas:\n' +
        accounts.map((a) => `  ${a.role.padEnd(40)} ${a.email} / ${a.password}`).join('\n'),
    );
  } finally {
    await ds.destroy();
  }
}
