import { engleGranger } from '../../stats/engle-granger';
import { halfLife } from '../../stats/half-life';
import { describeFailure } from '../../stats/stats-result';

/**
 * The health monitor's verdict on one watched pair, re-tested on a trailing window. Pure:
 * the service hands it the pair's last `windowDays` aligned (transformed) prices and the
 * hedge ratio the pair was chosen with. A relationship is broken when the Engle-Granger
 * p-value rises above its bound, the spread's half-life grows beyond its bound (or the
 * spread stops reverting), or the hedge ratio has drifted too far from its reference.
 */

export interface HealthBounds {
  /** Largest acceptable Engle-Granger p-value on the window. */
  readonly maxPvalue: number;
  /** Largest acceptable half-life, in trading days. */
  readonly maxHalfLifeDays: number;
  /** Largest acceptable relative hedge-ratio change |β − β₀| / |β₀|. */
  readonly maxBetaDrift: number;
}

export interface HealthVerdict {
  readonly status: 'healthy' | 'broken' | 'unknown';
  readonly pvalue: number | null;
  readonly halfLife: number | null;
  readonly beta: number | null;
  /** Why the pair is broken (or why it could not be tested); empty when healthy. */
  readonly reasons: readonly string[];
}

export function checkPairHealth(y: Float64Array, x: Float64Array, referenceBeta: number | null, bounds: HealthBounds): HealthVerdict {
  const eg = engleGranger(y, x);
  if (!eg.ok) return { status: 'unknown', pvalue: null, halfLife: null, beta: null, reasons: [`cannot re-test: ${describeFailure(eg.reason)}`] };
  const { pValue, beta, alpha } = eg.value;
  const spread = new Float64Array(y.length);
  for (let t = 0; t < y.length; t += 1) spread[t] = (y[t] as number) - alpha - beta * (x[t] as number);
  const life = halfLife(spread);
  const days = life.ok ? life.value.halfLife : null;
  const reasons: string[] = [];
  if (pValue > bounds.maxPvalue) reasons.push(`p-value ${pValue.toFixed(4)} is above ${bounds.maxPvalue}`);
  if (days === null) reasons.push('the half-life cannot be estimated');
  else if (days === Number.POSITIVE_INFINITY) reasons.push('the spread no longer reverts (infinite half-life)');
  else if (days > bounds.maxHalfLifeDays) reasons.push(`half-life ${days.toFixed(1)} days is above ${bounds.maxHalfLifeDays}`);
  if (referenceBeta !== null && referenceBeta !== 0) {
    const drift = Math.abs(beta - referenceBeta) / Math.abs(referenceBeta);
    if (drift > bounds.maxBetaDrift) {
      reasons.push(`hedge ratio ${beta.toFixed(4)} drifted ${(drift * 100).toFixed(0)}% from ${referenceBeta.toFixed(4)} (bound ${(bounds.maxBetaDrift * 100).toFixed(0)}%)`);
    }
  }
  return { status: reasons.length === 0 ? 'healthy' : 'broken', pvalue: pValue, halfLife: days, beta, reasons };
}
