// Formatting for people in Mexico: es-MX words and numbers, instants in the state's own time
// zone (Mexico has several), and relative deadlines ("cierra en 2 días").

const LOCALE = 'es-MX';
const DEFAULT_TZ = 'America/Mexico_City';

/** "12 de diciembre de 2026 a las 18:00 h" in the given IANA zone (24-hour clock, as official notices write it). */
export function formatDateTime(iso: string | Date, timeZone = DEFAULT_TZ): string {
  const text = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
  return `${text} h`;
}

/** "12 de diciembre de 2026" for an instant, read in the given zone. */
export function formatDate(iso: string | Date, timeZone = DEFAULT_TZ): string {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone }).format(new Date(iso));
}

/** A calendar date ("2026-12-12") as written, with no zone shift: "12 de diciembre de 2026". */
export function formatCalendarDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "en 2 días", "hace 3 horas", "en 5 minutos"; "ahora" within a minute. */
export function relativeTime(iso: string | Date, now: Date = new Date()): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 60_000) return 'ahora';
  const rtf = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'always' });
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === 'minute') return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(Math.round(diff / 60_000), 'minute');
}

/** "cierra en 2 días" / "cerró hace 3 horas". */
export function deadlinePhrase(iso: string | Date, now: Date = new Date(), verbs = { future: 'cierra', past: 'cerró' }): string {
  const past = new Date(iso).getTime() <= now.getTime();
  return `${past ? verbs.past : verbs.future} ${relativeTime(iso, now)}`;
}

export function formatNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** 46 → "46 %" (the API's progress is 0–100). */
export function formatPercent(value: number): string {
  return new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** "1 compromiso", "3 compromisos", "0 compromisos"; numbers with es-MX separators. */
export function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 1)} kB`;
  return `${formatNumber(bytes / (1024 * 1024), 1)} MB`;
}

/** Minutes the zone is ahead of UTC at `instant` (Mexico_City in winter: −360). */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/**
 * A wall-clock time typed in a form ("2026-12-12T18:00", as <input type="datetime-local">
 * gives it) read in the secretariat's zone, not the browser's: a deadline set in Tijuana for a
 * Quintana Roo secretariat means 18:00 in Quintana Roo. Returns the instant as ISO (UTC).
 */
export function zonedWallTimeToIso(local: string, timeZone = DEFAULT_TZ): string {
  const [date, time = '00:00'] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  // Once more, in case the first guess fell on the other side of a DST change.
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant).toISOString();
}

/** The other way: an instant as the wall-clock value a datetime-local input shows in `timeZone`. */
export function isoToZonedWallTime(iso: string | Date, timeZone = DEFAULT_TZ): string {
  const instant = new Date(iso);
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000);
  return local.toISOString().slice(0, 16);
}

/** "2 h 15 min", "3 días 4 h", "5 min": what is left until a deadline, for countdowns. */
export function timeLeft(iso: string | Date, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((new Date(iso).getTime() - now.getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${plural(days, 'día', 'días')}${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}
