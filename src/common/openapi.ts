import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtension, ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiPropertyOptions, ApiResponse, getSchemaPath } from '@nestjs/swagger';

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
  503: 'Not ready: database or job queue unreachable',
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

/** An object of integer counts with the given keys (e.g. proposals per status). */
export const countsSchema = (keys: readonly string[], required = false): ApiPropertyOptions =>
  ({
    type: 'object',
    properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer' }])),
    // `required` lists the keys; `selfRequired` keeps the property itself required in its DTO.
    ...(required ? { required: [...keys], selfRequired: true } : {}),
    additionalProperties: false,
  }) as ApiPropertyOptions;

const SECTOR_KEYS = ['government', 'civil_society', 'guarantor'];

/** An object with one `schema` per sector (all three). */
export const perSectorSchema = (schema: object): ApiPropertyOptions => {
  const { selfRequired: _self, ...inner } = schema as { selfRequired?: boolean };
  return {
    type: 'object',
    properties: Object.fromEntries(SECTOR_KEYS.map((k) => [k, inner])),
    required: SECTOR_KEYS,
    additionalProperties: false,
    selfRequired: true,
  } as ApiPropertyOptions;
};

/** The counts of a tally (over all seats). */
export const TALLY_COUNTS = ['seats', 'voted', 'approve', 'reject', 'abstain'] as const;

const REQUEST_CONTENT = 'x-request-content';

/**
 * A request body whose schema depends on its media type (JSON or multipart), which
 * @ApiBody cannot say; completeOpenApiDocument moves it into `requestBody.content`.
 */
export function ApiRequestContent(content: Record<string, Type<unknown>>) {
  return applyDecorators(
    ApiExtraModels(...Object.values(content)),
    ApiExtension(REQUEST_CONTENT, Object.fromEntries(Object.entries(content).map(([media, dto]) => [media, { schema: { $ref: getSchemaPath(dto) } }]))),
  );
}

/** Applies ApiRequestContent to the document (called once it is built). */
export function applyRequestContent(operation: Record<string, unknown>) {
  const content = operation[REQUEST_CONTENT];
  if (!content) return;
  operation.requestBody = { required: true, content };
  delete operation[REQUEST_CONTENT];
}
