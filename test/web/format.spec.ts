import { deadlinePhrase, formatCalendarDate, formatDateTime, formatPercent, isoToZonedWallTime, plural, relativeTime, timeLeft, zonedWallTimeToIso } from '../../web/src/lib/format';
import { fieldMessages, problemMessage } from '../../web/src/lib/problems';

// Browser-side logic that people read: dates in each state's zone, deadlines, plurals, and
// the Spanish message for every problem the API (or the network) can produce.
describe('web formatting', () => {
  it('shows one instant in each state\'s own time zone', () => {
    const instant = '2026-12-02T06:30:00Z';
    expect(formatDateTime(instant, 'America/Mexico_City')).toBe('2 de diciembre de 2026 a las 00:30 h');
    expect(formatDateTime(instant, 'America/Tijuana')).toBe('1 de diciembre de 2026 a las 22:30 h');
    expect(formatDateTime(instant, 'America/Cancun')).toBe('2 de diciembre de 2026 a las 01:30 h');
  });

  it('reads a deadline typed in a form in the secretariat\'s zone, not the browser\'s', () => {
    expect(zonedWallTimeToIso('2026-12-12T18:00', 'America/Mexico_City')).toBe('2026-12-13T00:00:00.000Z');
    expect(zonedWallTimeToIso('2026-12-12T18:00', 'America/Cancun')).toBe('2026-12-12T23:00:00.000Z');
    // Tijuana keeps daylight saving time: UTC−7 in July, UTC−8 in December.
    expect(zonedWallTimeToIso('2026-07-01T09:30', 'America/Tijuana')).toBe('2026-07-01T16:30:00.000Z');
    expect(zonedWallTimeToIso('2026-12-01T09:30', 'America/Tijuana')).toBe('2026-12-01T17:30:00.000Z');
    // What is typed is what is shown back.
    expect(formatDateTime(zonedWallTimeToIso('2026-12-12T18:00', 'America/Hermosillo'), 'America/Hermosillo')).toBe('12 de diciembre de 2026 a las 18:00 h');
  });

  it('fills a date-time field with the wall time of the secretariat\'s zone, and reads it back', () => {
    expect(isoToZonedWallTime('2026-12-13T00:00:00.000Z', 'America/Mexico_City')).toBe('2026-12-12T18:00');
    expect(isoToZonedWallTime('2026-07-01T16:30:00.000Z', 'America/Tijuana')).toBe('2026-07-01T09:30');
    expect(zonedWallTimeToIso(isoToZonedWallTime('2026-12-12T23:00:00.000Z', 'America/Cancun'), 'America/Cancun')).toBe('2026-12-12T23:00:00.000Z');
  });

  it('counts down to a deadline in days, hours and minutes', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(timeLeft('2026-12-01T14:15:30Z', now)).toBe('2 h 15 min');
    expect(timeLeft('2026-12-04T16:00:00Z', now)).toBe('3 días 4 h');
    expect(timeLeft('2026-12-02T12:00:00Z', now)).toBe('1 día');
    expect(timeLeft('2026-12-01T12:05:00Z', now)).toBe('5 min');
    expect(timeLeft('2026-12-01T11:00:00Z', now)).toBe('0 min');
  });

  it('writes a calendar date as written, whatever the zone', () => {
    expect(formatCalendarDate('2026-03-01')).toBe('1 de marzo de 2026');
  });

  it('says deadlines relative to now in Spanish', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(deadlinePhrase('2026-12-03T12:00:00Z', now)).toBe('cierra dentro de 2 días');
    expect(deadlinePhrase('2026-12-01T09:00:00Z', now)).toBe('cerró hace 3 horas');
    expect(relativeTime('2026-12-01T12:00:30Z', now)).toBe('ahora');
    expect(relativeTime('2026-12-01T12:05:00Z', now)).toBe('dentro de 5 minutos');
  });

  it('pluralises counts with Mexican number formatting', () => {
    expect(plural(1, 'compromiso', 'compromisos')).toBe('1 compromiso');
    expect(plural(0, 'compromiso', 'compromisos')).toBe('0 compromisos');
    expect(plural(12345, 'hito', 'hitos')).toBe('12,345 hitos');
    expect(formatPercent(46)).toMatch(/^46\s?%$/);
  });
});

describe('problem messages', () => {
  it('prefers the API\'s own Spanish detail, and never shows a server error\'s internals', () => {
    expect(problemMessage({ status: 409, code: 'vote_open', detail: 'Hay una votación abierta.' })).toBe('Hay una votación abierta.');
    expect(problemMessage({ status: 500, code: 'internal_error', detail: 'TypeError: x is undefined' })).toBe('Algo falló de nuestro lado. Inténtalo de nuevo en unos minutos.');
  });

  it('has a sentence for network failures, limits and bare statuses', () => {
    expect(problemMessage(undefined)).toMatch(/conexión/);
    expect(problemMessage({ status: 0, code: 'network_error' })).toMatch(/conexión/);
    expect(problemMessage({ status: 429, code: 'rate_limited' })).toMatch(/Espera/);
    expect(problemMessage({ status: 403, code: 'x' })).toBe('No tienes permiso para hacer esto.');
    expect(problemMessage({ status: 503, code: 'x' })).toMatch(/no está disponible/);
  });

  it('keeps one message per field from errors[]', () => {
    const msgs = fieldMessages({ status: 400, code: 'validation_failed', errors: [
      { field: 'title', message: 'El título es obligatorio.' },
      { field: 'title', message: 'segundo' },
      { field: 'sdgs', message: 'Elige ODS entre 1 y 17.' },
    ] });
    expect(msgs).toEqual({ title: 'El título es obligatorio.', sdgs: 'Elige ODS entre 1 y 17.' });
  });
});
