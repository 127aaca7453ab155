import { ValidationError } from 'class-validator';
import { DomainError, FieldError } from './domain-error';

// Spanish wording for the constraints our DTOs use; the English default is the fallback.
const MESSAGES: Record<string, (field: string) => string> = {
  whitelistValidation: (f) => `El campo "${f}" no está permitido.`,
  isDefined: (f) => `El campo "${f}" es obligatorio.`,
  isNotEmpty: (f) => `El campo "${f}" no puede estar vacío.`,
  isString: (f) => `El campo "${f}" debe ser texto.`,
  isEmail: (f) => `El campo "${f}" debe ser un correo electrónico válido.`,
  isInt: (f) => `El campo "${f}" debe ser un número entero.`,
  isNumber: (f) => `El campo "${f}" debe ser un número.`,
  isBoolean: (f) => `El campo "${f}" debe ser verdadero o falso.`,
  isUuid: (f) => `El campo "${f}" debe ser un identificador UUID.`,
  isIn: (f) => `El campo "${f}" tiene un valor no admitido.`,
  isEnum: (f) => `El campo "${f}" tiene un valor no admitido.`,
  isDateString: (f) => `El campo "${f}" debe ser una fecha ISO 8601.`,
  isIso8601: (f) => `El campo "${f}" debe ser una fecha ISO 8601.`,
  isUrl: (f) => `El campo "${f}" debe ser una URL válida.`,
  isArray: (f) => `El campo "${f}" debe ser una lista.`,
  maxLength: (f) => `El campo "${f}" es demasiado largo.`,
  minLength: (f) => `El campo "${f}" es demasiado corto.`,
  min: (f) => `El campo "${f}" es menor que el mínimo permitido.`,
  max: (f) => `El campo "${f}" es mayor que el máximo permitido.`,
  arrayMinSize: (f) => `El campo "${f}" necesita más elementos.`,
  arrayMaxSize: (f) => `El campo "${f}" tiene demasiados elementos.`,
};

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, english]) => ({
      field,
      code,
      message: MESSAGES[code]?.(field) ?? english,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** exceptionFactory for the global ValidationPipe: 400 with one entry per field problem. */
export function validationError(errors: ValidationError[]): DomainError {
  return new DomainError(400, 'validation_failed', 'La solicitud contiene datos inválidos.', flatten(errors));
}
