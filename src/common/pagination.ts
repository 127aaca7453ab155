import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badRequest } from './errors/domain-error';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page (`nextCursor`).' })
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length) return values;
  } catch {
    /* fall through */
  }
  throw badRequest('invalid_cursor', 'El cursor de paginación no es válido.');
}

/**
 * Keyset pagination on (`sortKey`, id). `sortKey` is a property of the root alias whose
 * values survive a JSON round trip exactly (created_at columns are timestamptz(3)).
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  page: PageQuery,
  { sortKey = 'createdAt', order = 'DESC' }: { sortKey?: keyof T & string; order?: 'ASC' | 'DESC' } = {},
): Promise<Page<T>> {
  const alias = qb.alias;
  if (page.cursor) {
    const [value, id] = decodeCursor(page.cursor, 2);
    const op = order === 'DESC' ? '<' : '>';
    qb.andWhere(`(${alias}.${sortKey}, ${alias}.id) ${op} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
  }
  const rows = await qb
    .orderBy(`${alias}.${sortKey}`, order)
    .addOrderBy(`${alias}.id`, order)
    .take(page.limit + 1)
    .getMany();
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeCursor([serialize(last[sortKey]), last.id]) : null;
  return { items, nextCursor };
}

const serialize = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
