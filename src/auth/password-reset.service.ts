import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { badRequest } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { MailService } from '../reminders/mail.service';
import { User } from '../users/user.entity';
import { hashPassword, normalizeEmail, UsersService } from '../users/users.service';
import { passwordProblems } from '../users/password-policy';
import { PasswordResetToken } from './password-reset-token.entity';
import { RefreshToken } from './refresh-token.entity';
import { webPaths } from '../common/web-paths';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** How long a reset link works. */
export const RESET_TTL_MS = 60 * 60 * 1000;

@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * Sends a reset link when the address has an account. The caller always gets the same
   * answer at the same speed: the e-mail goes out after the response, and an unknown
   * address does nothing.
   */
  async request(email: string): Promise<void> {
    const user = await this.users.findForLogin(normalizeEmail(email));
    if (!user) return;
    const token = randomBytes(32).toString('base64url');
    await this.db.getRepository(PasswordResetToken).insert({ userId: user.id, tokenHash: sha256(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) });
    const link = `${this.config.publicUrl}${webPaths.passwordReset(token)}`;
    this.mail
      .send({
        to: user.email,
        subject: 'Cocrea: restablece tu contraseña',
        text: `Hola, ${user.name}:\n\nRecibimos una solicitud para restablecer la contraseña de tu cuenta en Cocrea. Para elegir una nueva, abre este enlace (funciona una sola vez durante 1 hora):\n\n${link}\n\nSi no la pediste, ignora este correo: tu contraseña sigue igual.\n`,
      })
      .catch((error: Error) => this.logger.warn(`Password reset e-mail not sent: ${error.message}`));
  }

  /** Spends the link (once, before it expires), sets the password and ends every session. */
  async confirm(token: string, password: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const spent = await tx
        .createQueryBuilder()
        .update(PasswordResetToken)
        .set({ usedAt: () => 'now()' })
        .where('token_hash = :hash AND used_at IS NULL AND expires_at > now()', { hash: sha256(token) })
        .returning('user_id')
        .execute();
      const rows = spent.raw as { user_id: string }[];
      if (!rows.length) throw badRequest('invalid_reset_token', 'El enlace para restablecer la contraseña no es válido, ya se usó o venció. Pide uno nuevo.');
      const userId = rows[0].user_id;
      const user = await tx.getRepository(User).findOneByOrFail({ id: userId });
      const problems = passwordProblems(password, user.email);
      if (problems.length) throw badRequest('weak_password', 'La contraseña no cumple la política.', problems);
      await tx.getRepository(User).update({ id: userId }, { passwordHash: await hashPassword(password) });
      // Other links of this account stop working too, and so does every open session.
      await tx.getRepository(PasswordResetToken).update({ userId, usedAt: IsNull() }, { usedAt: new Date() });
      await tx.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
  }
}
