import { AppError } from '../../../shared/ipc/errors';
import { epochDayFromParts, epochDayInTimeZone, type EpochDay } from './epoch-day';

/**
 * The exchange ArbDesk's daily bars and sessions belong to. US equities trade on New York
 * time, so "today" for a bar, a session check or a DAY order's expiry is the New York date,
 * not the user's local or UTC date (a bar dated tomorrow in UTC may still be today in New York).
 */
export const EXCHANGE_TIME_ZONE = 'America/New_York';

/** The exchange's calendar date at an instant. */
export function exchangeDay(millis: number): EpochDay {
  return epochDayInTimeZone(millis, EXCHANGE_TIME_ZONE);
}

const MILLIS_PER_DAY = 86_400_000;

const wallClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: EXCHANGE_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** The exchange's wall clock at an instant: its date and the minutes since its midnight. */
export function exchangeWallClock(millis: number): { readonly day: EpochDay; readonly minute: number } {
  const parts = wallClockFormat.formatToParts(new Date(millis));
  const pick = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  // The day from the same parts: exchangeDay builds a formatter per call, too slow for every order.
  const day = epochDayFromParts(pick('year'), pick('month'), pick('day'));
  if (day === null) throw new AppError('BAD_REQUEST', `cannot place instant ${millis} on a New York calendar day`, { millis });
  return { day, minute: pick('hour') * 60 + pick('minute') };
}

/**
 * The instant at which the exchange's wall clock shows `minute` (minutes after midnight) on
 * `day`. New York's offset is -5 h or -4 h; the guess from -5 h is corrected by the offset the
 * formatter reports, which is exact away from the 02:00 daylight-saving jumps (no session
 * boundary is near them).
 */
export function exchangeInstant(day: EpochDay, minute: number): number {
  const wantedWall = day * MILLIS_PER_DAY + minute * 60_000;
  let guess = wantedWall + 5 * 60 * 60_000;
  for (let i = 0; i < 2; i += 1) {
    const seen = exchangeWallClock(guess);
    const seenWall = seen.day * MILLIS_PER_DAY + seen.minute * 60_000;
    guess += wantedWall - seenWall;
  }
  return guess;
}
