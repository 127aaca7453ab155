import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { redisRetryStrategy } from '../queue/backend';

/** Longest a rate-limit check waits on Redis before counting locally instead. */
const REDIS_BOUND_MS = 300;

/**
 * Rate-limit counters in Redis, shared by every API process; while Redis is away (or slower
 * than REDIS_BOUND_MS) each process counts in its own memory instead, so login and refresh
 * keep answering — still limited, per process — and never fail or hang on Redis. The Redis
 * client fails fast (no offline queue, no retries, a command timeout) and reconnects quickly.
 */
export class FallbackThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private usingLocal = false;

  constructor(url: string, keyPrefix: string) {
    this.redis = new Redis(url, {
      keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_BOUND_MS,
      retryStrategy: redisRetryStrategy,
    });
    this.redis.on('error', () => undefined); // reported once, on the switch below
    this.redis.on('ready', () => {
      if (this.usingLocal) this.logger.log('Rate limits are shared in Redis again.');
      this.usingLocal = false;
    });
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  /** `redis` (shared counters) or `memory` (this process only, while Redis is away). */
  get store(): 'redis' | 'memory' {
    return this.redis.status === 'ready' && !this.usingLocal ? 'redis' : 'memory';
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ReturnType<ThrottlerStorage['increment']> {
    if (this.redis.status === 'ready') {
      try {
        const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
        this.usingLocal = false; // a slow Redis answering in time again
        return record;
      } catch (error) {
        this.switchToLocal((error as Error).message);
      }
    } else {
      this.switchToLocal(`Redis is ${this.redis.status}`);
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  private switchToLocal(why: string) {
    if (!this.usingLocal) this.logger.warn(`Rate limits counted in this process's memory until Redis answers (${why}).`);
    this.usingLocal = true;
  }

  onApplicationShutdown() {
    this.local.onApplicationShutdown();
    this.redis.disconnect();
  }
}
