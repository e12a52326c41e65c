/**
 * Field-level parsing for the hot loop: no regular expressions, no allocation on the happy
 * path. `Number()` alone is too permissive for prices ('' → 0, '0x1A' → 26, ' ' → 0,
 * 'Infinity'), so a character scan decides whether a field is a plain decimal first.
 */

/** Trims only when needed; most fields have no surrounding whitespace. */
export function cleanField(text: string): string {
  const n = text.length;
  if (n === 0) return text;
  return text.charCodeAt(0) <= 32 || text.charCodeAt(n - 1) <= 32 ? text.trim() : text;
}

/**
 * Spellings of "no value" that exporters write: empty, and Yahoo's `null` for days with no
 * trade. These are missing fields, not malformed numbers.
 */
export function isMissingValue(text: string): boolean {
  if (text.length === 0) return true;
  if (text.length > 4) return false;
  const lower = text.toLowerCase();
  return lower === 'null' || lower === 'nan' || lower === 'n/a' || lower === 'na' || lower === 'none';
}

const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

/**
 * A plain decimal: optional sign, digits with at most one '.', optional exponent
 * (`-12`, `12.50`, `.5`, `1.5e6`, `1E-3`). Returns NaN for anything else, including thousands
 * separators (`1,234`), currency signs, hex, `Infinity`, and values that overflow to ±Infinity.
 */
export function parseDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  const negative = c === 45;
  if (c === 43 || c === 45) i++; // + -
  let digits = 0;
  let dots = 0;
  let fractionDigits = 0;
  let mantissa = 0;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      mantissa = mantissa * 10 + (c - 48);
      if (dots === 1) fractionDigits++;
    } else if (c === 46 && dots === 0) dots++;
    else break;
  }
  if (digits === 0) return NaN;
  if (i === n && digits <= MAX_EXACT_DIGITS) {
    // Fast path, bit-identical to Number(text): with at most 15 digits the mantissa and the
    // power of ten are exact doubles, and IEEE division rounds the quotient correctly.
    const value = fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] ?? NaN);
    return negative ? -value : value;
  }
  if (i < n) {
    if (c !== 101 && c !== 69) return NaN; // e E
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    const exponentStart = i;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) return NaN;
    }
    if (i === exponentStart) return NaN;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

/** Formats a number for a human message without float noise (12.5, not 12.499999999). */
export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}
