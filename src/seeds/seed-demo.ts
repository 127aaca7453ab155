// npm run seed:demo — loads the demo dataset into DATABASE_URL (or the embedded database).
import 'reflect-metadata';
import { withDataSource } from '../database/cli';
import { seedDemo } from './demo';

withDataSource(seedDemo)
  .then((accounts) => {
    process.stdout.write('Datos de demostración cargados. Cuentas:\n');
    for (const a of accounts) process.stdout.write(`  ${a.role.padEnd(40)} ${a.email} / ${a.password}\n`);
  })
  .catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
