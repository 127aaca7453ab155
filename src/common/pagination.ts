import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badRequest } from './errors/domain-error';
import { Optional } from './validation';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page (`nextCursor`).' })
  @Optional() @IsString() @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The documented shape of a list answer, `{ items, nextCursor }`: extend it as `class XPageDto extends PageOf(XDto) {}`. */
export function PageOf<T>(item: ClassType<T>): ClassType<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last one.' }) nextCursor: string | null;
  }
  return PageDto;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_PART = {
  uuid: (v: unknown) => typeof v === 'string' && UUID.test(v),
  date: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v) && !Number.isNaN(Date.parse(v)),
  bool: (v: unknown) => typeof v === 'boolean',
  // bigint positions (audit seq) travel as digit strings or safe integers
  int: (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^\d{1,18}$/.test(v)),
};
export type CursorPart = keyof typeof CURSOR_PART;

/**
 * The values of a cursor, each checked against its kind: a tampered cursor is a 400
 * `invalid_cursor`, never a database error.
 */
export function decodeCursor(cursor: string, parts: CursorPart[]): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === parts.length && parts.every((kind, i) => CURSOR_PART[kind](values[i]))) return values;
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
    const [value, id] = decodeCursor(page.cursor, [sortKey === 'seq' ? 'int' : 'date', 'uuid']);
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
