import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { ProblemError, type Problem } from '../lib/problems';

export type Schemas = components['schemas'];

/** Header that tells the API "this is the web app": refresh token in the HttpOnly cookie. */
export const WEB_CLIENT_HEADERS = { 'X-Cocrea-Client': 'web' };

/** The access token lives here, in memory only (DESIGN §8); the session module sets it. */
let accessToken: string | null = null;
let beforeRequest: (() => Promise<void>) | null = null;

export function setAccessToken(token: string | null) {
  accessToken = token;
}

/** The current access token, for the one place a navigation must carry it (the queue dashboard's first visit). */
export const currentAccessToken = () => accessToken;

/**
 * The access token once the session's refresh hook has run, for the requests openapi-fetch
 * cannot make (an upload with progress needs XMLHttpRequest; an evidence file is read as a blob).
 */
export async function freshAccessToken(): Promise<string | null> {
  if (beforeRequest) await beforeRequest();
  return accessToken;
}

/** The session refreshes an about-to-expire token before any request goes out. */
export function setBeforeRequest(hook: (() => Promise<void>) | null) {
  beforeRequest = hook;
}

const auth: Middleware = {
  async onRequest({ request }) {
    if (beforeRequest && !request.url.includes('/api/v1/auth/')) await beforeRequest();
    if (accessToken && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${accessToken}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/**
 * Unwraps an openapi-fetch answer: the data, or a thrown ProblemError with the API's
 * problem+json (or a network problem) so screens show one kind of error.
 */
export async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await promise;
  } catch {
    throw new ProblemError({ status: 0, code: 'network_error' });
  }
  if (result.response.ok) return result.data as T;
  const body = result.error as Partial<Problem> | undefined;
  throw new ProblemError({
    status: result.response.status,
    code: body?.code ?? (result.response.status >= 500 ? 'internal_error' : 'unknown'),
    detail: body?.detail,
    title: body?.title,
    errors: body?.errors,
  });
}
