import { epochDayInTimeZone, type EpochDay } from './epoch-day';

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
