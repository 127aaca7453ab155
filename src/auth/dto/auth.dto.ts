import { MembershipSummaryDto } from '../../access/dto/membership-summary.dto';
import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../users/password-policy';
import { Optional } from '../../common/validation';

export class LoginDto {
  @ApiProperty({ example: 'coordinacion@oaxaca.gob.mx' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'una frase larga y propia' })
  @IsString() @MinLength(1) @MaxLength(PASSWORD_MAX)
  password: string;
}

export class RegisterDto extends LoginDto {
  @ApiProperty({ example: 'una frase larga y propia', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: 'Not a common password, nor the e-mail.' })
  @IsString() @MaxLength(PASSWORD_MAX)
  declare password: string;

  @ApiProperty({ example: 'María López' })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'The refresh token received at login or at the last refresh. The web app omits it and sends the `cocrea_refresh` cookie with the `X-Cocrea-Client: web` header instead.' })
  @Optional() @IsString() @MinLength(20) @MaxLength(200)
  refreshToken?: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiPropertyOptional({ description: 'Opaque; rotated on every use. Absent when the request carried `X-Cocrea-Client: web`: then it is set as the HttpOnly `cocrea_refresh` cookie.' }) refreshToken?: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds.' }) expiresIn: number;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() locale: string;
  @ApiProperty() isPlatformAdmin: boolean;
  @ApiProperty() createdAt: Date;
}

export class MeDto extends UserDto {
  @ApiProperty({ type: [MembershipSummaryDto], description: 'Your active memberships: your roles in each secretariat, so a client needs no extra request' })
  memberships: MembershipSummaryDto[];
}

export class RegisteredDto extends TokenPairDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'coordinacion@oaxaca.gob.mx' })
  @IsEmail() @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the e-mailed link.' })
  @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString() @MinLength(1) @MaxLength(PASSWORD_MAX)
  password: string;
}

export class AcceptedDto {
  @ApiProperty({ example: 'Si el correo tiene una cuenta, enviamos un enlace para restablecer la contraseña.' }) message: string;
}

export class UpdateProfileDto {
  @ApiProperty({ example: 'María López' })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(PASSWORD_MAX)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString() @MinLength(1) @MaxLength(PASSWORD_MAX)
  newPassword: string;
}
