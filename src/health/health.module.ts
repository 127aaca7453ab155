import { Controller, Get, Module, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { FastifyReply } from 'fastify';
import { FallbackThrottlerStorage } from '../auth/throttler-storage';
import { Public } from '../common/decorators/public.decorator';
import { QueueProbe } from '../queue/probe';

type Indicator = { status: 'up' | 'down' | 'degraded'; message?: string; store?: string };

/**
 * Readiness, honestly graded:
 * - `ok` (200): database and queue backend answer;
 * - `degraded` (200): the database answers but the queue backend (Redis) does not. Requests
 *   still work — their writes and outbox rows commit, login counts rate limits in memory —
 *   and jobs are sent once it returns, late. Taking every API process out of rotation would
 *   turn a late reminder into a full outage, so this is still ready;
 * - `down` (503): the database does not answer; nothing can be served.
 */
const READINESS = {
  type: 'object' as const,
  properties: {
    status: { type: 'string' as const, enum: ['ok', 'degraded', 'down'] },
    info: { type: 'object' as const, additionalProperties: true },
    error: { type: 'object' as const, additionalProperties: true },
    details: { type: 'object' as const, additionalProperties: true },
  },
  required: ['status', 'info', 'error', 'details'],
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: TypeOrmHealthIndicator,
    private readonly queueProbe: QueueProbe,
    @Optional() @InjectThrottlerStorage() private readonly rateLimits?: ThrottlerStorage,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: ok, degraded (database up, queue backend down: still 200) or down (database down: 503)' })
  @ApiResponse({ status: 200, description: '`status` is `ok` or `degraded`; `details` has `database`, `queue` and `rateLimits`', schema: READINESS })
  // A health report for load balancers, not a problem: the same shape as the 200.
  @ApiResponse({ status: 503, description: '`status` is `down`: the database does not answer', content: { 'application/json': { schema: READINESS } } })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, queue] = await Promise.all([this.database(), this.queue()]);
    const details: Record<string, Indicator> = { database, queue };
    if (this.rateLimits instanceof FallbackThrottlerStorage) {
      const store = this.rateLimits.store;
      details.rateLimits = store === 'redis' ? { status: 'up', store } : { status: 'degraded', store, message: 'contados en la memoria de cada proceso' };
    }
    const status = database.status !== 'up' ? 'down' : Object.values(details).every((d) => d.status === 'up') ? 'ok' : 'degraded';
    const pick = (ok: boolean) => Object.fromEntries(Object.entries(details).filter(([, d]) => (d.status === 'up') === ok));
    if (status === 'down') void reply.status(503);
    return { status, info: pick(true), error: pick(false), details };
  }

  private async database(): Promise<Indicator> {
    const { database } = await this.db.pingCheck('database', { timeout: 2000 });
    return database.status === 'up' ? { status: 'up' } : { status: 'down', message: database.message as string | undefined };
  }

  /** Skips the command when the connection is known to be down (a command would queue until Redis returns). */
  private async queue(): Promise<Indicator> {
    try {
      await this.queueProbe.ping(2000);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message };
    }
  }
}

@Module({ imports: [TerminusModule], controllers: [HealthController] })
export class HealthModule {}
