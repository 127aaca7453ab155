import { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser app's refresh token travels in this cookie (DESIGN §8): HttpOnly (no script
 * reads it), SameSite=Strict and scoped to /api/v1/auth. It is honoured only when the request
 * carries WEB_CLIENT_HEADER, which a cross-site form or link cannot add.
 */
export const REFRESH_COOKIE = 'cocrea_refresh';
export const WEB_CLIENT_HEADER = 'x-cocrea-client';
const COOKIE_PATH = '/api/v1/auth';

/** True when the caller is the web app (it asked for cookie mode with the custom header). */
export const isWebClient = (req: FastifyRequest) => req.headers[WEB_CLIENT_HEADER] === 'web';

export function readRefreshCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function setRefreshCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean) {
  reply.header('set-cookie', serialize(encodeURIComponent(token), maxAgeSeconds, secure));
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean) {
  reply.header('set-cookie', serialize('', 0, secure));
}

const serialize = (value: string, maxAge: number, secure: boolean) =>
  `${REFRESH_COOKIE}=${value}; Max-Age=${maxAge}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
