import type { DataIssueKind, IssueSeverity } from '../../../shared/domain/market-data';
import { assertNever } from '../../../shared/ipc/errors';
import type { ImportIssue, ParsedBar } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import { detectDateFormat, formatIsoDate, isWeekend, parseDate, weekdayName, type DateFormat } from '../../core/time/epoch-day';
import { holidayName, tradingDayStatus } from '../../core/calendar/nyse-calendar';
import { parseSymbol } from '../../../shared/domain/symbol';
import { cleanField, formatValue, isMissingValue, parseDecimal } from './field-parsers';
import { PRICE_FIELDS, type ResolvedColumns } from './format-detection';

/**
 * Row-level validation: turns one CSV record into a ParsedBar or into issues. A row with
 * any error is rejected whole (every problem in it is still reported, one issue per field);
 * warnings keep the row.
 *
 * Decisions:
 * - Volume: '1234.0' and '1.5e6' are whole numbers and pass silently. A truly fractional
 *   volume (12.5) is kept, rounded half away from zero, with a fractional_volume warning:
 *   split-adjusted share counts are legitimately fractional (1000 shares before a 3:1
 *   split become 333.33), so rejecting them would drop good prices.
 * - Dates: the first parseable date fixes the file's format (ISO or US month-first); a
 *   later date in the other format is a mixed_date_formats error on that row, because
 *   03/04/2015 is ambiguous once a file mixes conventions.
 * - A bar on a weekend or NYSE holiday is an error by default (almost always a shifted
 *   date); `nonTradingDaySeverity: 'warning'` keeps such bars. Outside the 2010–2030
 *   calendar only weekends can be judged; holidays there are not checked.
 * - Blank records (every field empty, as spreadsheet exports append) are skipped and not
 *   counted as rows.
 */

export interface RowCheckerOptions {
  readonly file: string;
  readonly columns: ResolvedColumns;
  /** Bars dated after this day are future_date errors. */
  readonly today: EpochDay;
  readonly nonTradingDaySeverity: 'error' | 'warning';
}

const PRICE_FIELD_COUNT = PRICE_FIELDS.length;

export class RowChecker {
  dateFormat: DateFormat | null = null;
  rowsRead = 0;
  rowsAccepted = 0;
  readonly symbols = new Set<string>();
  private dateFormatLine = 0;
  private lastRawSymbol: string | null = null;
  private lastSymbol: string | null = null;
  private lastSymbolProblem = '';
  private readonly priceIndexes: readonly number[];
  private readonly prices = new Float64Array(PRICE_FIELD_COUNT);
  private readonly needed: number;
  private rowRejected = false;
  private rowLine = 0;
  private rowIssues: ImportIssue[] = [];

  constructor(private readonly options: RowCheckerOptions) {
    const c = options.columns;
    this.priceIndexes = [c.open, c.high, c.low, c.close];
    this.needed = Math.max(c.date, c.open, c.high, c.low, c.close, c.volume, c.symbol) + 1;
  }

  /** Appends the row's bar to `bars` or its problems to `issues` (warnings may accompany a bar). */
  check(fields: readonly string[], line: number, bars: ParsedBar[], issues: ImportIssue[]): void {
    if (isBlankRecord(fields)) return;
    this.rowsRead++;
    const { columns } = this.options;
    this.rowRejected = false;
    this.rowLine = line;
    this.rowIssues = issues;
    const reject = this.reject;

    if (fields.length < this.needed) {
      const absent = fieldPositions(columns)
        .filter(([, index]) => index >= fields.length)
        .map(([name]) => name);
      reject(
        'missing_field',
        absent.length === 1 ? (absent[0] ?? null) : null,
        `row has ${fields.length} field(s) but the header has ${columns.width}; no ${absent.join(', ')}`,
        null,
        null,
      );
      return;
    }
    for (let i = columns.width; i < fields.length; i++) {
      const extra = fields[i] ?? '';
      if (cleanField(extra).length > 0) {
        reject(
          'bad_number',
          null,
          `row has ${fields.length} fields but the header has ${columns.width} (extra value "${extra}"); a stray comma or an unquoted thousands separator shifts the columns`,
          null,
          null,
        );
        return;
      }
    }

    const symbol = columns.symbol === -1 ? columns.fixedSymbol : this.symbolAt(fields, columns.symbol);
    if (symbol === null) {
      const raw = cleanField(fields[columns.symbol] ?? '');
      if (raw.length === 0) reject('missing_field', 'symbol', 'symbol is empty', null, null);
      else reject('bad_symbol', 'symbol', `symbol ${this.lastSymbolProblem}`, null, null);
    }

    const day = this.dateAt(fields, columns.date, line, symbol, issues);
    if (day === null) this.rowRejected = true;

    for (let p = 0; p < PRICE_FIELD_COUNT; p++) {
      const name = PRICE_FIELDS[p] ?? 'price';
      const raw = cleanField(fields[this.priceIndexes[p] ?? 0] ?? '');
      const value = parseDecimal(raw);
      this.prices[p] = value;
      if (value > 0) continue;
      if (Number.isNaN(value)) {
        if (isMissingValue(raw)) reject('missing_field', name, `${name} is empty`, symbol, day);
        else reject('bad_number', name, `${name} "${raw}" is not a number`, symbol, day);
      } else {
        reject('non_positive_price', name, `${name} is ${formatValue(value)}; prices must be positive`, symbol, day);
      }
    }

    const rawVolume = cleanField(fields[columns.volume] ?? '');
    let volume = parseDecimal(rawVolume);
    if (Number.isNaN(volume)) {
      if (isMissingValue(rawVolume)) reject('missing_field', 'volume', 'volume is empty', symbol, day);
      else reject('bad_number', 'volume', `volume "${rawVolume}" is not a number`, symbol, day);
    } else if (volume < 0) {
      reject('negative_volume', 'volume', `volume is ${formatValue(volume)}; it cannot be negative`, symbol, day);
    } else if (!Number.isSafeInteger(volume)) {
      if (volume > Number.MAX_SAFE_INTEGER) {
        reject('bad_number', 'volume', `volume "${rawVolume}" is too large to be a share count`, symbol, day);
      } else {
        const rounded = Math.round(volume);
        issues.push(
          this.issue(
            'fractional_volume',
            'warning',
            line,
            'volume',
            symbol,
            day,
            `volume ${rawVolume} is not a whole number of shares; kept as ${rounded}`,
          ),
        );
        volume = rounded;
      }
    }

    if (this.rowRejected || symbol === null || day === null) return;
    const open = this.prices[0] ?? NaN;
    const high = this.prices[1] ?? NaN;
    const low = this.prices[2] ?? NaN;
    const close = this.prices[3] ?? NaN;
    const ohlcProblem = describeOhlcProblem(open, high, low, close);
    if (ohlcProblem !== null) reject('ohlc_inconsistent', null, ohlcProblem, symbol, day);
    if (day > this.options.today) {
      reject('future_date', 'date', `${formatIsoDate(day)} is after today (${formatIsoDate(this.options.today)})`, symbol, day);
    } else {
      this.checkTradingDay(day, line, symbol, issues);
    }
    if (this.rowRejected) return;
    this.rowsAccepted++;
    this.symbols.add(symbol);
    bars.push({ symbol, day, open, high, low, close, volume, line });
  }

  /** Records an error for the current row and marks it rejected (a bound method: no closure per row). */
  private readonly reject = (
    kind: DataIssueKind,
    field: string | null,
    detail: string,
    symbol: string | null,
    day: EpochDay | null,
  ): void => {
    this.rowRejected = true;
    this.rowIssues.push(this.issue(kind, 'error', this.rowLine, field, symbol, day, detail));
  };

  private issue(
    kind: DataIssueKind,
    severity: IssueSeverity,
    line: number,
    field: string | null,
    symbol: string | null,
    day: EpochDay | null,
    detail: string,
  ): ImportIssue {
    return { kind, severity, symbol, day, detail, file: this.options.file, line, field };
  }

  /** Caches the last symbol: long files repeat one ticker for thousands of rows. */
  private symbolAt(fields: readonly string[], index: number): string | null {
    const raw = fields[index] ?? '';
    if (raw === this.lastRawSymbol) return this.lastSymbol;
    const parsed = parseSymbol(raw);
    this.lastRawSymbol = raw;
    this.lastSymbol = parsed.ok ? parsed.symbol : null;
    this.lastSymbolProblem = parsed.ok ? '' : parsed.reason;
    return this.lastSymbol;
  }

  private dateAt(
    fields: readonly string[],
    index: number,
    line: number,
    symbol: string | null,
    issues: ImportIssue[],
  ): EpochDay | null {
    const raw = cleanField(fields[index] ?? '');
    if (raw.length === 0) {
      issues.push(this.issue('missing_field', 'error', line, 'date', symbol, null, 'date is empty'));
      return null;
    }
    const format = this.dateFormat ?? detectDateFormat(raw);
    if (format === null) {
      issues.push(
        this.issue('bad_date', 'error', line, 'date', symbol, null, `"${raw}" is not a date in YYYY-MM-DD or M/D/YYYY form`),
      );
      return null;
    }
    const day = parseDate(raw, format);
    if (day !== null) {
      if (this.dateFormat === null) {
        this.dateFormat = format;
        this.dateFormatLine = line;
      }
      return day;
    }
    const shape = detectDateFormat(raw);
    if (shape !== null && shape !== format) {
      issues.push(
        this.issue(
          'mixed_date_formats',
          'error',
          line,
          'date',
          symbol,
          null,
          `"${raw}" is a ${describeFormat(shape)} date but this file's dates are ${describeFormat(format)} (from line ${this.dateFormatLine})`,
        ),
      );
    } else if (shape === null) {
      issues.push(
        this.issue('bad_date', 'error', line, 'date', symbol, null, `"${raw}" is not a date in ${describeFormat(format)} form`),
      );
    } else {
      issues.push(this.issue('bad_date', 'error', line, 'date', symbol, null, `"${raw}" is not a calendar date`));
    }
    return null;
  }

  private checkTradingDay(day: EpochDay, line: number, symbol: string, issues: ImportIssue[]): void {
    const reason = closedReason(day);
    if (reason === null) return;
    const severity = this.options.nonTradingDaySeverity;
    if (severity === 'error') this.rowRejected = true;
    issues.push(this.issue('non_trading_day', severity, line, 'date', symbol, day, `${reason}; the market was closed`));
  }
}

/** Why the exchange was closed on this day, or null when it traded (or cannot be judged). */
function closedReason(day: EpochDay): string | null {
  const status = tradingDayStatus(day);
  switch (status) {
    case 'trading':
    case 'early_close':
      return null;
    case 'weekend':
      return `${formatIsoDate(day)} is a ${weekdayName(day)}`;
    case 'holiday':
      return `${formatIsoDate(day)} is an NYSE holiday (${holidayName(day) ?? 'closed'})`;
    case 'unknown':
      // Outside the calendar only weekends are certain; NYSE has not traded on Saturdays since 1952.
      return isWeekend(day) ? `${formatIsoDate(day)} is a ${weekdayName(day)}` : null;
    default:
      return assertNever(status, 'trading day status');
  }
}

function fieldPositions(columns: ResolvedColumns): readonly (readonly [string, number])[] {
  return [
    ['date', columns.date],
    ['open', columns.open],
    ['high', columns.high],
    ['low', columns.low],
    ['close', columns.close],
    ['volume', columns.volume],
    ['symbol', columns.symbol],
  ];
}

function describeFormat(format: DateFormat): string {
  return format === 'iso' ? 'ISO (YYYY-MM-DD)' : 'US (M/D/YYYY)';
}

function isBlankRecord(fields: readonly string[]): boolean {
  for (const field of fields) {
    if (field.length > 0 && cleanField(field).length > 0) return false;
  }
  return true;
}

/** Null when consistent; otherwise every violated relation, e.g. "high 23.595 is below open 23.89". */
export function describeOhlcProblem(open: number, high: number, low: number, close: number): string | null {
  if (low <= open && low <= close && high >= open && high >= close && high >= low) return null;
  const problems: string[] = [];
  const f = formatValue;
  if (high < low) problems.push(`high ${f(high)} is below low ${f(low)}`);
  if (low > open) problems.push(`low ${f(low)} is above open ${f(open)}`);
  if (low > close) problems.push(`low ${f(low)} is above close ${f(close)}`);
  if (high < open) problems.push(`high ${f(high)} is below open ${f(open)}`);
  if (high < close) problems.push(`high ${f(high)} is below close ${f(close)}`);
  return problems.join('; ');
}
