import { closingTime, holidayName, isTradingDay, isWithinCalendar } from '../../core/calendar/nyse-calendar';
import { formatIsoDate, isWeekend, type EpochDay } from '../../core/time/epoch-day';
import { exchangeInstant, exchangeWallClock } from '../../core/time/exchange-time';
import type { SessionKind } from './pre-trade-request';

/** Minutes after New York midnight. */
export const PRE_MARKET_OPEN = 4 * 60;
export const REGULAR_OPEN = 9 * 60 + 30;
export const POST_MARKET_CLOSE = 20 * 60;
/** After a 13:00 early close the post-market session ends at 17:00. */
export const EARLY_POST_MARKET_CLOSE = 17 * 60;

export interface SessionWindow {
  readonly day: EpochDay;
  readonly kind: SessionKind;
  /** Minutes after New York midnight. */
  readonly opensAt: number;
  readonly closesAt: number;
  /** The same, as epoch ms. */
  readonly opens: number;
  readonly closes: number;
  readonly earlyClose: boolean;
}

function minutesOf(hhmm: '16:00' | '13:00'): number {
  return hhmm === '13:00' ? 13 * 60 : 16 * 60;
}

/** Why `day` has no session (weekend, holiday, outside the calendar), or null when it has one. */
export function noSessionReason(day: EpochDay): string | null {
  if (!isWithinCalendar(day)) return `${formatIsoDate(day)} is outside the NYSE calendar ArbDesk knows`;
  if (isTradingDay(day)) return null;
  if (isWeekend(day)) return `${formatIsoDate(day)} is a weekend`;
  return `${formatIsoDate(day)} is an NYSE holiday (${holidayName(day) ?? 'closed'})`;
}

/**
 * The window an order for `day` may execute in: regular hours 09:30 to the close (16:00, or
 * 13:00 on an early-close day), or extended hours 04:00 to 20:00 (17:00 after an early close).
 * Null when the exchange does not open that day.
 */
export function sessionWindow(day: EpochDay, kind: SessionKind): SessionWindow | null {
  if (noSessionReason(day) !== null) return null;
  const close = closingTime(day);
  if (close === null) return null;
  const earlyClose = close === '13:00';
  const opensAt = kind === 'regular' ? REGULAR_OPEN : PRE_MARKET_OPEN;
  const closesAt = kind === 'regular' ? minutesOf(close) : earlyClose ? EARLY_POST_MARKET_CLOSE : POST_MARKET_CLOSE;
  return { day, kind, opensAt, closesAt, opens: exchangeInstant(day, opensAt), closes: exchangeInstant(day, closesAt), earlyClose };
}

/** A DAY order for `day` expires at that day's regular close (13:00 New York on an early close). */
export function dayOrderExpiry(day: EpochDay): number | null {
  return sessionWindow(day, 'regular')?.closes ?? null;
}

/** True while the regular session is open at `millis`. */
export function isRegularSessionOpen(millis: number): boolean {
  const wall = exchangeWallClock(millis);
  const window = sessionWindow(wall.day, 'regular');
  return window !== null && wall.minute >= window.opensAt && wall.minute < window.closesAt;
}

export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
