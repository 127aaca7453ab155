import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends a public JSON document with validators (RFC 9110 §8.8, §13): a strong ETag (SHA-256
 * of the exact body) and, when known, Last-Modified. A client revalidating with
 * If-None-Match (which wins when both are sent) or If-Modified-Since gets 304 and no body.
 * `Cache-Control: public, no-cache` lets browsers and proxies keep a copy but revalidate
 * it every time, so the portal never shows stale promises.
 */
export function sendCacheable(req: FastifyRequest, reply: FastifyReply, body: unknown, lastModified: Date | null = null) {
  const json = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(json).digest('base64url')}"`;
  // HTTP dates have whole seconds.
  const modified = lastModified ? new Date(Math.floor(lastModified.getTime() / 1000) * 1000) : null;
  reply.header('ETag', etag).header('Cache-Control', 'public, no-cache');
  if (modified) reply.header('Last-Modified', modified.toUTCString());
  if (isNotModified(req.headers, etag, modified)) return reply.status(304).send();
  return reply.status(200).type('application/json; charset=utf-8').send(json);
}

export function isNotModified(headers: FastifyRequest['headers'], etag: string, modified: Date | null): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') {
    // Weak comparison: W/"x" matches "x".
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (typeof ifModifiedSince === 'string' && modified) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && modified.getTime() <= since;
  }
  return false;
}

/** The latest of a set of instants (null and invalid ones ignored). */
export class LatestInstant {
  private ms = 0;

  add(...values: (Date | string | null | undefined)[]): this {
    for (const v of values) {
      if (!v) continue;
      const t = (v instanceof Date ? v : new Date(v)).getTime();
      if (!Number.isNaN(t) && t > this.ms) this.ms = t;
    }
    return this;
  }

  get value(): Date | null {
    return this.ms ? new Date(this.ms) : null;
  }
}

/** Documents conditional GET (If-None-Match / If-Modified-Since → 304). */
export const ApiRevalidation = () =>
  applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'ETag of a copy you hold: 304 when unchanged' }),
    ApiHeader({ name: 'If-Modified-Since', required: false, description: 'HTTP date: 304 when nothing changed since' }),
    ApiResponse({ status: 304, description: 'Not modified: your copy is current' }),
  );
