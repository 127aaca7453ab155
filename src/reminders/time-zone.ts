/**
 * Time-zone arithmetic with Intl only (no dependency). Mexico's states span several IANA zones
 * (America/Mexico_City, America/Cancun, America/Tijuana with US daylight saving, …), and a
 * due *date* means the end of that day on the secretariat's local clock (DESIGN §3).
 */
export const DEFAULT_TIME_ZONE = 'America/Mexico_City';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
export function localParts(instant: Date, timeZone: string) {
  const p: Record<string, number> = {};
  for (const { type, value } of partsFormatter(timeZone).formatToParts(instant)) {
    if (type !== 'literal') p[type] = Number(value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** UTC offset of the zone at that instant, in ms (local = UTC + offset). */
function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

function parseDate(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new Error(`Expected a YYYY-MM-DD date, got ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * The instant at which the local clock of `timeZone` shows `date` `hh:mm`. A time skipped by
 * a daylight-saving jump resolves to the instant after the jump.
 */
export function localToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = parseDate(date);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const shows = (t: number) => wall - offsetMs(new Date(t), timeZone) === t;
  // The offset at a first guess may differ from the one at the answer near a DST change.
  const first = wall - offsetMs(new Date(wall), timeZone);
  const second = wall - offsetMs(new Date(first), timeZone);
  if (shows(second)) return new Date(second);
  if (shows(first)) return new Date(first);
  return new Date(Math.max(first, second));
}

/** `date` plus `days` calendar days, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The last millisecond of `date` on the local clock of `timeZone`. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(localToInstant(addDays(date, 1), '00:00', timeZone).getTime() - 1);
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** A Spanish (Mexico) rendering of an instant on a local clock: "13 de marzo de 2026, 18:00 h". */
export function formatLocal(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('es-MX', { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23', timeZone }).format(instant);
  return `${text} h`;
}
