import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Marks a route that needs no access token (the global JWT guard lets it through). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
