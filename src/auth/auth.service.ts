import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash as argonHash } from '@node-rs/argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { unprocessable, unauthorized } from '../common/errors/domain-error';
import { User } from '../users/user.entity';
import { UsersService, verifyPassword } from '../users/users.service';
import { RefreshToken } from './refresh-token.entity';
import { TokenPairDto, UserDto } from './dto/auth.dto';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const toUserDto = (u: User): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  locale: u.locale,
  isPlatformAdmin: u.isPlatformAdmin,
  createdAt: u.createdAt,
});

@Injectable()
export class AuthService {
  // Verified against when the email is unknown, so both failures cost the same time.
  private readonly dummyHash = argonHash(randomBytes(16).toString('hex'), { memoryCost: 19_456, timeCost: 2, parallelism: 1 });

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async validateCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users.findForLogin(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    return user && ok ? user : null;
  }

  /** A fresh login: new refresh-token family. */
  issueTokens(user: Pick<User, 'id' | 'email' | 'isPlatformAdmin'>): Promise<TokenPairDto> {
    return this.db.transaction((tx) => this.issue(tx.getRepository(RefreshToken), user, randomUUID()));
  }

  /**
   * Rotates a refresh token. A token that was already used (or revoked) means it leaked:
   * the whole family is revoked, so the thief's and the owner's newer tokens stop working.
   */
  async refresh(presented: string): Promise<TokenPairDto> {
    const tokenHash = sha256(presented);
    const outcome = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(RefreshToken);
      const row = await repo.findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      if (!row) return { error: 'invalid' as const };
      if (row.usedAt || row.revokedAt) return { error: 'reused' as const, familyId: row.familyId };
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'expired' as const };
      const user = await tx.getRepository(User).findOneBy({ id: row.userId });
      if (!user) return { error: 'invalid' as const };
      await repo.update({ id: row.id }, { usedAt: new Date() });
      return { pair: await this.issue(repo, user, row.familyId) };
    });
    if ('pair' in outcome && outcome.pair) return outcome.pair;
    if (outcome.error === 'reused') {
      await this.revokeFamily(outcome.familyId!);
      throw unauthorized('refresh_token_reused', 'La sesión se cerró por seguridad: este token ya se había usado. Inicia sesión de nuevo.');
    }
    throw unauthorized('invalid_refresh_token', 'El token de actualización no es válido o expiró.');
  }

  /**
   * Changes the password of a signed-in person who re-typed the current one; every session
   * (refresh-token family) ends and this caller gets a fresh one.
   */
  async changePassword(userId: string, current: string, next: string): Promise<TokenPairDto> {
    const user = await this.db.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :userId', { userId }).getOneOrFail();
    if (!(await verifyPassword(user.passwordHash, current))) {
      throw unprocessable('wrong_password', 'La contraseña actual no es correcta.', [{ field: 'currentPassword', code: 'wrong_password', message: 'La contraseña actual no es correcta.' }]);
    }
    await this.users.setPassword(user, next);
    await this.db.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return this.issueTokens(user);
  }

  /** Logout: revokes the family of the presented token (idempotent). */
  async logout(presented: string): Promise<void> {
    const row = await this.db.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(presented) });
    if (row) await this.revokeFamily(row.familyId);
  }

  private async revokeFamily(familyId: string) {
    await this.db.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issue(repo: ReturnType<DataSource['getRepository']>, user: Pick<User, 'id' | 'email' | 'isPlatformAdmin'>, familyId: string): Promise<TokenPairDto> {
    const refreshToken = randomBytes(32).toString('base64url');
    await repo.insert({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.jwt.refreshTtl * 1000),
    });
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.jwt.accessTtl };
  }
}
