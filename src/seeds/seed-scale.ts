// npm run seed:scale -- [--states 32] [--secretariats-per-state 1] [--plans 3] [--commitments 30] [--milestones 10] [--seed 1] [--no-audit] [--database-url postgres://…]
import 'reflect-metadata';
import { parseFlags } from '../database/cli';
import { DEFAULT_SCALE, ScaleOptions, seedScaleDatabase } from './scale';

const USAGE =
  'Uso: npm run seed:scale -- [--states 32] [--secretariats-per-state 1] [--plans 3] [--commitments 30] [--milestones 10] [--seed 1] [--no-audit] [--database-url postgres://…]\n' +
  'Llena una base de datos vacía (DATABASE_URL o --database-url) con un conjunto nacional consistente.\n';

function integer(flags: Record<string, string>, name: string, fallback: number): number {
  if (flags[name] === undefined) return fallback;
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} debe ser un entero positivo.\n${USAGE}`);
    process.exit(64);
  }
  return n;
}

async function main() {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const url = flags['database-url'] ?? process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`Falta DATABASE_URL (o --database-url): seed:scale no escribe en la base embebida.\n${USAGE}`);
    process.exit(64);
  }
  const options: Partial<ScaleOptions> = {
    states: integer(flags, 'states', DEFAULT_SCALE.states),
    secretariatsPerState: integer(flags, 'secretariats-per-state', DEFAULT_SCALE.secretariatsPerState),
    plans: integer(flags, 'plans', DEFAULT_SCALE.plans),
    commitments: integer(flags, 'commitments', DEFAULT_SCALE.commitments),
    milestones: integer(flags, 'milestones', DEFAULT_SCALE.milestones),
    seed: integer(flags, 'seed', DEFAULT_SCALE.seed),
    auditEvents: flags['no-audit'] === undefined,
  };
  const report = await seedScaleDatabase(url, options, (line) => process.stdout.write(`${line}\n`));
  for (const [table, n] of Object.entries(report.rows)) process.stdout.write(`  ${table.padEnd(26)} ${String(n).padStart(10)}\n`);
  process.stdout.write(
    `${report.totalRows} filas en ${(report.ms / 1000).toFixed(1)} s (${report.rowsPerSecond} filas/s).\n` +
      `Cuentas: ${report.adminEmail} (administración) y las de cada secretariado, todas con la contraseña «${report.password}».\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
