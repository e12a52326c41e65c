import { describe, expect, it } from 'vitest';
import { parseActionDate, parseCashAmount, parseSplitRatio } from '../../../../src/main/data/actions/action-fields';
import { parseIsoDate } from '../../../../src/main/core/time/epoch-day';

const day = (iso: string): number => parseIsoDate(iso) ?? Number.NaN;

describe('parseSplitRatio', () => {
  it.each([
    ['7:1', 7, 1],
    ['7/1', 7, 1],
    ['3-for-2', 3, 2],
    ['3 for 2', 3, 2],
    ['3 - for - 2', 3, 2],
    ['1:10', 1, 10],
    [' 7 : 1 ', 7, 1],
    ['7', 7, 1],
    ['7.0', 7, 1],
    ['0.1', 0.1, 1],
    ['1.5', 1.5, 1],
  ])('reads %s as %d-for-%d', (text, numerator, denominator) => {
    expect(parseSplitRatio(text)).toEqual({ ok: true, value: { numerator, denominator } });
  });

  it.each([
    ['', /empty/],
    ['0:1', /positive/],
    ['1:0', /positive/],
    ['0', /positive/],
    ['-7', /positive/],
    ['-2:1', /not a split ratio/],
    ['seven', /not a split ratio/],
    ['7:1:2', /not a split ratio/],
    ['1:1', /changes nothing/],
    ['2/2', /changes nothing/],
  ])('refuses %j', (text, reason) => {
    const result = parseSplitRatio(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parseCashAmount', () => {
  it('reads plain positive decimals', () => {
    expect(parseCashAmount('0.47')).toEqual({ ok: true, value: 0.47 });
    expect(parseCashAmount(' 3.29 ')).toEqual({ ok: true, value: 3.29 });
  });

  it.each([
    ['', /empty/],
    ['0', /must be positive/],
    ['-0.5', /must be positive/],
    ['$0.47', /not a number/],
    ['1,000', /not a number/],
    ['abc', /not a number/],
  ])('refuses %j', (text, reason) => {
    const result = parseCashAmount(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parseActionDate', () => {
  it('reads ISO, US month-first and yfinance timestamps by their local date', () => {
    expect(parseActionDate('2014-06-09')).toEqual({ ok: true, value: { day: day('2014-06-09'), format: 'iso' } });
    expect(parseActionDate('6/9/2014')).toEqual({ ok: true, value: { day: day('2014-06-09'), format: 'us' } });
    expect(parseActionDate('2014-06-09 00:00:00-04:00')).toEqual({ ok: true, value: { day: day('2014-06-09'), format: 'iso' } });
    expect(parseActionDate('2014-06-09T00:00:00Z')).toEqual({ ok: true, value: { day: day('2014-06-09'), format: 'iso' } });
  });

  it.each(['2014-02-30', '13/01/2014', '09.06.2014', '2014-06-09 later', ''])('refuses %j', (text) => {
    expect(parseActionDate(text).ok).toBe(false);
  });
});
