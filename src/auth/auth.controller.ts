import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { notFound } from '../common/errors/domain-error';
import { UsersService } from '../users/users.service';
import { AuthService, toUserDto } from './auth.service';
import { LoginDto, RefreshDto, RegisterDto, RegisteredDto, TokenPairDto, UserDto } from './dto/auth.dto';
import { AuthThrottlerGuard, LocalAuthGuard } from './guards';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService, private readonly users: UsersService) {}

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('auth/register')
  @ApiOperation({ summary: 'Create an account and log in (rate-limited per address and per IP, like login)' })
  @ApiCreatedResponse({ type: RegisteredDto })
  @ApiProblems(400, 409, 429)
  async register(@Body() dto: RegisterDto): Promise<RegisteredDto> {
    const user = await this.users.create(dto);
    return { user: toUserDto(user), ...(await this.auth.issueTokens(user)) };
  }

  @Public()
  @UseGuards(AuthThrottlerGuard, LocalAuthGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with email and password (rate-limited per account and per IP)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  login(@CurrentUser() user: AuthUser, @Body() _dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.issueTokens(user);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; a reused one revokes its whole family' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session (refresh token family) is ended.' })
  @ApiOperation({ summary: 'Revoke the session (refresh-token family) of the given token' })
  @ApiProblems(400)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(401)
  async me(@CurrentUser() current: AuthUser): Promise<UserDto> {
    const user = await this.users.findById(current.id);
    if (!user) throw notFound('La cuenta');
    return toUserDto(user);
  }
}
