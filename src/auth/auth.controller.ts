import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Act } from '../access/act.decorator';
import { AccessService } from '../access/access.service';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { notFound, unauthorized } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { AuthService, toUserDto } from './auth.service';
import {
  AcceptedDto, ChangePasswordDto, LoginDto, MeDto, PasswordResetConfirmDto, PasswordResetRequestDto, RefreshDto,
  RegisterDto, RegisteredDto, TokenPairDto, UpdateProfileDto, UserDto,
} from './dto/auth.dto';
import { AuthThrottlerGuard, LocalAuthGuard } from './guards';
import { PasswordResetService } from './password-reset.service';
import { clearRefreshCookie, isWebClient, readRefreshCookie, setRefreshCookie, WEB_CLIENT_HEADER } from './refresh-cookie';

const WebClientHeader = () => ApiHeader({ name: WEB_CLIENT_HEADER, required: false, description: '`web`: the refresh token travels in the HttpOnly `cocrea_refresh` cookie instead of the body.' });

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly resets: PasswordResetService,
    private readonly config: AppConfig,
    private readonly access: AccessService,
  ) {}

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('auth/register')
  @WebClientHeader()
  @ApiOperation({ summary: 'Create an account and log in (rate-limited per address and per IP, like login)' })
  @ApiCreatedResponse({ type: RegisteredDto })
  @ApiProblems(400, 409, 429)
  async register(@Body() dto: RegisterDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RegisteredDto> {
    const user = await this.users.create(dto);
    return { user: toUserDto(user), ...this.deliver(req, reply, await this.auth.issueTokens(user)) };
  }

  @Public()
  @UseGuards(AuthThrottlerGuard, LocalAuthGuard)
  @Post('auth/login')
  @HttpCode(200)
  @WebClientHeader()
  @ApiOperation({ summary: 'Log in with email and password (rate-limited per account and per IP)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  async login(@CurrentUser() user: AuthUser, @Body() _dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairDto> {
    return this.deliver(req, reply, await this.auth.issueTokens(user));
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('auth/refresh')
  @HttpCode(200)
  @WebClientHeader()
  @ApiOperation({ summary: 'Rotate a refresh token (body, or the web cookie with its header); a reused one revokes its whole family' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  async refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairDto> {
    const token = this.presented(dto, req);
    if (!token) throw unauthorized('invalid_refresh_token', 'No hay una sesión que renovar. Inicia sesión.');
    try {
      return this.deliver(req, reply, await this.auth.refresh(token));
    } catch (error) {
      if (isWebClient(req)) clearRefreshCookie(reply, this.secureCookie);
      throw error;
    }
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session (refresh token family) is ended.' })
  @WebClientHeader()
  @ApiOperation({ summary: 'Revoke the session (refresh-token family) of the given token' })
  @ApiNoContentResponse({ description: 'Signed out (also when the token was unknown).' })
  @ApiProblems(400)
  async logout(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = this.presented(dto, req);
    if (token) await this.auth.logout(token);
    if (isWebClient(req)) clearRefreshCookie(reply, this.secureCookie);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('auth/password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'E-mail a single-use link (valid 1 h) to choose a new password; the same answer whether or not the address has an account' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems(400, 429)
  async requestReset(@Body() dto: PasswordResetRequestDto): Promise<AcceptedDto> {
    await this.resets.request(dto.email);
    return { message: 'Si el correo tiene una cuenta, enviamos un enlace para restablecer la contraseña.' };
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('auth/password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the e-mailed token; ends every session of the account' })
  @ApiNoContentResponse({ description: 'Password changed; sign in with it.' })
  @ApiProblems(400, 429)
  async confirmReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.resets.confirm(dto.token, dto.password);
  }

  @ApiBearerAuth()
  @Act('me.read')
  @Get('me')
  @ApiOperation({ summary: 'The logged-in user and their active memberships (secretariat, sector, seat, role, coordinator)' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  async me(@CurrentUser() current: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(current.id);
    if (!user) throw notFound('La cuenta');
    return { ...toUserDto(user), memberships: await this.access.memberships(user.id) };
  }

  @ApiBearerAuth()
  @Act('me.update')
  @Patch('me')
  @ApiOperation({ summary: 'Change the name shown to others' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401)
  async updateMe(@CurrentUser() current: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserDto> {
    return toUserDto(await this.users.rename(current.id, dto.name));
  }

  @ApiBearerAuth()
  @Act('me.update')
  @Post('me/password')
  @HttpCode(200)
  @WebClientHeader()
  @ApiOperation({ summary: 'Change the password (the current one is required); every other session ends' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 422)
  async changePassword(@CurrentUser() current: AuthUser, @Body() dto: ChangePasswordDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairDto> {
    return this.deliver(req, reply, await this.auth.changePassword(current.id, dto.currentPassword, dto.newPassword));
  }

  private get secureCookie() {
    return this.config.publicUrl.startsWith('https:');
  }

  /** Body token for API clients; the cookie only for the web app (its header proves same-site JS). */
  private presented(dto: RefreshDto, req: FastifyRequest): string | undefined {
    return dto.refreshToken ?? (isWebClient(req) ? readRefreshCookie(req) : undefined);
  }

  /** The web app gets its refresh token as the cookie, never in the body. */
  private deliver<T extends TokenPairDto>(req: FastifyRequest, reply: FastifyReply, pair: T): T {
    if (!isWebClient(req)) return pair;
    setRefreshCookie(reply, pair.refreshToken!, this.config.jwt.refreshTtl, this.secureCookie);
    const { refreshToken: _omitted, ...rest } = pair;
    return rest as T;
  }
}
