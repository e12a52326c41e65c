import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  closingTime,
  countTradingDaysBetween,
  holidayName,
  isEarlyClose,
  isTradingDay,
  nextTradingDay,
  NYSE_CALENDAR_FIRST_DAY,
  NYSE_CALENDAR_LAST_DAY,
  previousTradingDay,
  tradingDayStatus,
  tradingDaysBetween,
} from '../../../src/main/core/calendar/nyse-calendar';
import { easterSunday } from '../../../src/main/core/calendar/nyse-holidays';
import { formatIsoDate, parseIsoDate } from '../../../src/main/core/time/epoch-day';
import { isAppError } from '../../../src/shared/ipc/errors';
import { sp500File } from '../../helpers/sp500';

const AAPL_CSV = sp500File('AAPL');

function d(iso: string): number {
  const day = parseIsoDate(iso);
  if (day === null) throw new Error(`bad test date ${iso}`);
  return day;
}

describe('NYSE calendar against the real S&P 500 data', () => {
  const aaplDates = readFileSync(AAPL_CSV, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.slice(0, 10));

  it('calls every AAPL date a trading day', () => {
    expect(aaplDates).toHaveLength(1259);
    const closed = aaplDates.filter((iso) => !isTradingDay(d(iso)));
    expect(closed).toEqual([]);
  });

  it('lists exactly the AAPL dates between 2013-02-08 and 2018-02-07', () => {
    const days = tradingDaysBetween(d('2013-02-08'), d('2018-02-07'));
    expect(days.length).toBe(1259);
    expect(countTradingDaysBetween(d('2013-02-08'), d('2018-02-07'))).toBe(1259);
    expect(Array.from(days, formatIsoDate)).toEqual(aaplDates);
  });
});

describe('NYSE holidays by rule', () => {
  it.each([
    ['2015-04-03', 'Good Friday'],
    ['2021-04-02', 'Good Friday'],
    ['2010-04-02', 'Good Friday'],
    ['2030-04-19', 'Good Friday'],
    ['2022-06-20', 'Juneteenth National Independence Day'],
    ['2023-06-19', 'Juneteenth National Independence Day'],
    ['2027-06-18', 'Juneteenth National Independence Day'],
    ['2012-01-02', "New Year's Day"],
    ['2023-01-02', "New Year's Day"],
    ['2015-07-03', 'Independence Day'],
    ['2021-07-05', 'Independence Day'],
    ['2010-12-24', 'Christmas Day'],
    ['2021-12-24', 'Christmas Day'],
    ['2022-12-26', 'Christmas Day'],
    ['2013-01-21', 'Martin Luther King, Jr. Day'],
    ['2013-02-18', "Washington's Birthday"],
    ['2016-05-30', 'Memorial Day'],
    ['2017-09-04', 'Labor Day'],
    ['2018-11-22', 'Thanksgiving Day'],
    ['2012-10-29', 'Hurricane Sandy'],
    ['2012-10-30', 'Hurricane Sandy'],
    ['2018-12-05', 'Day of Mourning for President George H. W. Bush'],
    ['2025-01-09', 'Day of Mourning for President Jimmy Carter'],
  ])('%s is closed for %s', (iso, name) => {
    expect(isTradingDay(d(iso))).toBe(false);
    expect(holidayName(d(iso))).toBe(name);
    expect(tradingDayStatus(d(iso))).toBe('holiday');
  });

  it('keeps trading on the Friday before a Saturday New Year (NYSE Rule 7.2)', () => {
    for (const iso of ['2010-12-31', '2021-12-31', '2027-12-31']) {
      expect(isTradingDay(d(iso)), iso).toBe(true);
    }
    expect(holidayName(d('2022-01-03'))).toBeNull();
    expect(isTradingDay(d('2022-01-03'))).toBe(true);
  });

  it('has no Juneteenth closure before 2022', () => {
    expect(isTradingDay(d('2021-06-18'))).toBe(true);
    expect(isTradingDay(d('2020-06-19'))).toBe(true);
  });

  it('computes Western Easter', () => {
    expect(formatIsoDate(easterSunday(2015))).toBe('2015-04-05');
    expect(formatIsoDate(easterSunday(2019))).toBe('2019-04-21');
    expect(formatIsoDate(easterSunday(2024))).toBe('2024-03-31');
    expect(formatIsoDate(easterSunday(2038))).toBe('2038-04-25');
  });

  it('has 250–253 sessions in every year, as NYSE years do', () => {
    for (let year = 2010; year <= 2030; year++) {
      const n = countTradingDaysBetween(d(`${year}-01-01`), d(`${year}-12-31`));
      expect(n, String(year)).toBeGreaterThanOrEqual(250);
      expect(n, String(year)).toBeLessThanOrEqual(253);
    }
    expect(countTradingDaysBetween(d('2012-01-01'), d('2012-12-31'))).toBe(250);
    expect(countTradingDaysBetween(d('2018-01-01'), d('2018-12-31'))).toBe(251);
    expect(countTradingDaysBetween(d('2022-01-01'), d('2022-12-31'))).toBe(251);
  });
});

describe('early closes at 13:00', () => {
  it.each([
    '2012-07-03',
    '2013-07-03',
    '2017-07-03',
    '2019-07-03',
    '2023-07-03',
    '2013-11-29',
    '2020-11-27',
    '2012-12-24',
    '2018-12-24',
    '2024-12-24',
    '2025-07-03',
  ])('%s closes early', (iso) => {
    expect(isTradingDay(d(iso))).toBe(true);
    expect(isEarlyClose(d(iso))).toBe(true);
    expect(closingTime(d(iso))).toBe('13:00');
    expect(tradingDayStatus(d(iso))).toBe('early_close');
  });

  it.each([
    ['2015-07-02', 'July 4 on Saturday: July 3 is the holiday, July 2 a full day'],
    ['2020-07-02', 'same in 2020'],
    ['2010-07-02', 'July 4 on Sunday: Friday is a full day'],
    ['2021-07-02', 'same in 2021'],
    ['2016-07-01', 'July 4 on Monday: Friday is a full day'],
    ['2022-07-01', 'same in 2022'],
    ['2021-12-23', 'Christmas Eve is the observed holiday; the day before is full'],
    ['2016-12-23', 'Christmas on Sunday: Friday the 23rd is full'],
  ])('%s is a full day (%s)', (iso) => {
    expect(isTradingDay(d(iso))).toBe(true);
    expect(isEarlyClose(d(iso))).toBe(false);
    expect(closingTime(d(iso))).toBe('16:00');
  });
});

describe('navigation and range', () => {
  it('steps over weekends and holidays', () => {
    expect(formatIsoDate(nextTradingDay(d('2015-04-02')))).toBe('2015-04-06');
    expect(formatIsoDate(previousTradingDay(d('2015-04-06')))).toBe('2015-04-02');
    expect(formatIsoDate(nextTradingDay(d('2012-10-26')))).toBe('2012-10-31');
    expect(formatIsoDate(previousTradingDay(d('2013-01-02')))).toBe('2012-12-31');
    expect(tradingDaysBetween(d('2013-02-08'), d('2013-02-07')).length).toBe(0);
    expect(Array.from(tradingDaysBetween(d('2013-02-15'), d('2013-02-19')), formatIsoDate)).toEqual([
      '2013-02-15',
      '2013-02-19',
    ]);
  });

  it('never guesses outside 2010–2030', () => {
    expect(formatIsoDate(NYSE_CALENDAR_FIRST_DAY)).toBe('2010-01-01');
    expect(formatIsoDate(NYSE_CALENDAR_LAST_DAY)).toBe('2030-12-31');
    expect(tradingDayStatus(d('2009-12-31'))).toBe('unknown');
    expect(tradingDayStatus(d('2031-01-02'))).toBe('unknown');
    expect(tradingDayStatus(d('2010-01-01'))).toBe('holiday');
    for (const call of [
      () => isTradingDay(d('2009-12-31')),
      () => isEarlyClose(d('2031-01-02')),
      () => tradingDaysBetween(d('2009-06-01'), d('2010-06-01')),
      () => nextTradingDay(d('2030-12-31')),
      () => previousTradingDay(d('2010-01-04')),
    ]) {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('BAD_REQUEST');
        expect(isAppError(error) && error.details).toMatchObject({ calendarFirst: '2010-01-01', calendarLast: '2030-12-31' });
      }
    }
  });
});
