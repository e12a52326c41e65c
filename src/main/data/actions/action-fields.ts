import { detectDateFormat, parseIsoDate, parseUsDate, type DateFormat } from '../../core/time/epoch-day';
import type { EpochDay } from '../../core/time/epoch-day';
import { cleanField, formatValue, isMissingValue, parseDecimal } from '../csv/field-parsers';

/**
 * Field parsers for corporate-actions files. Each returns a value or a reason a human can
 * act on; none throws, so the row checker can report every bad field of a row.
 */

export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface SplitRatioValue {
  /** New shares received for `denominator` old shares: 7 for a 7-for-1 split, 1 for 1-for-10. */
  readonly numerator: number;
  readonly denominator: number;
}

export interface ActionDate {
  readonly day: EpochDay;
  readonly format: DateFormat;
}

/**
 * `YYYY-MM-DD`, optionally followed by a time and offset as pandas/yfinance write them
 * (`2014-06-09 00:00:00-04:00`), or US month-first `M/D/YYYY`. With a time attached, the date
 * part is the one used: yfinance stamps actions at midnight in the exchange's own time zone,
 * so the written date is the ex-date, and converting the instant to UTC would not change the
 * day anyway (midnight −04:00 is 04:00 UTC the same day).
 */
const ISO_WITH_TIME = /^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

export function parseActionDate(text: string): FieldResult<ActionDate> {
  const cleaned = cleanField(text);
  const withTime = ISO_WITH_TIME.exec(cleaned);
  const datePart = withTime?.[1] ?? cleaned;
  const format = detectDateFormat(datePart);
  const day = format === 'iso' ? parseIsoDate(datePart) : format === 'us' ? parseUsDate(datePart) : null;
  if (format === null || day === null) {
    return {
      ok: false,
      reason:
        format === null
          ? `"${cleaned}" is not a date (expected YYYY-MM-DD or M/D/YYYY)`
          : `"${cleaned}" is not a calendar date`,
    };
  }
  return { ok: true, value: { day, format } };
}

// `7:1`, `7/1`, `3-for-2`, `3 for 2`: two positive decimals around a separator.
const RATIO_PAIR = /^([0-9]*\.?[0-9]+)\s*(?::|\/|-\s*for\s*-|\s+for\s+|for)\s*([0-9]*\.?[0-9]+)$/i;

/**
 * A split ratio as new-for-old shares. A single number N means N-for-1 (Yahoo's and
 * yfinance's `7.0`; `0.1` is a 1-for-10 reverse split). A ratio of exactly 1 is refused: it
 * changes nothing, so it is a typo or a misread column, never a real event.
 */
export function parseSplitRatio(text: string): FieldResult<SplitRatioValue> {
  const cleaned = cleanField(text);
  if (isMissingValue(cleaned)) return { ok: false, reason: 'the split ratio is empty' };
  let numerator: number;
  let denominator: number;
  const pair = RATIO_PAIR.exec(cleaned);
  if (pair !== null) {
    numerator = parseDecimal(pair[1] ?? '');
    denominator = parseDecimal(pair[2] ?? '');
  } else {
    numerator = parseDecimal(cleaned);
    denominator = 1;
    if (Number.isNaN(numerator)) {
      return { ok: false, reason: `"${cleaned}" is not a split ratio (expected 7:1, 7/1, 3-for-2 or a number)` };
    }
  }
  if (!(numerator > 0) || !(denominator > 0) || !Number.isFinite(numerator) || !Number.isFinite(denominator)) {
    return { ok: false, reason: `split ratio "${cleaned}" must have a positive numerator and denominator` };
  }
  if (numerator === denominator) {
    return { ok: false, reason: `split ratio "${cleaned}" is 1:1, which changes nothing` };
  }
  return { ok: true, value: { numerator, denominator } };
}

/** Cash per share: a plain positive decimal (no currency sign, no thousands separator). */
export function parseCashAmount(text: string): FieldResult<number> {
  const cleaned = cleanField(text);
  if (isMissingValue(cleaned)) return { ok: false, reason: 'the dividend amount is empty' };
  const value = parseDecimal(cleaned);
  if (Number.isNaN(value)) return { ok: false, reason: `"${cleaned}" is not a number` };
  if (!(value > 0)) return { ok: false, reason: `dividend amount ${formatValue(value)} must be positive` };
  return { ok: true, value };
}

/** Display form of a ratio for messages: `7:1`, `1:10`, `1.5:1`. */
export function formatRatio(ratio: SplitRatioValue): string {
  return `${formatValue(ratio.numerator)}:${formatValue(ratio.denominator)}`;
}
