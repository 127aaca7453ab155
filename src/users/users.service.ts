import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { hash, verify } from '@node-rs/argon2';
import { Repository } from 'typeorm';
import { badRequest, conflict } from '../common/errors/domain-error';
import { passwordProblems } from './password-policy';
import { User } from './user.entity';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

// argon2id with OWASP's minimum profile (19 MiB, t=2).
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async create(input: { email: string; name: string; password: string; isPlatformAdmin?: boolean }): Promise<User> {
    const email = normalizeEmail(input.email);
    const problems = passwordProblems(input.password, email);
    if (problems.length) throw badRequest('weak_password', 'La contraseña no cumple la política.', problems);
    const passwordHash = await hashPassword(input.password);
    const inserted = await this.users
      .createQueryBuilder()
      .insert()
      .values({ email, name: input.name.trim(), passwordHash, isPlatformAdmin: input.isPlatformAdmin ?? false })
      .orIgnore()
      .returning('id')
      .execute();
    if (!inserted.raw.length) throw conflict('email_taken', 'Ya existe una cuenta con ese correo.');
    return this.users.findOneByOrFail({ id: inserted.raw[0].id });
  }

  /** Sets a new password after the policy check (the caller has proven who they are). */
  async setPassword(user: Pick<User, 'id' | 'email'>, password: string): Promise<void> {
    const problems = passwordProblems(password, user.email).map((p) => ({ ...p, field: 'newPassword' }));
    if (problems.length) throw badRequest('weak_password', 'La contraseña no cumple la política.', problems);
    await this.users.update({ id: user.id }, { passwordHash: await hashPassword(password) });
  }

  async rename(id: string, name: string): Promise<User> {
    await this.users.update({ id }, { name: name.trim() });
    return this.users.findOneByOrFail({ id });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** The user with its password hash, for login only. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normalizeEmail(email) })
      .getOne();
  }
}

export const hashPassword = (password: string) => hash(password, ARGON2);
export const verifyPassword = (hashed: string, password: string) => verify(hashed, password).catch(() => false);
