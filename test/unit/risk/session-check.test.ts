import { describe, expect, it } from 'vitest';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { exchangeInstant } from '../../../src/main/core/time/exchange-time';
import { dayOrderExpiry, isRegularSessionOpen, sessionWindow } from '../../../src/main/risk/core/market-session';
import { sessionCheck } from '../../../src/main/risk/core/checks/session.check';
import { input, leg } from './pre-trade-fixture';

const TUESDAY = epochDayFromIso('2026-12-01');
const WEDNESDAY = epochDayFromIso('2026-12-02');
// The day after Thanksgiving 2026: NYSE closes at 13:00.
const BLACK_FRIDAY = epochDayFromIso('2026-11-27');
const at = (day: number, hour: number, minute: number): number => exchangeInstant(day, hour * 60 + minute);

function judge(forDay: number, submittedAt: number, extra: Parameters<typeof input>[0] = {}, cfg: Parameters<typeof input>[2] = {}) {
  const [result] = sessionCheck.evaluate(input({ forDay, submittedAt, ...extra }, { now: submittedAt }, cfg));
  if (result === undefined) throw new Error('no result');
  return result;
}

describe('session check (audit 3.4): the session an order is for', () => {
  it('at 16:05 New York time refuses an order for today and accepts one for the next session', () => {
    const late = at(TUESDAY, 16, 5);
    const today = judge(TUESDAY, late);
    expect(today).toMatchObject({ passed: false, value: 16 * 60 + 5, limit: 16 * 60 });
    expect(today.message).toBe('the regular session of 2026-12-01 closed at 16:00 New York time; submitted at 16:05');
    const tomorrow = judge(WEDNESDAY, late);
    expect(tomorrow.passed).toBe(true);
    expect(tomorrow.message).toBe('queued for the regular open of 2026-12-02 at 09:30; a DAY order expires at 16:00 New York time');
  });

  it('on an early-close day the regular session ends at 13:00 and DAY orders expire then', () => {
    expect(sessionWindow(BLACK_FRIDAY, 'regular')).toMatchObject({ closesAt: 13 * 60, earlyClose: true });
    expect(dayOrderExpiry(BLACK_FRIDAY)).toBe(Date.parse('2026-11-27T18:00:00Z'));
    expect(dayOrderExpiry(TUESDAY)).toBe(Date.parse('2026-12-01T21:00:00Z'));
    const afterEarlyClose = judge(BLACK_FRIDAY, at(BLACK_FRIDAY, 13, 5));
    expect(afterEarlyClose).toMatchObject({ passed: false, limit: 13 * 60 });
    expect(afterEarlyClose.message).toContain('closed at 13:00 New York time (early close)');
    expect(judge(BLACK_FRIDAY, at(BLACK_FRIDAY, 12, 55)).passed).toBe(true);
    expect(isRegularSessionOpen(at(BLACK_FRIDAY, 13, 5))).toBe(false);
    expect(isRegularSessionOpen(at(TUESDAY, 13, 5))).toBe(true);
  });

  it('refuses holidays, weekends and past sessions', () => {
    expect(judge(epochDayFromIso('2026-11-26'), at(TUESDAY, 10, 0)).message).toContain('NYSE holiday');
    expect(judge(epochDayFromIso('2026-12-05'), at(TUESDAY, 10, 0)).message).toContain('is a weekend');
    expect(judge(epochDayFromIso('2026-11-30'), at(TUESDAY, 10, 0)).message).toContain('a session in the past');
  });

  it('keeps extended hours opt-in and limit-only', () => {
    const evening = at(TUESDAY, 17, 30);
    expect(judge(TUESDAY, evening, { session: 'extended' }).message).toBe('extended-hours orders are off (risk.session.allowExtendedHours)');
    const on = { session: { allowExtendedHours: true } };
    expect(judge(TUESDAY, evening, { session: 'extended' }, on).passed).toBe(true);
    const market = judge(TUESDAY, evening, { session: 'extended', legs: [leg('KO', 'buy', 100, 60, { orderType: 'market', limitPrice: null }), leg('PEP', 'sell', 40, 150)] }, on);
    expect(market).toMatchObject({ passed: false, message: 'extended hours take limit orders only; KO is a market order' });
    // After an early close the post-market session ends at 17:00.
    expect(judge(BLACK_FRIDAY, at(BLACK_FRIDAY, 17, 30), { session: 'extended' }, on)).toMatchObject({ passed: false, limit: 17 * 60 });
  });

  it('refuses an at-the-open order once the session has opened', () => {
    expect(judge(TUESDAY, at(TUESDAY, 9, 0), { timeInForce: 'opg' }).passed).toBe(true);
    expect(judge(TUESDAY, at(TUESDAY, 9, 45), { timeInForce: 'opg' })).toMatchObject({ passed: false, limit: 9 * 60 + 30 });
  });
});
