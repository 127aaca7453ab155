import { applyDecorators, ParseUUIDPipe } from '@nestjs/common';
import { IsString, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { badRequest } from './errors/domain-error';

// C0 control characters other than tab, newline and carriage return (PostgreSQL text cannot
// even hold NUL): refused, so client text never reaches the database as a 500.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// What a reader cannot see: whitespace and zero-width characters. A text made only of
// these is blank.
const INVISIBLE = /[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;

export const isBlank = (v: string) => v.replace(INVISIBLE, '').length === 0;

/**
 * A free-text field: a string of at most `max` characters, not blank (nor made only of
 * zero-width characters), without control characters. Stored and returned verbatim; markup
 * in it is text, never interpreted.
 */
export const Text = (max: number) =>
  applyDecorators(
    IsString(),
    ValidateBy({ name: 'isNotEmpty', validator: { validate: (v) => typeof v !== 'string' || !isBlank(v) } }),
    MaxLength(max),
    ValidateBy({ name: 'plainText', validator: { validate: (v) => typeof v !== 'string' || !CONTROL.test(v) } }),
  );

/** A string matching `pattern`; `code` names the rule (its Spanish message is in errors/validation.ts). */
export const Pattern = (code: string, pattern: RegExp) =>
  ValidateBy({ name: code, validator: { validate: (v) => typeof v === 'string' && pattern.test(v) } });

/**
 * The field may be left out, but when sent it is validated — `null` included, so a field
 * that cannot be empty is never cleared by `null` (class-validator's IsOptional lets null
 * through). Use IsOptional only where null means "remove".
 */
export const Optional = () => ValidateIf((_, v) => v !== undefined);

/** A path id that must be a UUID (400 otherwise, before any lookup). */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('invalid_id', 'El identificador no es un UUID válido.'),
});

/** The largest value of a PostgreSQL `integer` column: the upper bound of every integer field. */
export const MAX_INT = 2_147_483_647;
