import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Marks a route that needs no access token (the global JWT guard lets it through). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const USER_FROM_TOKEN = 'userFromToken';
/**
 * Marks a hot route whose handler only needs the caller's id and goes straight to
 * AccessService.require: the guard checks the token but does not read the account; the access
 * statement reads it (existence and admin flag) with the subject, one statement fewer per
 * request. Only for handlers that use nothing of the user but `id` before `require`.
 */
export const UserFromToken = () => SetMetadata(USER_FROM_TOKEN, true);
