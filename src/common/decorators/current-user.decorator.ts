import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling, as the JWT strategy loaded it. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  /**
   * The account was not read (a @UserFromToken() route): only `id` is known, `email` and
   * `name` are empty; AccessService confirms the account and reads its admin flag itself.
   */
  fromTokenOnly?: true;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
