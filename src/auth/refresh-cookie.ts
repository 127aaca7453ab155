import { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser app's refresh token travels in this cookie (DESIGN §8): HttpOnly (no script
 * reads it), SameSite=Strict and scoped to /api/v1/auth. It is honoured only when the request
 * carries WEB_CLIENT_HEADER, which a cross-site form or link cannot add.
 */
export const REFRESH_COOKIE = 'cocrea_refresh';
/**
 * A readable marker (no secret in it) that tells the web app a session cookie exists, so an
 * anonymous visitor's page load never spends a refresh request (and its rate limit).
 */
export const SESSION_MARKER_COOKIE = 'cocrea_session';
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
  reply.header('set-cookie', [refreshCookie(encodeURIComponent(token), maxAgeSeconds, secure), markerCookie('1', maxAgeSeconds, secure)]);
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean) {
  reply.header('set-cookie', [refreshCookie('', 0, secure), markerCookie('', 0, secure)]);
}

const refreshCookie = (value: string, maxAge: number, secure: boolean) =>
  `${REFRESH_COOKIE}=${value}; Max-Age=${maxAge}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
const markerCookie = (value: string, maxAge: number, secure: boolean) =>
  `${SESSION_MARKER_COOKIE}=${value}; Max-Age=${maxAge}; Path=/; SameSite=Strict${secure ? '; Secure' : ''}`;
