import { csvCell, csvRecord } from './csv';
import { isNotModified } from './http-cache';

describe('csv', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvCell('simple')).toBe('simple');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('dice "hola"')).toBe('"dice ""hola"""');
    expect(csvCell('línea 1\nlínea 2')).toBe('"línea 1\nlínea 2"');
    expect(csvRecord(['a', null, 3, true])).toBe('a,,3,true\r\n');
  });

  it('escapes text that a spreadsheet would run as a formula, but not numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(['=A1', 'b'])).toBe("'=A1 | b");
    expect(csvCell(new Date('2019-05-06T12:00:00Z'))).toBe('2019-05-06T12:00:00.000Z');
  });
});

describe('conditional GET', () => {
  const modified = new Date('2019-05-06T12:00:00Z');
  it('matches ETags (weak comparison, lists, *) before dates', () => {
    expect(isNotModified({ 'if-none-match': '"a"' }, '"a"', modified)).toBe(true);
    expect(isNotModified({ 'if-none-match': 'W/"x", W/"a"' }, '"a"', modified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '*' }, '"a"', modified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"b"', 'if-modified-since': modified.toUTCString() }, '"a"', modified)).toBe(false);
  });
  it('compares If-Modified-Since with the last change', () => {
    expect(isNotModified({ 'if-modified-since': modified.toUTCString() }, '"a"', modified)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Mon, 06 May 2019 11:59:59 GMT' }, '"a"', modified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'ayer' }, '"a"', modified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': modified.toUTCString() }, '"a"', null)).toBe(false);
  });
});
