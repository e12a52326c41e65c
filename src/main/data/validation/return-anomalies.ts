import type { EpochDay } from '../../core/time/epoch-day';
import { matchSplitRatio, type SplitMatch } from './split-ratios';

/**
 * Close-to-close log returns scored by a robust z-score: |r − median(r)| / (1.4826 · MAD),
 * where MAD is the median absolute deviation (1.4826 makes it estimate σ for normal data).
 *
 * Why one scale over the whole series rather than a rolling window: the check is aimed at
 * data errors and unadjusted splits (moves of 30–90% in a day), not at fat tails. The
 * median and MAD tolerate up to half the sample being bad, so a burst of bad ticks cannot
 * inflate the scale the way it would in a 60-day window; the scale does not depend on where
 * an import happens to start; and the first weeks of a series get a real scale instead of
 * having no history. The cost is more flags in genuinely volatile stretches (2008, 2020),
 * which is acceptable for a warning that asks a human to look.
 */

/** Below this many returns the MAD is too noisy to score against. */
export const MIN_RETURNS_FOR_SCALE = 20;
const MAD_TO_SIGMA = 1.4826;
// Mean absolute deviation × √(π/2) estimates σ for normal data: the fallback when more
// than half the returns are identical (an illiquid series) and the MAD is zero.
const MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);

export interface ReturnPoint {
  readonly day: EpochDay;
  readonly close: number;
  readonly open: number;
}

export interface ReturnAnomaly {
  /** Index in the input of the bar after the jump. */
  readonly index: number;
  readonly day: EpochDay;
  readonly previousClose: number;
  readonly close: number;
  readonly logReturn: number;
  /** Robust z-score, or null when the series was too short to estimate the scale. */
  readonly robustZ: number | null;
  /** The split ratio the jump matches, if any. */
  readonly split: SplitMatch | null;
  /** Whether the day's open had already jumped by the same ratio (how a real split looks). */
  readonly openConfirmsSplit: boolean;
  /** |prevClose / open / factor − 1| when the open confirms the split, else null. */
  readonly openRelativeError: number | null;
}

export interface AnomalyOptions {
  readonly outlierRobustZ: number;
  readonly splitRatioTolerance: number;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Robust centre and scale of a sample; scale 0 means the sample is constant. */
export function robustScale(values: Float64Array): { readonly center: number; readonly scale: number } {
  const sorted = Float64Array.from(values).sort();
  const center = median(sorted);
  const deviations = new Float64Array(values.length);
  let sumAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const d = Math.abs((values[i] ?? 0) - center);
    deviations[i] = d;
    sumAbs += d;
  }
  const mad = median(deviations.sort());
  if (mad > 0) return { center, scale: MAD_TO_SIGMA * mad };
  return { center, scale: values.length > 0 ? (MEAN_ABS_TO_SIGMA * sumAbs) / values.length : 0 };
}

/**
 * Jumps worth a warning in a series sorted by day with one bar per day: returns beyond the
 * robust threshold, plus (for series too short to score) any jump matching a split ratio.
 */
export function findReturnAnomalies(points: readonly ReturnPoint[], options: AnomalyOptions): ReturnAnomaly[] {
  const n = points.length;
  if (n < 2) return [];
  const returns = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    returns[i - 1] = Math.log((points[i]?.close ?? NaN) / (points[i - 1]?.close ?? NaN));
  }
  const scored = returns.length >= MIN_RETURNS_FOR_SCALE;
  const { center, scale } = scored ? robustScale(returns) : { center: 0, scale: 0 };
  const anomalies: ReturnAnomaly[] = [];
  for (let i = 1; i < n; i++) {
    const current = points[i];
    const previous = points[i - 1];
    if (current === undefined || previous === undefined) continue;
    const logReturn = returns[i - 1] ?? 0;
    const robustZ = scored && scale > 0 ? Math.abs(logReturn - center) / scale : null;
    const isOutlier = robustZ !== null && robustZ > options.outlierRobustZ;
    // Ratio matching costs a log per candidate ratio, so it runs only on jumps already of interest;
    // in an unscored (short or constant) series every jump is a candidate.
    if (!isOutlier && robustZ !== null) continue;
    const split = matchSplitRatio(previous.close / current.close, options.splitRatioTolerance);
    if (!isOutlier && split === null) continue;
    const openMatch = split !== null ? matchSplitRatio(previous.close / current.open, options.splitRatioTolerance) : null;
    const openConfirmsSplit = split !== null && openMatch !== null && openMatch.factor === split.factor;
    anomalies.push({
      index: i,
      day: current.day,
      previousClose: previous.close,
      close: current.close,
      logReturn,
      robustZ,
      split,
      openConfirmsSplit,
      openRelativeError: openConfirmsSplit && openMatch !== null ? openMatch.relativeError : null,
    });
  }
  return anomalies;
}

/**
 * A ranking heuristic in [0, 1], not a probability: closeness of the jump to the ratio
 * (60%) and whether the open had already gapped by the same ratio (40%), since a split
 * reprices the stock before the first trade while a crash usually unfolds during the day.
 * Closeness takes the better of the open and close gaps: the close also carries the day's
 * ordinary move (AAPL's split day closed 1.6% up on its open).
 */
export function splitConfidence(anomaly: ReturnAnomaly, tolerance: number): number {
  if (anomaly.split === null) return 0;
  const error = Math.min(anomaly.split.relativeError, anomaly.openRelativeError ?? Infinity);
  const closeness = Math.max(0, 1 - error / tolerance);
  const confidence = 0.6 * closeness + (anomaly.openConfirmsSplit ? 0.4 : 0);
  return Math.round(confidence * 1000) / 1000;
}
