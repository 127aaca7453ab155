import { ValidationError } from 'class-validator';
import { DomainError, FieldError } from './domain-error';
import { fieldLabel } from './labels';

// Spanish wording of every constraint, as a predicate of the field's label. `n` is the
// bound of a length/range/size constraint. A code missing here gets the generic wording,
// never class-validator's English.
const MESSAGES: Record<string, (n?: string) => string> = {
  whitelistValidation: () => 'no es un campo admitido',
  unknownValue: () => 'el cuerpo de la solicitud debe ser un objeto JSON',
  nestedValidation: () => 'debe ser un objeto con los campos documentados',
  isDefined: () => 'es obligatorio',
  isString: () => 'debe ser texto',
  isInt: () => 'debe ser un número entero',
  isNumber: () => 'debe ser un número',
  isBoolean: () => 'debe ser verdadero o falso',
  isArray: () => 'debe ser una lista',
  isObject: () => 'debe ser un objeto',
  isUuid: () => 'debe ser un identificador UUID',
  isEmail: () => 'debe ser un correo electrónico válido',
  isUrl: () => 'debe ser un enlace http(s) válido',
  isIso8601: () => 'debe ser una fecha ISO 8601',
  isDateString: () => 'debe ser una fecha ISO 8601',
  isTimeZone: () => 'debe ser una zona horaria IANA (por ejemplo, America/Mexico_City)',
  isIn: () => 'tiene un valor no admitido',
  isEnum: () => 'tiene un valor no admitido',
  stateCode: () => 'debe ser una clave INEGI de entidad (01 a 32)',
  stateFilter: () => 'debe ser una clave INEGI (01 a 32) o la abreviatura de un estado',
  matches: () => 'no tiene el formato esperado',
  isNotEmpty: () => 'no puede estar vacío',
  plainText: () => 'contiene caracteres de control no permitidos',
  minLength: (n) => (n ? `debe tener al menos ${n} caracteres` : 'es demasiado corto'),
  maxLength: (n) => (n ? `admite como máximo ${n} caracteres` : 'es demasiado largo'),
  min: (n) => (n ? `debe ser al menos ${n}` : 'es menor que el mínimo permitido'),
  max: (n) => (n ? `debe ser como máximo ${n}` : 'es mayor que el máximo permitido'),
  arrayMinSize: (n) => (n ? `necesita al menos ${n} elemento(s)` : 'necesita más elementos'),
  arrayMaxSize: (n) => (n ? `admite como máximo ${n} elementos` : 'tiene demasiados elementos'),
  arrayUnique: () => 'tiene elementos repetidos',
  coreOgpValue: () => 'debe incluir al menos uno de: acceso a la información, participación ciudadana o rendición de cuentas',
};

/** The rules with their own Spanish wording (a test checks every rule a DTO uses is one). */
export const SPANISH_CODES = Object.keys(MESSAGES);

// When a field fails several constraints, the first of these is the one worth saying:
// what kind of value is expected comes before how long or how big it may be.
const PRIORITY = [
  'whitelistValidation', 'unknownValue', 'isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject',
  'isUuid', 'isEmail', 'isUrl', 'isIso8601', 'isDateString', 'isTimeZone', 'isIn', 'isEnum', 'stateCode', 'stateFilter', 'matches',
  'isNotEmpty', 'plainText', 'minLength', 'maxLength', 'min', 'max', 'arrayMinSize', 'arrayMaxSize', 'arrayUnique',
];
const rank = (code: string) => (PRIORITY.includes(code) ? PRIORITY.indexOf(code) : PRIORITY.length);

const BOUNDED = new Set(['minLength', 'maxLength', 'min', 'max', 'arrayMinSize', 'arrayMaxSize']);

/** The one message of a field: its label, then what is wrong, in Spanish. */
export function fieldMessage(field: string, code: string, value: unknown, english = ''): string {
  const label = fieldLabel(field);
  if (code === 'unknownValue') return 'El cuerpo de la solicitud debe ser un objeto JSON.';
  if (code === 'whitelistValidation') return `El campo «${field}» no está permitido.`;
  if (value === undefined) return `${label}: es obligatorio.`;
  if (value === null) return `${label}: no puede ser nulo.`;
  // class-validator's English default carries the bound ("… shorter than or equal to 200 …").
  const bound = BOUNDED.has(code) ? /(-?\d+(?:\.\d+)?)(?!.*\d)/.exec(english)?.[1] : undefined;
  const predicate = MESSAGES[code]?.(bound) ?? 'tiene un valor no válido';
  return `${label}: ${predicate}.`;
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const codes = Object.keys(e.constraints ?? {}).sort((a, b) => rank(a) - rank(b));
    const own: FieldError[] = codes.length
      ? [{ field, code: codes[0], message: fieldMessage(field, codes[0], e.value, e.constraints![codes[0]]) }]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** exceptionFactory for the global ValidationPipe: 400 with one entry per field in error. */
export function validationError(errors: ValidationError[]): DomainError {
  return new DomainError(400, 'validation_failed', 'La solicitud contiene datos inválidos.', flatten(errors));
}
