import { addDays, endOfLocalDay, formatLocal, isValidTimeZone, localDate, localToInstant } from './time-zone';

describe('time-zone helpers', () => {
  it('ends a due date at local midnight of each Mexican zone', () => {
    // Mexico City has had no daylight saving since 2022: UTC−6 all year.
    expect(endOfLocalDay('2026-03-13', 'America/Mexico_City').toISOString()).toBe('2026-03-14T05:59:59.999Z');
    // Quintana Roo (Cancún) is UTC−5 all year: its deadline comes an hour earlier.
    expect(endOfLocalDay('2026-03-13', 'America/Cancun').toISOString()).toBe('2026-03-14T04:59:59.999Z');
    // Baja California follows US daylight saving: UTC−8 in winter, UTC−7 in summer.
    expect(endOfLocalDay('2026-01-15', 'America/Tijuana').toISOString()).toBe('2026-01-16T07:59:59.999Z');
    expect(endOfLocalDay('2026-07-15', 'America/Tijuana').toISOString()).toBe('2026-07-16T06:59:59.999Z');
  });

  it('converts local clock times across a daylight-saving change', () => {
    // 2026-03-08: Tijuana jumps from 02:00 PST to 03:00 PDT.
    expect(localToInstant('2026-03-08', '01:00', 'America/Tijuana').toISOString()).toBe('2026-03-08T09:00:00.000Z');
    expect(localToInstant('2026-03-08', '06:00', 'America/Tijuana').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    // A skipped wall time resolves to after the jump.
    expect(localToInstant('2026-03-08', '02:30', 'America/Tijuana').toISOString()).toBe('2026-03-08T10:30:00.000Z');
    // The end of the day the clocks change is still local midnight.
    expect(endOfLocalDay('2026-03-08', 'America/Tijuana').toISOString()).toBe('2026-03-09T06:59:59.999Z');
  });

  it('reads local dates and adds calendar days across months and leap years', () => {
    expect(localDate(new Date('2026-03-14T05:30:00Z'), 'America/Mexico_City')).toBe('2026-03-13');
    expect(localDate(new Date('2026-03-14T05:30:00Z'), 'America/Cancun')).toBe('2026-03-14');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addDays('13/03/2026', 1)).toThrow('YYYY-MM-DD');
  });

  it('formats an instant in Spanish on the local clock', () => {
    const text = formatLocal(new Date('2026-03-14T00:00:00Z'), 'America/Cancun');
    expect(text).toContain('13 de marzo de 2026');
    expect(text).toContain('19:00');
    expect(isValidTimeZone('America/Cancun')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
