import { AppError } from '../../shared/ipc/errors';
import type { SplitConfig, WalkForwardConfig } from './model-config';
import type { RowRange } from './sequences';

/** Fit (training proper), validation (early stopping, threshold choice) and test ranges. */
export interface DataSplit {
  readonly fit: RowRange;
  readonly validation: RowRange;
  readonly test: RowRange;
}

export interface WalkForwardFold extends DataSplit {
  readonly index: number;
}

/**
 * A chronological split of rows 0…rows−1: fit, then validation, then test, each separated
 * by purge + embargo rows. Samples are built only from spans inside one range
 * (sequences.ts), so with the gap no sample's inputs or target are shared across ranges.
 */
export function chronologicalSplit(rows: number, split: SplitConfig): DataSplit {
  const gap = split.purgeRows + split.embargoRows;
  const fitEnd = Math.floor(rows * split.trainFraction) - 1;
  const validationFrom = fitEnd + 1 + gap;
  const validationEnd = Math.floor(rows * (split.trainFraction + split.validationFraction)) - 1;
  const testFrom = validationEnd + 1 + gap;
  const result = { fit: range(0, fitEnd), validation: range(validationFrom, validationEnd), test: range(testFrom, rows - 1) };
  for (const [name, part] of Object.entries(result)) {
    if (part.toRow - part.fromRow < 1) {
      throw new AppError('VALIDATION_FAILED', `The ${name} range is empty: ${rows} rows are too few for the split fractions and a gap of ${gap} rows.`, { rows, gap, range: name });
    }
  }
  return result;
}

/**
 * Walk-forward folds over rows 0…rows−1: test ranges of testRows each, laid end to end up
 * to the last row; before each, a gap of purge + embargo rows, then its training range
 * (anchored at row 0, or rolling over trainRows), itself split into fit and validation
 * with the same gap. A fold never trains on a row at or after its test range.
 */
export function walkForwardFolds(rows: number, config: WalkForwardConfig): WalkForwardFold[] {
  const gap = config.purgeRows + config.embargoRows;
  const folds: WalkForwardFold[] = [];
  for (let index = 0; index < config.folds; index += 1) {
    const testFrom = rows - (config.folds - index) * config.testRows;
    const trainEnd = testFrom - gap - 1;
    const trainFrom = config.anchored ? 0 : trainEnd - config.trainRows + 1;
    if (trainFrom < 0) {
      throw new AppError('VALIDATION_FAILED', `Walk-forward fold ${index + 1} needs rows before row 0: ${rows} rows are too few for ${config.folds} folds of ${config.testRows} test rows.`, {
        rows,
        fold: index + 1,
      });
    }
    const trainLength = trainEnd - trainFrom + 1;
    const validationFrom = trainEnd - Math.floor(trainLength * config.validationFraction) + 1;
    const fitEnd = validationFrom - gap - 1;
    if (fitEnd - trainFrom < 1 || trainEnd - validationFrom < 1) {
      throw new AppError('VALIDATION_FAILED', `Walk-forward fold ${index + 1}: its training range of ${trainLength} rows cannot hold fit and validation with a gap of ${gap}.`, {
        fold: index + 1,
        trainLength,
      });
    }
    folds.push({ index, fit: range(trainFrom, fitEnd), validation: range(validationFrom, trainEnd), test: range(testFrom, testFrom + config.testRows - 1) });
  }
  return folds;
}

function range(fromRow: number, toRow: number): RowRange {
  return { fromRow, toRow };
}

/**
 * The configured walk-forward when the rows hold it; otherwise anchored folds sized to the
 * rows (at most three, each test range a fifth of them or less), so a pair with a short
 * history still gets out-of-sample folds instead of an error. Gaps stay as configured.
 */
export function walkForwardFitting(rows: number, config: WalkForwardConfig): WalkForwardConfig {
  const gap = config.purgeRows + config.embargoRows;
  const needed = config.folds * config.testRows + gap + (config.anchored ? 2 * gap + 4 : config.trainRows);
  if (rows >= needed) return config;
  const folds = Math.min(config.folds, 3);
  return { ...config, anchored: true, folds, testRows: Math.max(2, Math.floor(rows / (folds + 2))) };
}
