import type { AppConfig } from '../../../shared/domain/config';
import type { DataIssueKind, IssueSeverity } from '../../../shared/domain/market-data';
import { strictAssert } from '../../../shared/ipc/errors';
import type { ImportIssue, ParsedBar } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import { formatIsoDate } from '../../core/time/epoch-day';
import { formatValue } from '../csv/field-parsers';
import {
  countTradingDaysBetween,
  isTradingDay,
  NYSE_CALENDAR_FIRST_DAY,
  NYSE_CALENDAR_LAST_DAY,
  nextTradingDay,
  previousTradingDay,
} from '../../core/calendar/nyse-calendar';
import { findReturnAnomalies } from './return-anomalies';
import { describeSplit } from './split-ratios';

/**
 * Series-level checks on one symbol's bars (those that passed the row checks): duplicates,
 * gaps against the NYSE calendar, stale runs, return outliers and suspected splits. Input
 * order does not matter; the result is sorted by day with duplicates resolved.
 */

export type SeriesValidationOptions = Pick<AppConfig['data'], 'staleRunDays' | 'outlierRobustZ' | 'splitRatioTolerance'> & {
  /** Attached to every issue; the file the bars came from, when there is one. */
  readonly file?: string | null;
  /**
   * Whether to report missing trading days (default true). The importer turns this off and
   * judges gaps on the merged series instead (missingTradingDays with `within`).
   */
  readonly gaps?: boolean;
};

export interface SeriesValidationResult {
  /** Sorted by day, one per day: identical duplicates collapsed, conflicting ones removed. */
  readonly bars: readonly ParsedBar[];
  readonly issues: readonly ImportIssue[];
  /** How many input bars were dropped (identical copies and both sides of every conflict). */
  readonly dropped: number;
}

function makeIssue(
  kind: DataIssueKind,
  severity: IssueSeverity,
  symbol: string,
  day: EpochDay,
  detail: string,
  file: string | null,
  line: number | null,
  field: string | null = null,
): ImportIssue {
  return { kind, severity, symbol, day, detail, file, line, field };
}

function sameValues(a: ParsedBar, b: ParsedBar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

function describeDifferences(a: ParsedBar, b: ParsedBar): string {
  const fields = ['open', 'high', 'low', 'close', 'volume'] as const;
  return fields
    .filter((f) => a[f] !== b[f])
    .map((f) => `${f} ${formatValue(a[f])} vs ${formatValue(b[f])}`)
    .join(', ');
}

function sortedByDay(bars: readonly ParsedBar[]): readonly ParsedBar[] {
  for (let i = 1; i < bars.length; i++) {
    if ((bars[i]?.day ?? 0) < (bars[i - 1]?.day ?? 0)) return [...bars].sort((a, b) => a.day - b.day || a.line - b.line);
  }
  return bars;
}

/** Collapses same-day bars: identical ones to one (info), conflicting ones to none (error). */
function resolveDuplicates(sorted: readonly ParsedBar[], file: string | null, issues: ImportIssue[]): ParsedBar[] {
  const kept: ParsedBar[] = [];
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i];
    strictAssert(first !== undefined, 'index within bounds');
    let j = i + 1;
    while (j < sorted.length && sorted[j]?.day === first.day) j++;
    if (j - i === 1) {
      kept.push(first);
      i = j;
      continue;
    }
    const group = sorted.slice(i, j);
    const lines = group.map((b) => b.line).join(', ');
    const date = formatIsoDate(first.day);
    const conflicting = group.find((b) => !sameValues(first, b));
    if (conflicting === undefined) {
      kept.push(first);
      const detail = `${date} appears ${group.length} times with identical values (lines ${lines}); kept line ${first.line}`;
      issues.push(makeIssue('duplicate_identical', 'info', first.symbol, first.day, detail, file, first.line));
    } else {
      issues.push(
        makeIssue(
          'duplicate_conflict',
          'error',
          first.symbol,
          first.day,
          `${date} appears ${group.length} times with different values (lines ${lines}: ${describeDifferences(first, conflicting)}); all rejected`,
          file,
          first.line,
        ),
      );
    }
    i = j;
  }
  return kept;
}

/** One warning per run of consecutive missing trading days. Only the calendar's range is judged. */
function findGaps(bars: readonly ParsedBar[], file: string | null, issues: ImportIssue[]): void {
  const symbol = bars[0]?.symbol;
  if (symbol === undefined) return;
  issues.push(...missingTradingDays(symbol, bars.map((bar) => bar.day), { file }));
}

export interface GapOptions {
  readonly file?: string | null;
  /** Only gaps that touch this inclusive span are reported (the days an import brought). */
  readonly within?: { readonly from: EpochDay; readonly to: EpochDay };
}

/**
 * Missing trading days between consecutive `days` (ascending), one warning per run. With
 * `within`, a gap counts only if it touches that span: an import that adds to a stored series
 * is judged on the merged series, and only for the stretch it brought (gaps elsewhere were
 * reported by the imports that made them).
 */
export function missingTradingDays(symbol: string, days: ArrayLike<number>, options: GapOptions = {}): ImportIssue[] {
  const file = options.file ?? null;
  const issues: ImportIssue[] = [];
  for (let i = 1; i < days.length; i++) {
    const previous = days[i - 1];
    const current = days[i];
    if (previous === undefined || current === undefined) continue;
    if (options.within !== undefined && (current < options.within.from || previous > options.within.to)) continue;
    const from = Math.max(previous + 1, NYSE_CALENDAR_FIRST_DAY);
    const to = Math.min(current - 1, NYSE_CALENDAR_LAST_DAY);
    if (from > to) continue;
    const missing = countTradingDaysBetween(from, to);
    if (missing === 0) continue;
    const first = isTradingDay(from) ? from : nextTradingDay(from);
    const last = isTradingDay(to) ? to : previousTradingDay(to);
    const detail =
      missing === 1
        ? `no bar for trading day ${formatIsoDate(first)} (between ${formatIsoDate(previous)} and ${formatIsoDate(current)})`
        : `no bars for ${missing} trading days ${formatIsoDate(first)} to ${formatIsoDate(last)} (between ${formatIsoDate(previous)} and ${formatIsoDate(current)})`;
    issues.push(makeIssue('missing_trading_day', 'warning', symbol, first, detail, file, null));
  }
  return issues;
}

/** Runs of zero-volume bars with an unchanged close, at least `minRun` long. */
function findStaleRuns(bars: readonly ParsedBar[], minRun: number, file: string | null, issues: ImportIssue[]): void {
  let i = 0;
  while (i < bars.length) {
    const start = bars[i];
    strictAssert(start !== undefined, 'index within bounds');
    if (start.volume !== 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < bars.length && bars[j]?.volume === 0 && bars[j]?.close === start.close) j++;
    const length = j - i;
    const end = bars[j - 1];
    if (length >= minRun && end !== undefined) {
      issues.push(
        makeIssue(
          'stale_series',
          'warning',
          start.symbol,
          start.day,
          `close stuck at ${formatValue(start.close)} with zero volume for ${length} bars, ${formatIsoDate(start.day)} to ${formatIsoDate(end.day)}`,
          file,
          start.line,
        ),
      );
    }
    i = j;
  }
}

function findOutliers(bars: readonly ParsedBar[], options: SeriesValidationOptions, file: string | null, issues: ImportIssue[]): void {
  for (const anomaly of findReturnAnomalies(bars, options)) {
    const bar = bars[anomaly.index];
    if (bar === undefined) continue;
    const move = anomaly.close < anomaly.previousClose ? 'fell' : 'rose';
    const prices = `close ${move} from ${formatValue(anomaly.previousClose)} to ${formatValue(anomaly.close)}`;
    const percent = `${formatValue(Math.round((Math.exp(anomaly.logReturn) - 1) * 1000) / 10)}%`;
    const zText = anomaly.robustZ === null ? 'series too short to score' : `robust z ${anomaly.robustZ.toFixed(1)}`;
    if (anomaly.split !== null) {
      const ratio = anomaly.previousClose / anomaly.close;
      issues.push(
        makeIssue(
          'split_suspected',
          'warning',
          bar.symbol,
          bar.day,
          `${prices} (ratio ${ratio.toFixed(2)} ≈ ${describeSplit(anomaly.split)}; ${percent}, ${zText})`,
          file,
          bar.line,
          'close',
        ),
      );
    } else {
      issues.push(
        makeIssue(
          'return_outlier',
          'warning',
          bar.symbol,
          bar.day,
          `${prices} (${percent}, ${zText} > ${formatValue(options.outlierRobustZ)})`,
          file,
          bar.line,
          'close',
        ),
      );
    }
  }
}

/**
 * Validates one symbol's bars. A jump matching a split ratio is reported as split_suspected
 * instead of return_outlier (the split is the more specific explanation; one issue per jump).
 */
export function validateSeries(bars: readonly ParsedBar[], options: SeriesValidationOptions): SeriesValidationResult {
  const file = options.file ?? null;
  const symbol = bars[0]?.symbol;
  strictAssert(
    bars.every((b) => b.symbol === symbol),
    'validateSeries takes one symbol at a time; group with groupBarsBySymbol first',
  );
  const issues: ImportIssue[] = [];
  const unique = resolveDuplicates(sortedByDay(bars), file, issues);
  if (options.gaps ?? true) findGaps(unique, file, issues);
  findStaleRuns(unique, options.staleRunDays, file, issues);
  findOutliers(unique, options, file, issues);
  return { bars: unique, issues, dropped: bars.length - unique.length };
}

/** Splits a multi-symbol batch (a long-format file) into per-symbol arrays, in first-seen order. */
export function groupBarsBySymbol(bars: Iterable<ParsedBar>): Map<string, ParsedBar[]> {
  const groups = new Map<string, ParsedBar[]>();
  for (const bar of bars) {
    const group = groups.get(bar.symbol);
    if (group === undefined) groups.set(bar.symbol, [bar]);
    else group.push(bar);
  }
  return groups;
}
