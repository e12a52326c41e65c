import type { CloseSeries } from '../core/market/series';
import { createSeededRandom } from '../core/random/seeded-random';

export interface SyntheticPairOptions {
  readonly rows: number;
  readonly seed: number;
  readonly beta?: number;
  /** Mean-reversion speed of the spread per row (an Ornstein-Uhlenbeck step). */
  readonly reversion?: number;
  readonly firstDay?: number;
}

/**
 * A seeded cointegrated pair for tests and benchmarks: log x is a random walk and
 * log y = β·log x + 0.5 + s with s mean-reverting, on consecutive epoch days.
 */
export function syntheticPair(options: SyntheticPairOptions): { y: CloseSeries; x: CloseSeries } {
  const random = createSeededRandom(options.seed);
  const beta = options.beta ?? 1.2;
  const reversion = options.reversion ?? 0.1;
  const firstDay = options.firstDay ?? 16_000;
  const days = new Int32Array(options.rows);
  const yCloses = new Float64Array(options.rows);
  const xCloses = new Float64Array(options.rows);
  let logX = Math.log(100);
  let spread = 0;
  for (let row = 0; row < options.rows; row += 1) {
    logX += 0.01 * random.nextNormal();
    spread += -reversion * spread + 0.01 * random.nextNormal();
    days[row] = firstDay + row;
    xCloses[row] = Math.exp(logX);
    yCloses[row] = Math.exp(beta * logX + 0.5 + spread);
  }
  return { y: { days, closes: yCloses }, x: { days: days.slice(), closes: xCloses } };
}
