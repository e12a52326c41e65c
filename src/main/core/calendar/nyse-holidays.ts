import type { EpochDay } from '../time/epoch-day';
import { epochDayFromParts, weekday } from '../time/epoch-day';
import { strictAssert } from '../../../shared/ipc/errors';

/**
 * NYSE full-day closures and 13:00 early closes for one year, derived by rule.
 *
 * Sources:
 * - NYSE Rule 7.2 (Holidays): the ten holidays, and "when a holiday observed by the Exchange
 *   falls on a Saturday, the Exchange will not be open for business on the preceding Friday
 *   and when any holiday ... falls on a Sunday, ... the succeeding Monday, unless unusual
 *   business conditions exist, such as the ending of a monthly or the yearly accounting
 *   period". That last clause is why a Saturday New Year's Day is not observed: the Friday
 *   before is December 31, the end of the yearly accounting period (2011, 2022 and 2028
 *   have no New Year closure at all; 2010-12-31 and 2021-12-31 were full trading days).
 * - NYSE holidays and trading hours, https://www.nyse.com/markets/hours-calendars, and the
 *   yearly calendars NYSE publishes there, which list the early closes used below.
 * - Juneteenth National Independence Day Act (Pub. L. 117-17, June 2021); NYSE first closed
 *   for it on 2022-06-20 (June 19, 2022 was a Sunday).
 *
 * Early closes (13:00 Eastern) follow the published pattern without exception for 2010–2027:
 * - the day before Independence Day when that is Monday–Thursday (July 3). When July 4 is a
 *   Saturday, July 3 is the observed holiday and there is no early close (2015, 2020, 2026);
 *   when July 4 is a Sunday or Monday, the preceding Friday is a full day (2010, 2011, 2016,
 *   2021, 2022, 2027);
 * - the day after Thanksgiving (Friday);
 * - Christmas Eve when it is Monday–Thursday. When December 24 is a Friday it is the observed
 *   Christmas holiday (2010, 2021, 2027), and a weekend Christmas Eve has nothing to shorten.
 * Years after NYSE's published calendars (2028–2030) are extrapolated by the same rules; an
 * ad hoc closure announced later (as for presidential funerals) needs an entry here.
 */

export interface NyseClosure {
  readonly day: EpochDay;
  readonly name: string;
}

export interface NyseYearSchedule {
  readonly year: number;
  readonly closures: readonly NyseClosure[];
  readonly earlyCloses: readonly NyseClosure[];
}

/** Unscheduled full-day closures (not derivable by rule). */
const SPECIAL_CLOSURES: readonly { readonly iso: readonly [number, number, number]; readonly name: string }[] = [
  // NYSE Euronext closed for Hurricane Sandy (announcements of 2012-10-28 and 2012-10-29).
  { iso: [2012, 10, 29], name: 'Hurricane Sandy' },
  { iso: [2012, 10, 30], name: 'Hurricane Sandy' },
  // National Day of Mourning for President George H. W. Bush (NYSE statement, 2018-12-01).
  { iso: [2018, 12, 5], name: 'Day of Mourning for President George H. W. Bush' },
  // National Day of Mourning for President Jimmy Carter (NYSE announcement, 2024-12-30).
  { iso: [2025, 1, 9], name: 'Day of Mourning for President Jimmy Carter' },
];

function dayOf(year: number, month: number, day: number): EpochDay {
  const result = epochDayFromParts(year, month, day);
  strictAssert(result !== null, `${year}-${month}-${day} is a calendar date`);
  return result;
}

/** The n-th (1-based) given weekday of a month, e.g. the third Monday of January. */
function nthWeekdayOfMonth(year: number, month: number, targetWeekday: number, n: number): EpochDay {
  const first = dayOf(year, month, 1);
  const offset = (targetWeekday - weekday(first) + 7) % 7;
  return first + offset + (n - 1) * 7;
}

function lastWeekdayOfMonth(year: number, month: number, targetWeekday: number): EpochDay {
  const nextMonthFirst = month === 12 ? dayOf(year + 1, 1, 1) : dayOf(year, month + 1, 1);
  const last = nextMonthFirst - 1;
  return last - ((weekday(last) - targetWeekday + 7) % 7);
}

/**
 * Western (Gregorian) Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher,
 * "Astronomical Algorithms", ch. 8).
 */
export function easterSunday(year: number): EpochDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, day);
}

/** Saturday holidays move to Friday, Sunday holidays to Monday (Rule 7.2). */
function observed(actual: EpochDay): EpochDay {
  const w = weekday(actual);
  if (w === 6) return actual - 1;
  if (w === 0) return actual + 1;
  return actual;
}

const MONDAY = 1;
const THURSDAY = 4;

function isMondayToThursday(day: EpochDay): boolean {
  const w = weekday(day);
  return w >= MONDAY && w <= THURSDAY;
}

export function nyseScheduleForYear(year: number): NyseYearSchedule {
  const closures: NyseClosure[] = [];
  const newYear = dayOf(year, 1, 1);
  // Saturday New Year's Day: no closure (see the Rule 7.2 note above).
  if (weekday(newYear) !== 6) closures.push({ day: observed(newYear), name: "New Year's Day" });
  closures.push({ day: nthWeekdayOfMonth(year, 1, MONDAY, 3), name: 'Martin Luther King, Jr. Day' });
  closures.push({ day: nthWeekdayOfMonth(year, 2, MONDAY, 3), name: "Washington's Birthday" });
  closures.push({ day: easterSunday(year) - 2, name: 'Good Friday' });
  closures.push({ day: lastWeekdayOfMonth(year, 5, MONDAY), name: 'Memorial Day' });
  if (year >= 2022) closures.push({ day: observed(dayOf(year, 6, 19)), name: 'Juneteenth National Independence Day' });
  closures.push({ day: observed(dayOf(year, 7, 4)), name: 'Independence Day' });
  closures.push({ day: nthWeekdayOfMonth(year, 9, MONDAY, 1), name: 'Labor Day' });
  const thanksgiving = nthWeekdayOfMonth(year, 11, THURSDAY, 4);
  closures.push({ day: thanksgiving, name: 'Thanksgiving Day' });
  closures.push({ day: observed(dayOf(year, 12, 25)), name: 'Christmas Day' });
  for (const special of SPECIAL_CLOSURES) {
    if (special.iso[0] === year) closures.push({ day: dayOf(...special.iso), name: special.name });
  }
  closures.sort((x, y) => x.day - y.day);

  const earlyCloses: NyseClosure[] = [];
  const july3 = dayOf(year, 7, 3);
  if (isMondayToThursday(july3)) earlyCloses.push({ day: july3, name: 'Day before Independence Day' });
  earlyCloses.push({ day: thanksgiving + 1, name: 'Day after Thanksgiving' });
  const christmasEve = dayOf(year, 12, 24);
  if (isMondayToThursday(christmasEve)) earlyCloses.push({ day: christmasEve, name: 'Christmas Eve' });

  return { year, closures, earlyCloses };
}
