import { closingTime, earlyCloseName, holidayName, isWithinCalendar, tradingDayStatus } from '../core/calendar/nyse-calendar';
import type { EpochDay } from '../core/time/epoch-day';
import { EXCHANGE_TIME_ZONE } from '../core/time/exchange-time';
import type { MarketHours } from './broker-port';

const MILLIS_PER_DAY = 86_400_000;

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: EXCHANGE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The epoch ms of a New York wall-clock time on `day` (DST-aware, via the Intl time zone data). */
export function exchangeInstant(day: EpochDay, hour: number, minute: number): number {
  const target = day * MILLIS_PER_DAY + (hour * 60 + minute) * 60_000;
  // New York is UTC−4 or UTC−5: start from −5 h and correct by what the clock there reads.
  let guess = target + 5 * 3_600_000;
  for (let i = 0; i < 2; i++) {
    const parts = Object.fromEntries(wallClock.formatToParts(guess).map((part) => [part.type, part.value]));
    const read = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']));
    guess += target - read;
  }
  return guess;
}

/** NYSE regular hours of a day from the bundled calendar (the paper broker's answer). */
export function nyseMarketHours(day: EpochDay): MarketHours {
  if (!isWithinCalendar(day)) return { day, status: 'closed', why: 'outside_calendar', name: null };
  const status = tradingDayStatus(day);
  const close = closingTime(day);
  if (status === 'weekend') return { day, status: 'closed', why: 'weekend', name: null };
  if (status === 'holiday' || close === null) return { day, status: 'closed', why: 'holiday', name: holidayName(day) };
  const [hour, minute] = close === '13:00' ? [13, 0] : [16, 0];
  return {
    day,
    status: status === 'early_close' ? 'early_close' : 'regular',
    opensAt: exchangeInstant(day, 9, 30),
    closesAt: exchangeInstant(day, hour, minute),
    name: status === 'early_close' ? earlyCloseName(day) : null,
  };
}
