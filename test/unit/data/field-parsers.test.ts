import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanField, isMissingValue, parseDecimal } from '../../../src/main/data/csv/field-parsers';

describe('parseDecimal', () => {
  it('gives exactly what Number() gives for every plain decimal', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^[0-9]{1,18}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,10}$/)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 30 }))),
      )
      .map(([sign, whole, fraction, exponent]) => {
        let text = sign + whole;
        if (fraction !== null) text += `.${fraction}`;
        if (exponent !== null) text += `${exponent[0]}${exponent[1]}${exponent[2]}`;
        return text;
      });
    fc.assert(
      fc.property(decimal, (text) => {
        expect(Object.is(parseDecimal(text), Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Object.is(parseDecimal(String(value)), Number(String(value)))).toBe(true);
      }),
    );
  });

  it('refuses what Number() would silently accept', () => {
    for (const text of ['', ' ', '0x1A', 'Infinity', '-Infinity', 'NaN', '1,234', '$12', '12.5.1', '.', '-', '1e', '1e+', '1e400', '12 ', 'abc']) {
      expect(parseDecimal(text), JSON.stringify(text)).toBeNaN();
    }
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('5.')).toBe(5);
    expect(parseDecimal('1.5e6')).toBe(1_500_000);
  });

  it('recognises the spellings of a missing value', () => {
    for (const text of ['', 'null', 'NULL', 'NaN', 'n/a', 'NA', 'none']) expect(isMissingValue(text), text).toBe(true);
    for (const text of ['0', 'abc', 'nullx']) expect(isMissingValue(text), text).toBe(false);
  });

  it('trims only when there is whitespace', () => {
    expect(cleanField(' 12.5\t')).toBe('12.5');
    expect(cleanField('12.5')).toBe('12.5');
  });
});
