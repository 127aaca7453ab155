/**
 * CSV per RFC 4180: fields separated by commas, records by CRLF, a field quoted when it
 * holds a comma, a double quote, CR or LF, and quotes inside doubled.
 *
 * Formula injection (CWE-1236): a text cell starting with `=`, `+`, `-`, `@`, tab or CR is
 * read as a formula by spreadsheet programs, so it is prefixed with an apostrophe. Only text
 * cells are touched: numbers, booleans and dates never start a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];

/** Separator of list values inside one cell (e.g. several organizations). */
export const LIST_SEPARATOR = ' | ';

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers, booleans and dates never hold a comma, a quote or a line break.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  const text = escapeFormula(typeof value === 'string' ? value : value.join(LIST_SEPARATOR));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const escapeFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

export function csvRecord(values: CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
