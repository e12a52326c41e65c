import { strictAssert } from '../../../shared/ipc/errors';
import type { ImportIssue, ParsedBar } from '../core/pipeline-types';
import { inferSplits } from '../validation/split-inference';
import { validateSeries } from '../validation/series-validator';
import type { ImportThresholds } from '../core/pipeline-types';
import { ColumnarSeriesBuilder, type ColumnarSeries } from './series-buffers';
import type { SplitToRecord } from './write-dataset';

export interface ValidateStepOptions {
  readonly thresholds: ImportThresholds;
  /** The import's file list; series rows refer to it by index. */
  readonly files: readonly string[];
}

export interface ValidatedSeries {
  /** Sorted, one row per day. */
  readonly series: ColumnarSeries[];
  readonly issues: ImportIssue[];
  /** Rows dropped by series validation (duplicates). */
  readonly rejected: number;
  readonly splits: SplitToRecord[];
}

/**
 * Runs the series validator and split inference on each symbol. They work on ParsedBar
 * objects, so one symbol at a time is expanded from the typed arrays and packed back: at
 * most one symbol's objects are alive at once, which keeps peak memory near the columnar size.
 */
export function validateImportSeries(all: readonly ColumnarSeries[], options: ValidateStepOptions): ValidatedSeries {
  const out: ColumnarSeries[] = [];
  const issues: ImportIssue[] = [];
  const splits: SplitToRecord[] = [];
  let rejected = 0;
  for (const series of all) {
    const fileOf = new Map<ParsedBar, number>();
    const bars: ParsedBar[] = new Array<ParsedBar>(series.length);
    for (let i = 0; i < series.length; i += 1) {
      const bar: ParsedBar = {
        symbol: series.symbol,
        day: series.days[i] ?? 0,
        open: series.open[i] ?? Number.NaN,
        high: series.high[i] ?? Number.NaN,
        low: series.low[i] ?? Number.NaN,
        close: series.close[i] ?? Number.NaN,
        volume: series.volume[i] ?? Number.NaN,
        line: series.lines[i] ?? 0,
      };
      bars[i] = bar;
      fileOf.set(bar, series.files[i] ?? 0);
    }
    const singleFile = allSame(series.files) ? (options.files[series.files[0] ?? -1] ?? null) : null;
    const result = validateSeries(bars, {
      staleRunDays: options.thresholds.staleRunDays,
      outlierRobustZ: options.thresholds.outlierRobustZ,
      splitRatioTolerance: options.thresholds.splitRatioTolerance,
      file: singleFile,
      // Gaps are judged in the write step, on the series merged with what is stored.
      gaps: false,
    });
    issues.push(...result.issues);
    rejected += result.dropped;
    out.push(pack(series.symbol, result.bars, fileOf));
    for (const split of inferSplits(result.bars, options.thresholds)) {
      splits.push({ symbol: series.symbol, day: split.day, numerator: split.numerator, denominator: split.denominator });
    }
  }
  return { series: out, issues, rejected, splits };
}

function allSame(values: Int32Array): boolean {
  const first = values[0];
  return values.every((value) => value === first);
}

function pack(symbol: string, bars: readonly ParsedBar[], fileOf: ReadonlyMap<ParsedBar, number>): ColumnarSeries {
  const builder = new ColumnarSeriesBuilder(symbol);
  for (const bar of bars) {
    const file = fileOf.get(bar);
    // The validator returns the bars it was given (filtered and sorted), never copies.
    strictAssert(file !== undefined, `validated bar ${symbol} line ${bar.line} is one of the input bars`);
    builder.push(bar, file);
  }
  return builder.finish();
}
