import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../users/password-policy';

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
  @ApiProperty({ description: 'The refresh token received at login or at the last refresh.' })
  @IsString() @MinLength(20) @MaxLength(200)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Opaque; rotated on every use.' }) refreshToken: string;
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

export class RegisteredDto extends TokenPairDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}
