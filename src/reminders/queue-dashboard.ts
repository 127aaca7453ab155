import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardFastifyAdapter } from '@bull-board/fastify';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { ErrorCode } from '../common/errors/codes';
import { problem } from '../common/errors/problem';
import { AppConfig } from '../config/app-config';
import { Jobs } from '../queue/jobs';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'cocrea_board';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * bull-board at /admin/queues, for platform admins, when Redis is the backend (bull-board reads
 * Redis directly). A browser cannot send a bearer header on navigation, so the first visit may
 * carry `?token=<access token>`: it is checked, moved into an HttpOnly cookie scoped to the
 * dashboard (expiring with the token) and stripped from the URL.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!this.config.http || !this.config.redisUrl || !fastify) return;
    const board = new BoardFastifyAdapter();
    board.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.jobs.all().map((q) => new BullMQAdapter(q)),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Cocrea · colas' } },
    });
    const jwt = new JwtService({ secret: this.config.jwt.secret });
    const guard = async (req: FastifyRequest, reply: FastifyReply) => {
      const deny = (status: number, code: ErrorCode, detail: string) =>
        reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send({ ...problem(status, code, detail), instance: req.url });
      const url = new URL(req.url, 'http://localhost');
      const fromQuery = url.searchParams.get('token') ?? undefined;
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const token = bearer ?? fromQuery ?? cookieValue(req.headers.cookie, COOKIE);
      if (!token) return deny(401, 'unauthenticated', 'Necesitas iniciar sesión como administración de la plataforma.');
      let claims: { sub?: string; exp?: number };
      try {
        claims = await jwt.verifyAsync(token, { algorithms: ['HS256'], issuer: this.config.jwt.issuer, audience: this.config.jwt.audience });
      } catch {
        return deny(401, 'invalid_token', 'El token de acceso no es válido o expiró.');
      }
      const [user] = claims.sub ? await this.db.query('SELECT is_platform_admin FROM users WHERE id = $1', [claims.sub]) : [];
      if (!user) return deny(401, 'invalid_token', 'El token de acceso no es válido o expiró.');
      if (!user.is_platform_admin) return deny(403, 'platform_admin_required', 'Solo la administración de la plataforma puede ver esto.');
      if (fromQuery) {
        const maxAge = Math.max(0, (claims.exp ?? 0) - Math.floor(Date.now() / 1000));
        url.searchParams.delete('token');
        return reply
          .header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${DASHBOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict`)
          .redirect(`${url.pathname}${url.search}`, 303);
      }
    };
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', guard);
        await scope.register(board.registerPlugin() as never);
      },
      { prefix: DASHBOARD_PATH },
    );
  }
}
