import type { EpochDay } from '../time/epoch-day';
import { epochDayFromParts, formatIsoDate, isWeekend } from '../time/epoch-day';
import { AppError, strictAssert } from '../../../shared/ipc/errors';
import { nyseScheduleForYear } from './nyse-holidays';

/**
 * The NYSE trading calendar for 2010–2030, precomputed once into flat arrays so that every
 * query is an index lookup. A day outside that range is never guessed at: the boolean
 * queries throw BAD_REQUEST, and `tradingDayStatus` answers 'unknown' for callers that
 * would rather branch than catch.
 */

export const NYSE_CALENDAR_FIRST_YEAR = 2010;
export const NYSE_CALENDAR_LAST_YEAR = 2030;

function mustDay(year: number, month: number, day: number): EpochDay {
  const result = epochDayFromParts(year, month, day);
  strictAssert(result !== null, 'calendar bounds are valid dates');
  return result;
}

export const NYSE_CALENDAR_FIRST_DAY: EpochDay = mustDay(NYSE_CALENDAR_FIRST_YEAR, 1, 1);
export const NYSE_CALENDAR_LAST_DAY: EpochDay = mustDay(NYSE_CALENDAR_LAST_YEAR, 12, 31);

export type TradingDayStatus = 'trading' | 'early_close' | 'holiday' | 'weekend' | 'unknown';

const TRADING = 1;
const EARLY_CLOSE = 2;
const SPAN = NYSE_CALENDAR_LAST_DAY - NYSE_CALENDAR_FIRST_DAY + 1;

const flags = new Uint8Array(SPAN);
const holidayNames = new Map<EpochDay, string>();
const earlyCloseNames = new Map<EpochDay, string>();
/** tradingDaysBefore[i] = trading days in [FIRST_DAY, FIRST_DAY + i). Length SPAN + 1. */
const tradingDaysBefore = new Int32Array(SPAN + 1);
let allTradingDays = new Int32Array(0);

function buildTables(): void {
  for (let i = 0; i < SPAN; i++) flags[i] = isWeekend(NYSE_CALENDAR_FIRST_DAY + i) ? 0 : TRADING;
  for (let year = NYSE_CALENDAR_FIRST_YEAR; year <= NYSE_CALENDAR_LAST_YEAR; year++) {
    const schedule = nyseScheduleForYear(year);
    for (const closure of schedule.closures) {
      const i = closure.day - NYSE_CALENDAR_FIRST_DAY;
      // Observed holidays can cross a year boundary only forward (Sunday Jan 1 → Monday Jan 2), so
      // every closure stays inside the table; the assertion guards a future rule that might not.
      strictAssert(i >= 0 && i < SPAN, `${closure.name} ${formatIsoDate(closure.day)} is inside the calendar`);
      strictAssert(!isWeekend(closure.day), `${closure.name} ${formatIsoDate(closure.day)} falls on a weekday`);
      flags[i] = 0;
      holidayNames.set(closure.day, closure.name);
    }
    for (const early of schedule.earlyCloses) {
      const i = early.day - NYSE_CALENDAR_FIRST_DAY;
      strictAssert(flags[i] === TRADING, `early close ${formatIsoDate(early.day)} is a trading day`);
      flags[i] = TRADING | EARLY_CLOSE;
      earlyCloseNames.set(early.day, early.name);
    }
  }
  let count = 0;
  for (let i = 0; i < SPAN; i++) {
    tradingDaysBefore[i] = count;
    if ((flags[i] ?? 0) & TRADING) count++;
  }
  tradingDaysBefore[SPAN] = count;
  allTradingDays = new Int32Array(count);
  let j = 0;
  for (let i = 0; i < SPAN; i++) if ((flags[i] ?? 0) & TRADING) allTradingDays[j++] = NYSE_CALENDAR_FIRST_DAY + i;
}
buildTables();

export function isWithinCalendar(day: EpochDay): boolean {
  return Number.isInteger(day) && day >= NYSE_CALENDAR_FIRST_DAY && day <= NYSE_CALENDAR_LAST_DAY;
}

function outOfRange(day: EpochDay, what: string): AppError {
  const date = Number.isInteger(day) ? formatIsoDate(day) : String(day);
  return new AppError(
    'BAD_REQUEST',
    `${what}: ${date} is outside the NYSE calendar (${formatIsoDate(NYSE_CALENDAR_FIRST_DAY)} to ${formatIsoDate(NYSE_CALENDAR_LAST_DAY)})`,
    {
      day,
      date,
      calendarFirst: formatIsoDate(NYSE_CALENDAR_FIRST_DAY),
      calendarLast: formatIsoDate(NYSE_CALENDAR_LAST_DAY),
    },
  );
}

function indexOf(day: EpochDay, what: string): number {
  if (!isWithinCalendar(day)) throw outOfRange(day, what);
  return day - NYSE_CALENDAR_FIRST_DAY;
}

/** Never throws: 'unknown' outside 2010–2030. */
export function tradingDayStatus(day: EpochDay): TradingDayStatus {
  if (!isWithinCalendar(day)) return 'unknown';
  const f = flags[day - NYSE_CALENDAR_FIRST_DAY] ?? 0;
  if (f & EARLY_CLOSE) return 'early_close';
  if (f & TRADING) return 'trading';
  return isWeekend(day) ? 'weekend' : 'holiday';
}

/** True for full and early-close sessions. Throws BAD_REQUEST outside the calendar. */
export function isTradingDay(day: EpochDay): boolean {
  return ((flags[indexOf(day, 'isTradingDay')] ?? 0) & TRADING) !== 0;
}

/** True when the session ends at 13:00 Eastern. Throws BAD_REQUEST outside the calendar. */
export function isEarlyClose(day: EpochDay): boolean {
  return ((flags[indexOf(day, 'isEarlyClose')] ?? 0) & EARLY_CLOSE) !== 0;
}

/** Regular close time in Eastern time, or null when the exchange is closed. */
export function closingTime(day: EpochDay): '16:00' | '13:00' | null {
  const f = flags[indexOf(day, 'closingTime')] ?? 0;
  if (!(f & TRADING)) return null;
  return f & EARLY_CLOSE ? '13:00' : '16:00';
}

/** The holiday or special closure on this weekday, or null (weekends and trading days). */
export function holidayName(day: EpochDay): string | null {
  indexOf(day, 'holidayName');
  return holidayNames.get(day) ?? null;
}

/** Why the session is short, or null on a full day or a closed day. */
export function earlyCloseName(day: EpochDay): string | null {
  indexOf(day, 'earlyCloseName');
  return earlyCloseNames.get(day) ?? null;
}

/** Trading days in [from, to], both ends inclusive; empty when from > to. O(1). */
export function countTradingDaysBetween(from: EpochDay, to: EpochDay): number {
  const a = indexOf(from, 'countTradingDaysBetween');
  const b = indexOf(to, 'countTradingDaysBetween');
  if (a > b) return 0;
  return (tradingDaysBefore[b + 1] ?? 0) - (tradingDaysBefore[a] ?? 0);
}

/** The trading days in [from, to], ascending, both ends inclusive (a fresh array each call). */
export function tradingDaysBetween(from: EpochDay, to: EpochDay): Int32Array {
  const a = indexOf(from, 'tradingDaysBetween');
  const b = indexOf(to, 'tradingDaysBetween');
  if (a > b) return new Int32Array(0);
  return allTradingDays.slice(tradingDaysBefore[a] ?? 0, tradingDaysBefore[b + 1] ?? 0);
}

/** The first trading day strictly after `day`. Throws BAD_REQUEST if that leaves the calendar. */
export function nextTradingDay(day: EpochDay): EpochDay {
  const i = indexOf(day, 'nextTradingDay');
  const next = allTradingDays[tradingDaysBefore[i + 1] ?? allTradingDays.length];
  if (next === undefined) throw outOfRange(day + 1, 'nextTradingDay');
  return next;
}

/** The last trading day strictly before `day`. Throws BAD_REQUEST if that leaves the calendar. */
export function previousTradingDay(day: EpochDay): EpochDay {
  const i = indexOf(day, 'previousTradingDay');
  const previous = allTradingDays[(tradingDaysBefore[i] ?? 0) - 1];
  if (previous === undefined) throw outOfRange(day - 1, 'previousTradingDay');
  return previous;
}
