import { nyseMarketHours } from '../broker/market-hours';
import { nextTradingDay } from '../core/calendar/nyse-calendar';
import { exchangeDay } from '../core/time/exchange-time';
import type { DeskSession } from './desk-ports';

/**
 * Sessions on the NYSE calendar at wall-clock time: an order placed before today's close is
 * for today's session, after it (or on a closed day) for the next trading day; regular hours
 * run 09:30 to the close (13:00 on an early-close day), New York time.
 */
export const nyseDeskSession: DeskSession = {
  today(now) {
    return exchangeDay(now);
  },
  forSession(now) {
    const day = exchangeDay(now);
    const hours = nyseMarketHours(day);
    if (hours.status !== 'closed' && now < hours.closesAt) return day;
    return nextTradingDay(day);
  },
  regularHours(now) {
    const hours = nyseMarketHours(exchangeDay(now));
    return hours.status !== 'closed' && now >= hours.opensAt && now < hours.closesAt;
  },
};

/**
 * Sessions as the paper broker runs them (the market replay opens and closes them): an order
 * is for the session after the last one opened, and decisions are made on the last close. With
 * no session played yet, the wall-clock NYSE calendar decides.
 */
export function paperDeskSession(broker: { session(): { readonly lastOpened: number | null; readonly lastClosed: number | null } }): DeskSession {
  return {
    today(now) {
      return broker.session().lastClosed ?? nyseDeskSession.today(now);
    },
    forSession(now) {
      const { lastOpened } = broker.session();
      return lastOpened === null ? nyseDeskSession.forSession(now) : nextTradingDay(lastOpened);
    },
    regularHours(now) {
      return nyseDeskSession.regularHours(now);
    },
  };
}
