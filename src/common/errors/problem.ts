import type { ErrorCode } from './codes';
import { FieldError } from './domain-error';

/** RFC 9457 problem details, as every error leaves the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Solicitud inválida',
  401: 'No autenticado',
  403: 'No permitido',
  404: 'No encontrado',
  405: 'Método no permitido',
  406: 'No aceptable',
  408: 'Solicitud demasiado lenta',
  409: 'Conflicto de estado',
  411: 'Falta la longitud',
  413: 'Solicitud demasiado grande',
  414: 'Dirección demasiado larga',
  415: 'Tipo de contenido no admitido',
  431: 'Encabezados demasiado grandes',
  422: 'Regla incumplida',
  429: 'Demasiadas solicitudes',
  500: 'Error interno',
  503: 'Servicio no disponible',
};

export function problem(status: number, code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `https://cocrea.mx/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? (status >= 500 ? 'Error interno' : 'Solicitud inválida'),
    status,
    detail,
    code,
    ...(errors && errors.length ? { errors } : {}),
  };
}
