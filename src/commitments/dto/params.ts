import { ParseUUIDPipe } from '@nestjs/common';
import { badRequest } from '../../common/errors/domain-error';

/** A path id that must be a UUID (400 before any lookup). */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('invalid_id', 'El identificador no es un UUID válido.'),
});
