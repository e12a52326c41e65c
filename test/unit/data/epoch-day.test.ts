import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  detectDateFormat,
  epochDayFromIso,
  epochDayFromParts,
  epochDayInTimeZone,
  epochDayToParts,
  formatIsoDate,
  parseIsoDate,
  parseUsDate,
  weekday,
  weekdayName,
} from '../../../src/main/core/time/epoch-day';
import { isAppError } from '../../../src/shared/ipc/errors';

describe('epoch days', () => {
  it('counts days from 1970-01-01', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('1970-01-02')).toBe(1);
    expect(parseIsoDate('1969-12-31')).toBe(-1);
    expect(parseIsoDate('2013-02-08')).toBe(15_744);
    expect(parseIsoDate('2000-02-29')).toBe(11_016);
  });

  it('agrees with Date.UTC for every day in 1900–2100 and round-trips through ISO text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 47_482 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(parseIsoDate(iso)).toBe(day);
        expect(formatIsoDate(day)).toBe(iso);
        const { year, month, day: dom } = epochDayToParts(day);
        expect(epochDayFromParts(year, month, dom)).toBe(day);
        expect(weekday(day)).toBe(new Date(day * 86_400_000).getUTCDay());
      }),
    );
  });

  it('rejects impossible and malformed dates', () => {
    for (const bad of ['2013-02-30', '2013-02-29', '2013-13-01', '2013-00-10', '2013-04-31', '1900-02-29', '2013-2-08', '2013/02/08', ' 2013-02-08', '2013-02-08T00:00', '']) {
      expect(parseIsoDate(bad), bad).toBeNull();
    }
    expect(parseIsoDate('2012-02-29')).not.toBeNull();
  });

  it('parses US month-first dates with and without leading zeros', () => {
    const expected = parseIsoDate('2013-02-08');
    expect(parseUsDate('2/8/2013')).toBe(expected);
    expect(parseUsDate('02/08/2013')).toBe(expected);
    expect(parseUsDate('2/08/2013')).toBe(expected);
    expect(parseUsDate('12/31/2017')).toBe(parseIsoDate('2017-12-31'));
    for (const bad of ['2/30/2013', '13/1/2013', '2/8/13', '2-8-2013', '/8/2013', '2//2013', '002/8/2013', '2/8/2013 ']) {
      expect(parseUsDate(bad), bad).toBeNull();
    }
  });

  it('detects the layout by shape, so an impossible ISO date is still ISO', () => {
    expect(detectDateFormat('2013-02-30')).toBe('iso');
    expect(detectDateFormat('2/8/2013')).toBe('us');
    expect(detectDateFormat('Feb 8 2013')).toBeNull();
  });

  it('names weekdays', () => {
    expect(weekdayName(parseIsoDate('2013-02-09') ?? 0)).toBe('Saturday');
    expect(weekdayName(0)).toBe('Thursday');
  });

  it('throws BAD_REQUEST with the offending text for a bad wire date', () => {
    expect(epochDayFromIso('2018-02-07')).toBe(parseIsoDate('2018-02-07'));
    try {
      epochDayFromIso('2018-02-30');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('BAD_REQUEST');
      expect(isAppError(error) && error.details).toEqual({ date: '2018-02-30' });
    }
  });

  it('places an instant on the calendar day of a time zone', () => {
    // 2021-03-02 03:00 UTC is still March 1 in New York.
    const instant = Date.UTC(2021, 2, 2, 3, 0);
    expect(formatIsoDate(epochDayInTimeZone(instant, 'America/New_York'))).toBe('2021-03-01');
    expect(formatIsoDate(epochDayInTimeZone(instant, 'UTC'))).toBe('2021-03-02');
  });
});
