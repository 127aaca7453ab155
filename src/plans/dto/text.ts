import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, ValidateBy } from 'class-validator';

// C0 control characters other than tab, newline and carriage return (PostgreSQL text cannot
// even hold NUL): refused, so client text never reaches the database as a 500.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const NoControlChars = () =>
  ValidateBy({
    name: 'plainText',
    validator: {
      validate: (v) => typeof v !== 'string' || !CONTROL.test(v),
      defaultMessage: (a) => `El campo "${a?.property}" contiene caracteres de control no permitidos.`,
    },
  });

const NotBlank = () =>
  ValidateBy({
    name: 'isNotEmpty',
    validator: {
      validate: (v) => typeof v !== 'string' || v.trim().length > 0,
      defaultMessage: (a) => `El campo "${a?.property}" no puede estar vacío.`,
    },
  });

/**
 * A free-text field: a string of at most `max` characters, not blank, without control
 * characters. Stored and returned verbatim; markup in it is text, never interpreted.
 */
export const Text = (max: number) => applyDecorators(IsString(), NotBlank(), MaxLength(max), NoControlChars());
