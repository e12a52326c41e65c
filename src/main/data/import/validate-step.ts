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
 * objects, so one symbol at a time is expanded from the typed arrays: at most one symbol's
 * objects are alive at once, which keeps peak memory near the columnar size. A series the
 * validator returns whole and in order (the usual case: no duplicates) is kept as it is;
 * only one that lost rows is packed into new columns, so the universe is not copied twice.
 */
export function validateImportSeries(all: readonly ColumnarSeries[], options: ValidateStepOptions): ValidatedSeries {
  const out: ColumnarSeries[] = [];
  const issues: ImportIssue[] = [];
  const splits: SplitToRecord[] = [];
  let rejected = 0;
  for (const series of all) {
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
    out.push(unchanged(bars, result.bars) ? series : pack(series, bars, result.bars));
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

/** Whether the validator returned exactly the input bars, in the same order. */
function unchanged(input: readonly ParsedBar[], output: readonly ParsedBar[]): boolean {
  if (input.length !== output.length) return false;
  for (let i = 0; i < input.length; i += 1) if (input[i] !== output[i]) return false;
  return true;
}

/** The validated bars as new columns, each row keeping the file index of its input row. */
function pack(series: ColumnarSeries, input: readonly ParsedBar[], output: readonly ParsedBar[]): ColumnarSeries {
  const fileOf = new Map<ParsedBar, number>();
  input.forEach((bar, i) => fileOf.set(bar, series.files[i] ?? 0));
  const builder = new ColumnarSeriesBuilder(series.symbol);
  builder.reserve(output.length);
  for (const bar of output) {
    const file = fileOf.get(bar);
    // The validator returns the bars it was given (filtered and sorted), never copies.
    strictAssert(file !== undefined, `validated bar ${series.symbol} line ${bar.line} is one of the input bars`);
    builder.push(bar, file);
  }
  return builder.finish();
}
