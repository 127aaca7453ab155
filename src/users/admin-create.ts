// npm run admin:create -- --email admin@example.org --password '…' [--name 'Nombre']
import 'reflect-metadata';
import { parseFlags, withDataSource } from '../database/cli';
import { hashPassword, normalizeEmail } from './users.service';
import { passwordProblems } from './password-policy';
import { User } from './user.entity';

async function main() {
  const flags = parseFlags(process.argv.slice(2));
  if (!flags.email || !flags.password) {
    process.stderr.write('Uso: npm run admin:create -- --email correo@ejemplo.org --password "contraseña larga" [--name "Nombre"]\n');
    process.exit(64);
  }
  const email = normalizeEmail(flags.email);
  const problems = passwordProblems(flags.password, email);
  if (problems.length) {
    process.stderr.write(problems.map((p) => p.message).join('\n') + '\n');
    process.exit(65);
  }
  const passwordHash = await hashPassword(flags.password);
  await withDataSource(async (ds) => {
    // Promotes an existing account, or creates it.
    await ds
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ email, name: flags.name ?? 'Administración de la plataforma', passwordHash, isPlatformAdmin: true })
      .orUpdate(['is_platform_admin', 'password_hash'], ['email'])
      .execute();
  });
  process.stdout.write(`Administrador listo: ${email}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
