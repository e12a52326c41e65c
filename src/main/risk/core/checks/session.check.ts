import { formatIsoDate } from '../../../core/time/epoch-day';
import { exchangeWallClock } from '../../../core/time/exchange-time';
import type { RiskCheckResult } from '../../../engine/risk-check';
import { fail, pass, type NamedCheck } from '../pre-trade-check';
import { formatMinute, noSessionReason, sessionWindow } from '../market-session';

/**
 * The session an order is *for* (audit 3.4): the engine's daily strategies submit for the next
 * session, so the check judges `forDay`, not the clock. Regular hours by default; extended
 * hours only when configured, and then limit orders only; NYSE early closes end the regular
 * session at 13:00; a DAY order expires at that close, so an order for a session that already
 * closed is refused rather than left to expire unseen. `value`/`limit` are New York minutes
 * after midnight (submitted vs close).
 */
export const sessionCheck: NamedCheck = {
  name: 'session',
  appliesToClosing: true,
  evaluate({ request, config }): RiskCheckResult[] {
    const { forDay, session, submittedAt, timeInForce } = request;
    const day = formatIsoDate(forDay);
    const missing = noSessionReason(forDay);
    if (missing !== null) return [fail('session', Number.NaN, Number.NaN, `no session on the day the order is for: ${missing}`)];
    const now = exchangeWallClock(submittedAt);
    if (forDay < now.day) return [fail('session', now.minute, Number.NaN, `the order is for ${day}, a session in the past (it is ${formatIsoDate(now.day)} ${formatMinute(now.minute)} in New York)`)];
    if (session === 'extended') {
      if (!config.session.allowExtendedHours) return [fail('session', Number.NaN, Number.NaN, 'extended-hours orders are off (risk.session.allowExtendedHours)')];
      const market = request.legs.filter((leg) => leg.orderType !== 'limit').map((leg) => leg.symbol);
      if (market.length > 0) return [fail('session', Number.NaN, Number.NaN, `extended hours take limit orders only; ${market.join(', ')} ${market.length === 1 ? 'is a market order' : 'are market orders'}`)];
      if (timeInForce === 'opg') return [fail('session', Number.NaN, Number.NaN, 'an at-the-open order cannot be for extended hours')];
    }
    const window = sessionWindow(forDay, session);
    if (window === null) return [fail('session', Number.NaN, Number.NaN, `no ${session} session on ${day}`)];
    const closeText = `${formatMinute(window.closesAt)} New York time${window.earlyClose ? ' (early close)' : ''}`;
    const submitted = forDay === now.day ? now.minute : Number.NaN;
    if (submittedAt >= window.closes) {
      return [fail('session', submitted, window.closesAt, `the ${session} session of ${day} closed at ${closeText}; submitted at ${formatMinute(now.minute)}`)];
    }
    if (timeInForce === 'opg' && submittedAt >= window.opens) {
      return [fail('session', submitted, window.opensAt, `an at-the-open order for ${day} must be in before ${formatMinute(window.opensAt)}`)];
    }
    const expiry = timeInForce === 'day' ? `; a DAY order expires at ${closeText}` : '';
    const when = submittedAt < window.opens ? `queued for the ${session} open of ${day} at ${formatMinute(window.opensAt)}` : `inside the ${session} session of ${day}`;
    return [pass('session', submitted, window.closesAt, `${when}${expiry}`)];
  },
};
