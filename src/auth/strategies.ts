import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { AppConfig } from '../config/app-config';
import { unauthorized } from '../common/errors/domain-error';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { USER_FROM_TOKEN } from '../common/decorators/public.decorator';
import { UsersService } from '../users/users.service';
import { invalidToken } from './auth.errors';
import { isUuid } from '../access/viewer';
import { AuthService } from './auth.service';

export const invalidCredentials = () => unauthorized('invalid_credentials', 'Correo o contraseña incorrectos.');

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase) {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password' });
  }

  async validate(email: string, password: string): Promise<AuthUser> {
    const user = await this.auth.validateCredentials(email, password);
    if (!user) throw invalidCredentials();
    return { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin };
  }
}

@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase) {
  constructor(private readonly config: AppConfig, private readonly users: UsersService) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to
      // parse it as a PEM public key on every request — ~10 % of an authenticated route's CPU.
      // (@types/passport-jwt predates KeyObject support in jsonwebtoken 9, hence the cast.)
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      // The header too, for the checks jsonwebtoken does not make (see validate).
      jsonWebTokenOptions: { complete: true },
      passReqToCallback: true,
    });
  }

  /**
   * Beyond signature, issuer and expiry: the token must expire (jsonwebtoken accepts one
   * without `exp`), name no `crit` extension (we understand none, RFC 7515 §4.1.11) and be
   * meant for this API alone (an `aud` list with other audiences is for someone else too).
   */
  async validate(
    req: { [USER_FROM_TOKEN]?: boolean },
    token: { header: Record<string, unknown>; payload: { sub?: string; exp?: unknown; aud?: unknown } },
  ): Promise<AuthUser> {
    const { header, payload } = token;
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const sound = typeof payload.exp === 'number' && header.crit === undefined && aud.length === 1 && aud[0] === this.config.jwt.audience;
    if (!sound || !isUuid(payload.sub)) throw invalidToken();
    // A @UserFromToken() route: the access statement reads the account (see JwtAuthGuard).
    if (req[USER_FROM_TOKEN]) return { id: payload.sub, email: '', name: '', isPlatformAdmin: false, fromTokenOnly: true };
    const user = await this.users.findById(payload.sub);
    if (!user) throw invalidToken();
    return { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin };
  }
}
