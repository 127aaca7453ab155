import { applyDecorators, ParseUUIDPipe } from '@nestjs/common';
import { IsString, MaxLength, ValidateBy } from 'class-validator';
import { badRequest } from '../../common/errors/domain-error';

// C0 control characters other than tab/newline/CR: refused (PostgreSQL text cannot hold NUL).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A free-text field: a non-blank string of at most `max` characters without control characters. */
export const Text = (max: number) =>
  applyDecorators(
    IsString(),
    MaxLength(max),
    ValidateBy({
      name: 'plainText',
      validator: {
        validate: (v) => typeof v !== 'string' || (v.trim().length > 0 && !CONTROL.test(v)),
        defaultMessage: (a) => `El campo "${a?.property}" no puede estar vacío ni contener caracteres de control.`,
      },
    }),
  );

/** A path id that must be a UUID (400 otherwise, before any lookup). */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('invalid_id', 'El identificador no es un UUID válido.'),
});
