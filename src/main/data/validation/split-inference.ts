import type { AppConfig } from '../../../shared/domain/config';
import type { EpochDay } from '../../core/time/epoch-day';
import { findReturnAnomalies, splitConfidence, type ReturnPoint } from './return-anomalies';

/** A split the prices suggest, for the corporate-actions table to confirm or dismiss. */
export interface InferredSplit {
  /** The first day trading at the new price (the ex-date). */
  readonly day: EpochDay;
  /** numerator / denominator: prices before this day divide by it (7 for 7:1, 0.1 for 1:10). */
  readonly ratio: number;
  readonly numerator: number;
  readonly denominator: number;
  /** The measured prevClose / close, for display next to the matched ratio. */
  readonly observedRatio: number;
  /** Ranking heuristic in [0, 1]; see splitConfidence. */
  readonly confidence: number;
}

export type SplitInferenceOptions = Pick<AppConfig['data'], 'outlierRobustZ' | 'splitRatioTolerance'>;

/** The config defaults, for callers without a loaded config (tests, the CLI). */
export const DEFAULT_SPLIT_INFERENCE_OPTIONS: SplitInferenceOptions = { outlierRobustZ: 10, splitRatioTolerance: 0.04 };

/**
 * Splits suggested by one symbol's bars (any order; on a repeated day the first bar wins).
 * Same detection as the split_suspected warning: an outlying close-to-close move whose ratio
 * matches a common split ratio.
 */
export function inferSplits(
  bars: readonly (ReturnPoint & { readonly symbol?: string })[],
  options: SplitInferenceOptions = DEFAULT_SPLIT_INFERENCE_OPTIONS,
): InferredSplit[] {
  const sorted = [...bars].sort((a, b) => a.day - b.day);
  const unique = sorted.filter((bar, i) => i === 0 || bar.day !== sorted[i - 1]?.day);
  const splits: InferredSplit[] = [];
  for (const anomaly of findReturnAnomalies(unique, options)) {
    if (anomaly.split === null) continue;
    splits.push({
      day: anomaly.day,
      ratio: anomaly.split.factor,
      numerator: anomaly.split.numerator,
      denominator: anomaly.split.denominator,
      observedRatio: anomaly.previousClose / anomaly.close,
      confidence: splitConfidence(anomaly, options.splitRatioTolerance),
    });
  }
  return splits;
}
