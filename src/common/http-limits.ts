import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { ErrorCode } from './errors/codes';
import { badRequest, DomainError } from './errors/domain-error';
import { problem } from './errors/problem';
import { fieldMessage } from './errors/validation';
import { sendProblem } from './errors/problem.filter';

/** Deeper JSON than any DTO needs (the deepest, a modification request, is 4 levels). */
export const MAX_JSON_DEPTH = 32;
/** Fastify's router refuses (414) a path parameter longer than this. */
export const MAX_PARAM_LENGTH = 100;
/** Node's limit on the request line and headers together (431 beyond). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Time to receive the request line and headers. */
export const HEADERS_TIMEOUT_MS = 20_000;
/** An idle socket (no byte either way) is closed after this. */
export const IDLE_TIMEOUT_MS = 30_000;

const tooDeep = () => badRequest('json_too_deep', `El JSON anida más de ${MAX_JSON_DEPTH} niveles.`);
// NUL is refused in every field, whatever its DTO says, with the field's own message.
const nulIn = (field: string) =>
  badRequest('validation_failed', 'La solicitud contiene datos inválidos.', [{ field, code: 'plainText', message: fieldMessage(field, 'plainText', '') }]);

/**
 * Nesting depth of a JSON text, stopping as soon as it passes `max`: a linear scan that
 * skips strings, far cheaper than parsing (and than class-transformer's recursion, which a
 * few thousand levels overflow).
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The path of the first string in `value` (keys included) that holds NUL, or null. Depth is already bounded. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) return here.replace(/\u0000/g, '\\0');
    const found = nulPath(v, here);
    if (found !== null) return found;
  }
  return null;
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The input bounds that hold before any route runs (README "Input bounds"): JSON depth and
 * NUL bytes in bodies and query strings, JSON and multipart as the only body types, a body
 * deadline, and problem+json for the errors Fastify and Node answer themselves.
 */
export function installHttpLimits(fastify: FastifyInstance, bodyTimeoutMs: number) {
  // JSON: Fastify's own parser (prototype-poisoning checks kept) behind a depth scan.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
    parseJson(req, text, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      // Every body the API takes is an object; a bare string, number or list reached guards
      // (passport reads req.body.email) as something they never expected.
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return done(badRequest('body_not_object', 'El cuerpo de la solicitud debe ser un objeto JSON ({ … }).'), undefined);
      }
      const nul = nulPath(value, '');
      if (nul !== null) return done(nulIn(nul), undefined);
      done(null, value);
    });
  });

  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // The router's maxParamLength does not apply where a catch-all route (the web app) matches.
    const path = req.url.split('?')[0];
    // Answered here, not thrown: a plugin's catch-all route has its own (JSON) error handler.
    if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
      sendProblem(reply, req, new DomainError(414, 'uri_too_long', 'La dirección (URL) o uno de sus parámetros es demasiado largo.'));
      return reply;
    }
    // A NUL in the query string (raw or %00) is refused for every route, whatever its DTO.
    const q = req.url.indexOf('?');
    if (q >= 0 && /%00|\u0000/i.test(req.url.slice(q))) {
      const pair = req.url.slice(q + 1).split('&').find((p) => /%00|\u0000/i.test(p)) ?? '';
      sendProblem(reply, req, nulIn(safeDecode(pair.split('=')[0]).replace(/\u0000/g, '\\0')));
      return reply;
    }
    watchBodyDeadline(req, reply, bodyTimeoutMs);
  });
}

/**
 * A request that is not an upload must arrive complete within `ms`; a slow-drip body (a byte
 * every few seconds keeps an idle timeout from firing) is cut with 408. Uploads are bounded
 * by the server's requestTimeout instead (sized for 20 MB on a slow link).
 */
function watchBodyDeadline(req: FastifyRequest, reply: FastifyReply, ms: number) {
  if (req.raw.complete || /^multipart\//i.test(req.headers['content-type'] ?? '')) return;
  const timer = setTimeout(() => {
    if (req.raw.complete) return;
    // Node closes the connection once this answer is written, dropping the rest of the body.
    if (!reply.sent) sendProblem(reply.header('connection', 'close'), req, new DomainError(408, 'request_timeout', 'La solicitud tardó demasiado en llegar completa.'));
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  req.raw.once('end', clear);
  // Once answered, the connection may carry the next request: this deadline is over.
  reply.raw.once('finish', clear);
  reply.raw.once('close', clear);
}

/**
 * Fastify options for errors raised before a request reaches Nest: a bad or over-long URL
 * (frameworkErrors) and what Node's parser refuses (clientErrorHandler: header overflow,
 * malformed request line, header timeout), all as Spanish problem+json.
 */
export const frameworkErrorOptions = {
  frameworkErrors(error: Error & { code?: string }, req: FastifyRequest, reply: FastifyReply) {
    const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
    const detail = status === 414 ? 'La dirección (URL) o uno de sus parámetros es demasiado largo.' : 'La dirección (URL) no es válida.';
    sendProblem(reply, req, new DomainError(status, status === 414 ? 'uri_too_long' : 'bad_url', detail));
  },
  clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, detail]: [number, ErrorCode, string] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'Los encabezados de la solicitud son demasiado grandes.']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT'
          ? [408, 'request_timeout', 'La solicitud tardó demasiado en llegar completa.']
          : error.code === 'HPE_URI_TOO_LONG'
            ? [414, 'uri_too_long', 'La dirección (URL) es demasiado larga.']
            : [400, 'bad_request', 'La solicitud HTTP está mal formada.'];
    const body = JSON.stringify(problem(status, code, detail));
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : status === 414 ? 'URI Too Long' : 'Bad Request'}\r\n` +
          `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  },
};
