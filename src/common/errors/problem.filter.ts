import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import type { ErrorCode } from './codes';
import { DomainError } from './domain-error';
import { problem, Problem } from './problem';

const HTTP_CODES: Record<number, [ErrorCode, string]> = {
  400: ['bad_request', 'La solicitud no es válida.'],
  401: ['unauthenticated', 'Necesitas iniciar sesión.'],
  403: ['forbidden', 'No tienes permiso para esta acción.'],
  404: ['not_found', 'El recurso no existe o no es visible para ti.'],
  405: ['method_not_allowed', 'Método no permitido.'],
  406: ['not_acceptable', 'No hay una representación aceptable para esta solicitud.'],
  408: ['request_timeout', 'La solicitud tardó demasiado en llegar completa.'],
  411: ['length_required', 'Falta la longitud del cuerpo (Content-Length).'],
  413: ['payload_too_large', 'El cuerpo de la solicitud excede el tamaño permitido.'],
  414: ['uri_too_long', 'La dirección (URL) o uno de sus parámetros es demasiado largo.'],
  415: ['unsupported_media_type', 'Tipo de contenido no admitido: envía JSON (application/json) o, para archivos, multipart/form-data.'],
  431: ['headers_too_large', 'Los encabezados de la solicitud son demasiado grandes.'],
  429: ['rate_limited', 'Demasiados intentos. Espera antes de volver a intentar.'],
  503: ['not_ready', 'El servicio aún no está listo (base de datos o cola de trabajos sin respuesta).'],
};


/** Maps anything thrown to an RFC 9457 problem. The only place errors become responses. */
export function toProblem(error: unknown, logger?: Logger): { body: Problem; headers?: Record<string, string> } {
  if (error instanceof DomainError) {
    return { body: problem(error.status, error.code, error.detail, error.errors), headers: error.headers };
  }
  if (error instanceof ThrottlerException) {
    return { body: problem(429, ...HTTP_CODES[429]) };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest re-wraps Fastify's body-parser errors as plain HttpExceptions; keep them apart.
    if (status === 400 && /JSON/i.test(error.message)) return { body: problem(400, 'malformed_json', 'El cuerpo no es JSON válido.') };
    const [code, detail] = HTTP_CODES[status] ?? (status >= 500 ? (['internal_error', 'Ocurrió un error inesperado.'] as const) : HTTP_CODES[400]);
    return { body: problem(status, code, detail) };
  }
  const statusCode = (error as { statusCode?: number })?.statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own refusals (FST_ERR_CTP_*: empty or malformed JSON, bad Content-Length …).
    const fastifyCode = (error as { code?: string }).code;
    if (statusCode === 400 && (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' || /JSON/.test((error as Error).message ?? ''))) {
      return { body: problem(400, 'malformed_json', 'El cuerpo no es JSON válido.') };
    }
    const [code, detail] = HTTP_CODES[statusCode] ?? HTTP_CODES[400];
    return { body: problem(statusCode, code, detail) };
  }
  if (error instanceof QueryFailedError) {
    const pgCode = (error as unknown as { code?: string }).code;
    // A race lost on a unique constraint is a state conflict, not a server fault.
    if (pgCode === '23505') return { body: problem(409, 'conflict', 'El recurso ya existe o cambió mientras se procesaba.') };
    if (pgCode === '40001' || pgCode === '40P01') return { body: problem(409, 'conflict', 'Otra operación modificó el recurso; intenta de nuevo.') };
  }
  logger?.error(error instanceof Error ? error.stack ?? error.message : String(error));
  return { body: problem(500, 'internal_error', 'Ocurrió un error inesperado. Ya quedó registrado.') };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest | undefined, error: unknown, logger?: Logger) {
  const { body, headers } = toProblem(error, logger);
  if (request) {
    body.instance = request.url;
    body.requestId = String(request.id);
  }
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    sendProblem(ctx.getResponse<FastifyReply>(), ctx.getRequest<FastifyRequest>(), exception, this.logger);
  }
}
