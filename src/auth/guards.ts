import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createHash } from 'node:crypto';
import { IS_PUBLIC, USER_FROM_TOKEN } from '../common/decorators/public.decorator';
import { DomainError, unauthorized } from '../common/errors/domain-error';
import { validationError } from '../common/errors/validation';
import { invalidToken } from './auth.errors';
import { LoginDto } from './dto/auth.dto';
import { REFRESH_COOKIE } from './refresh-cookie';

/** Global guard: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest();
    if (!isPublic) {
      // Read by JwtStrategy.validate: the account is read by the route's access statement instead.
      if (this.reflector.get<boolean>(USER_FROM_TOKEN, context.getHandler())) req[USER_FROM_TOKEN] = true;
      return (await super.canActivate(context)) as boolean;
    }
    // Public routes still recognise a valid token (members may see more), never require one.
    if (!req.headers.authorization) return true;
    try {
      await super.canActivate(context);
    } catch {
      req.user = undefined;
    }
    return true;
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user) throw invalidToken();
    return user;
  }
}

/** passport-local for login, after the body has been validated like any DTO. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const body = context.switchToHttp().getRequest().body ?? {};
    const errors = await validate(plainToInstance(LoginDto, body), { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationError(errors);
    return (await super.canActivate(context)) as boolean;
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user) throw unauthorized('invalid_credentials', 'Correo o contraseña incorrectos.');
    return user;
  }
}

/** Per-account key for login (the email) and refresh (the token), hashed to bound its size. */
export function accountTracker(req: { body?: { email?: unknown; refreshToken?: unknown }; headers?: Record<string, unknown>; ip?: string }): string {
  // The web app's refresh token is its cookie: count it per session, not per office address.
  const raw = req.body?.email ?? req.body?.refreshToken ?? refreshCookieOf(req.headers?.cookie);
  const key = typeof raw === 'string' ? raw.trim().toLowerCase() : `ip:${req.ip}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function refreshCookieOf(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = new RegExp(`(?:^|;\\s*)${REFRESH_COOKIE}=([^;]+)`).exec(header);
  return match?.[1];
}

/** Rate limit on login and refresh; answers 429 problem+json with Retry-After. */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
    throw new DomainError(429, 'rate_limited', 'Demasiados intentos. Espera antes de volver a intentar.', undefined, { 'Retry-After': retryAfter });
  }
}
