import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling, as the JWT strategy loaded it. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
