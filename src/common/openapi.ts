import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'isEmail' }) code: string;
  @ApiProperty({ example: 'El campo "email" debe ser un correo electrónico válido.' }) message: string;
}

/** RFC 9457 problem details, the body of every error. */
export class ProblemDto {
  @ApiProperty({ example: 'https://cocrea.mx/problems/validation-failed' }) type: string;
  @ApiProperty({ example: 'Solicitud inválida' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'La solicitud contiene datos inválidos.' }) detail: string;
  @ApiProperty({ description: 'Stable machine-readable code', example: 'validation_failed' }) code: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request or invalid fields (`validation_failed`, `malformed_json`, …)',
  401: 'Missing, expired or invalid credentials',
  403: 'Authenticated but not allowed',
  404: 'Not found, or not visible to you',
  409: 'State conflict (wrong stage, closed vote, concurrent change)',
  413: 'Body larger than BODY_LIMIT',
  422: 'Business rule violated',
  429: 'Rate limited (see Retry-After)',
};

/** Documents the problem+json responses a route can give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
