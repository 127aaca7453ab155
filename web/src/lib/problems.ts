// What a person reads when the API refuses something. The API's own `detail` is already in
// Spanish and specific; these cover the cases where there is none (network, server down) and
// the generic codes, so no screen ever shows an English or technical message.

export interface FieldProblem {
  field: string;
  code?: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: FieldProblem[];
}

const BY_CODE: Record<string, string> = {
  network_error: 'No pudimos comunicarnos con Cocrea. Revisa tu conexión e inténtalo de nuevo.',
  internal_error: 'Algo falló de nuestro lado. Inténtalo de nuevo en unos minutos.',
  service_unavailable: 'Cocrea no está disponible en este momento. Inténtalo de nuevo en unos minutos.',
  rate_limited: 'Demasiados intentos seguidos. Espera un momento antes de volver a intentar.',
  invalid_token: 'Tu sesión expiró. Inicia sesión de nuevo.',
  invalid_refresh_token: 'Tu sesión expiró. Inicia sesión de nuevo.',
  refresh_token_reused: 'Cerramos tu sesión por seguridad. Inicia sesión de nuevo.',
  invalid_credentials: 'Correo o contraseña incorrectos.',
  validation_failed: 'Revisa los campos marcados.',
  not_found: 'No encontramos lo que buscas, o no tienes acceso a ello.',
  forbidden: 'No tienes permiso para hacer esto.',
  email_taken: 'Ya existe una cuenta con ese correo. Inicia sesión o restablece tu contraseña.',
  weak_password: 'La contraseña no cumple las reglas.',
  invalid_reset_token: 'El enlace para restablecer la contraseña no es válido, ya se usó o venció. Pide uno nuevo.',
};

const BY_STATUS: Record<number, string> = {
  400: 'Revisa los datos enviados.',
  401: 'Inicia sesión para continuar.',
  403: 'No tienes permiso para hacer esto.',
  404: BY_CODE.not_found,
  409: 'Esto cambió mientras lo veías. Recarga la página e inténtalo de nuevo.',
  413: 'El archivo o el texto es demasiado grande.',
  422: 'La acción no cumple las reglas del Secretariado.',
  429: BY_CODE.rate_limited,
};

/** The sentence to show for a problem: the API's detail when it gave one, else ours. */
export function problemMessage(problem: Partial<Problem> | undefined): string {
  if (!problem) return BY_CODE.network_error;
  if (problem.detail && problem.status !== 500) return problem.detail;
  if (problem.code && BY_CODE[problem.code]) return BY_CODE[problem.code];
  if (problem.status && BY_STATUS[problem.status]) return BY_STATUS[problem.status];
  if (problem.status && problem.status >= 500) return problem.status === 503 ? BY_CODE.service_unavailable : BY_CODE.internal_error;
  return BY_CODE.internal_error;
}

/** Field messages keyed by field path ("errors[]" of the problem), first one per field. */
export function fieldMessages(problem: Partial<Problem> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) if (!(e.field in out)) out[e.field] = e.message;
  return out;
}

/** Anything thrown by a fetch (offline, CORS, abort) becomes a problem we can show. */
export function toProblem(error: unknown): Problem {
  if (error && typeof error === 'object' && 'status' in error && 'code' in error) return error as Problem;
  return { status: 0, code: 'network_error' };
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problemMessage(problem));
  }
}
