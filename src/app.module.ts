import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { PreparedSqlModule } from './database/prepared-sql';
import { HealthModule } from './health/health.module';
import { MailModule } from './reminders/mail.module';
import { RemindersModule } from './reminders/reminders.module';
import { QueueModule } from './queue/queue.module';
import { SecretariatsModule } from './secretariats/secretariats.module';
import { PlansModule } from './plans/plans.module';
import { ProposalsModule } from './proposals/proposals.module';
import { RoundSubjectsModule } from './voting/round-subjects';
import { VotingModule } from './voting/voting.module';
import { TransparencyModule } from './transparency/transparency.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';

@Global()
@Module({})
class ConfigHolderModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigHolderModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

/**
 * Capabilities, each in its own folder. Each registers its job workers with `JobWorkers`
 * (src/queue/workers.ts), which runs them only in a process with `workers` (npm start, worker.ts).
 */
const FEATURE_MODULES = [AccessModule, RoundSubjectsModule, AuditModule, MailModule, UsersModule, AuthModule, CatalogModule, SecretariatsModule, CommitmentsModule, PlansModule, ProposalsModule, VotingModule, RemindersModule, TransparencyModule, TasksModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigHolderModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Fastify assigned the id (genReqId in bootstrap); reuse it on every line.
            genReqId: (req) => (req as unknown as { id: string }).id,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            transport: process.stdout.isTTY && config.nodeEnv !== 'test' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
            autoLogging: config.http,
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, config.dbPoolSize) }),
        PreparedSqlModule,
        QueueModule,
        ...FEATURE_MODULES,
        ...(config.http ? [HealthModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
