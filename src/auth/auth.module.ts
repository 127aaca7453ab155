import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PasswordResetService } from './password-reset.service';
import { accountTracker, JwtAuthGuard } from './guards';
import { FallbackThrottlerStorage } from './throttler-storage';
import { JwtStrategy, LocalStrategy } from './strategies';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.secret,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwt.accessTtl, issuer: config.jwt.issuer, audience: config.jwt.audience },
        verifyOptions: { algorithms: ['HS256'], issuer: config.jwt.issuer, audience: config.jwt.audience },
      }),
    }),
    // Only AuthThrottlerGuard (login, refresh) uses these; with Redis the counts are shared
    // by every API process (and kept in memory while Redis is away).
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'ip', ttl: 60_000, limit: config.authRateLimit.perIp },
          { name: 'account', ttl: 60_000, limit: config.authRateLimit.perAccount, getTracker: accountTracker },
        ],
        storage: config.redisUrl ? new FallbackThrottlerStorage(config.redisUrl, `${config.queuePrefix}:throttle:`) : undefined,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, PasswordResetService, LocalStrategy, JwtStrategy, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
