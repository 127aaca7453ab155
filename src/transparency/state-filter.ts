import { DataSource } from 'typeorm';
import { badRequest } from '../common/errors/domain-error';

/**
 * The INEGI code of a `state` filter (code `20` or abbreviation `OAX`); an unknown one is a
 * 400 `unknown_state`, not an empty answer that looks like "no data".
 */
export async function stateCodeOf(db: DataSource, filter: string): Promise<string> {
  const [row] = await db.query('SELECT code FROM states WHERE code = $1 OR upper(abbreviation) = $1', [filter.toUpperCase()]);
  if (!row) throw badRequest('unknown_state', `No hay un estado con la clave o abreviatura «${filter}».`);
  return row.code;
}
