import { AppError } from '../../../shared/ipc/errors';

/**
 * Calendar dates as whole days since 1970-01-01 (the proleptic Gregorian calendar, no time
 * zone). Everything here is integer arithmetic on year/month/day, never `Date.parse`, whose
 * handling of `2013-02-08` (UTC) versus `2013/02/08` (local time) differs by engine and
 * would move a bar across midnight in some time zones.
 */

/** Whole days since 1970-01-01: gaps and calendars become plain integer arithmetic. */
export type EpochDay = number;

/** The two date layouts the importer accepts. `us` is month first: M/D/YYYY or MM/DD/YYYY. */
export type DateFormat = 'iso' | 'us';

/** 0 = Sunday … 6 = Saturday, as in `Date.prototype.getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MILLIS_PER_DAY = 86_400_000;
// Four-digit years only: a two-digit or five-digit year in a price file is a typo, not a date.
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/**
 * Year/month/day to epoch day, or null for an impossible date (2013-02-30, month 13) or a
 * year outside 1000–9999. Howard Hinnant's days_from_civil:
 * https://howardhinnant.github.io/date_algorithms.html#days_from_civil
 */
export function epochDayFromParts(year: number, month: number, day: number): EpochDay | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Epoch day to year/month/day (Hinnant's civil_from_days). */
export function epochDayToParts(epochDay: EpochDay): CalendarDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthPrime = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthPrime + 2) / 5) + 1;
  const month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 1970-01-01 was a Thursday. */
export function weekday(epochDay: EpochDay): Weekday {
  return ((((epochDay + 4) % 7) + 7) % 7) as Weekday;
}

export function isWeekend(epochDay: EpochDay): boolean {
  const w = weekday(epochDay);
  return w === 0 || w === 6;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function weekdayName(epochDay: EpochDay): string {
  return WEEKDAY_NAMES[weekday(epochDay)];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD`. */
export function formatIsoDate(epochDay: EpochDay): string {
  const { year, month, day } = epochDayToParts(epochDay);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** Reads `count` ASCII digits from `start`; -1 if any is not a digit. */
function readDigits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = digitAt(text, i);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Strict `YYYY-MM-DD` (no time, no surrounding text). Null when malformed or impossible. */
export function parseIsoDate(text: string): EpochDay | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = readDigits(text, 0, 4);
  const month = readDigits(text, 5, 2);
  const day = readDigits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  return epochDayFromParts(year, month, day);
}

/** US month-first `M/D/YYYY` or `MM/DD/YYYY`. Null when malformed or impossible. */
export function parseUsDate(text: string): EpochDay | null {
  const firstSlash = text.indexOf('/');
  if (firstSlash < 1 || firstSlash > 2) return null;
  const secondSlash = text.indexOf('/', firstSlash + 1);
  const dayLength = secondSlash - firstSlash - 1;
  if (dayLength < 1 || dayLength > 2 || text.length - secondSlash - 1 !== 4) return null;
  const month = readDigits(text, 0, firstSlash);
  const day = readDigits(text, firstSlash + 1, dayLength);
  const year = readDigits(text, secondSlash + 1, 4);
  if (year < 0 || month < 0 || day < 0) return null;
  return epochDayFromParts(year, month, day);
}

/**
 * Which layout a date string has, judged by shape alone (so `2013-02-30` is still `iso`:
 * the caller reports it as an impossible date rather than as a format change).
 */
export function detectDateFormat(text: string): DateFormat | null {
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) return 'iso';
  if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(text)) return 'us';
  return null;
}

export function parseDate(text: string, format: DateFormat): EpochDay | null {
  switch (format) {
    case 'iso':
      return parseIsoDate(text);
    case 'us':
      return parseUsDate(text);
  }
}

/** For values that already passed the wire schema; a bad one is the caller's bug, reported as BAD_REQUEST. */
export function epochDayFromIso(iso: string): EpochDay {
  const day = parseIsoDate(iso);
  if (day === null) {
    throw new AppError('BAD_REQUEST', `"${iso}" is not a calendar date in YYYY-MM-DD form`, { date: iso });
  }
  return day;
}

/** The UTC calendar day containing an instant. */
export function epochDayFromUtcMillis(millis: number): EpochDay {
  return Math.floor(millis / MILLIS_PER_DAY);
}

/**
 * The calendar day containing an instant in an IANA time zone; for "today" as the exchange
 * sees it use `America/New_York` (a bar dated tomorrow in UTC may still be today in New York).
 */
export function epochDayInTimeZone(millis: number, timeZone: string): EpochDay {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(millis));
  const pick = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const day = epochDayFromParts(pick('year'), pick('month'), pick('day'));
  if (day === null) {
    throw new AppError('BAD_REQUEST', `cannot place instant ${millis} on a calendar day in ${timeZone}`, {
      millis,
      timeZone,
    });
  }
  return day;
}
