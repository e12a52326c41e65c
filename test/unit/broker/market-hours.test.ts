import { describe, expect, it } from 'vitest';
import { exchangeInstant, nyseMarketHours } from '../../../src/main/broker/market-hours';
import { addToPosition } from '../../../src/main/broker/paper/paper-book';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';

describe('market hours from the NYSE calendar', () => {
  it('gives regular hours in New York time on both sides of a DST change', () => {
    // 8 Mar 2024 is EST (UTC−5); 11 Mar 2024 is EDT (UTC−4).
    expect(nyseMarketHours(epochDayFromIso('2024-03-08'))).toMatchObject({
      status: 'regular',
      opensAt: Date.parse('2024-03-08T14:30:00Z'),
      closesAt: Date.parse('2024-03-08T21:00:00Z'),
    });
    expect(nyseMarketHours(epochDayFromIso('2024-03-11'))).toMatchObject({
      status: 'regular',
      opensAt: Date.parse('2024-03-11T13:30:00Z'),
      closesAt: Date.parse('2024-03-11T20:00:00Z'),
    });
    // 16:05 New York on a regular day is after the close.
    const day = epochDayFromIso('2024-06-03');
    const hours = nyseMarketHours(day);
    expect(hours.status === 'regular' && exchangeInstant(day, 16, 5) > hours.closesAt).toBe(true);
  });

  it('closes at 13:00 on an early close, and is closed on holidays and weekends', () => {
    expect(nyseMarketHours(epochDayFromIso('2024-11-29'))).toMatchObject({ status: 'early_close', closesAt: Date.parse('2024-11-29T18:00:00Z') });
    expect(nyseMarketHours(epochDayFromIso('2024-12-25'))).toMatchObject({ status: 'closed', why: 'holiday' });
    expect(nyseMarketHours(epochDayFromIso('2024-12-28'))).toEqual({ day: epochDayFromIso('2024-12-28'), status: 'closed', why: 'weekend', name: null });
    expect(nyseMarketHours(epochDayFromIso('2040-01-03'))).toMatchObject({ status: 'closed', why: 'outside_calendar' });
  });
});

describe('paper positions', () => {
  const flat = { symbol: 'X', quantity: 0, averageCost: 0, realizedPnl: 0 };
  it('averages adds, realizes reductions and re-opens the excess of a flip at the fill price', () => {
    const long = addToPosition(addToPosition(flat, 100, 10), 100, 12);
    expect(long).toEqual({ symbol: 'X', quantity: 200, averageCost: 11, realizedPnl: 0 });
    const reduced = addToPosition(long, -50, 15);
    expect(reduced).toEqual({ symbol: 'X', quantity: 150, averageCost: 11, realizedPnl: 200 });
    const flipped = addToPosition(reduced, -250, 9);
    // 150 closed at 9 against 11: −300; 100 short opened at 9.
    expect(flipped).toEqual({ symbol: 'X', quantity: -100, averageCost: 9, realizedPnl: -100 });
    expect(addToPosition(flipped, 100, 8)).toEqual({ symbol: 'X', quantity: 0, averageCost: 0, realizedPnl: 0 });
  });
});
