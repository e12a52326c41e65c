import { fail, pass, verdict, type NamedCheck } from '../pre-trade-check';
import { pct } from './exposure-math';

const TRADING_DAYS_PER_YEAR = 252;

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample (n−1) covariance of two aligned series. */
export function covariance(a: Float64Array, b: Float64Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += ((a[i] ?? 0) - ma) * ((b[i] ?? 0) - mb);
  return sum / (a.length - 1);
}

export function correlation(a: Float64Array, b: Float64Array): number {
  const denominator = Math.sqrt(covariance(a, a) * covariance(b, b));
  return denominator > 0 ? covariance(a, b) / denominator : 0;
}

/**
 * Correlation limit (audit 5.1): the ex-ante annualised volatility of the book with the new
 * pair (the sum of the pairs' daily returns per unit of equity, sample stdev × √252), and the
 * largest |correlation| of the new pair's returns to any open pair's. Opening orders without
 * returns fail closed: the desk must say what the book would look like.
 */
export const correlationCheck: NamedCheck = {
  name: 'correlation',
  appliesToClosing: false,
  evaluate({ request, snapshot, config }) {
    const { maxPortfolioVolatility, maxPairCorrelation, correlationLookbackDays } = config.limits;
    const inputs = snapshot.returns;
    if (inputs === undefined) return [fail('portfolio_volatility', Number.NaN, maxPortfolioVolatility, `no return history for ${request.pairId} and the open pairs: failing closed`)];
    const n = Math.min(inputs.candidate.length, correlationLookbackDays);
    if (n < 20) return [fail('portfolio_volatility', n, 20, `${n} aligned daily returns for ${request.pairId}; at least 20 are needed`)];
    const tail = (series: Float64Array): Float64Array => series.subarray(series.length - n);
    const candidate = tail(inputs.candidate);
    const book = Float64Array.from(candidate);
    const results = [];
    let worst = 0;
    let worstPair: string | null = null;
    for (const [pairId, series] of inputs.openPairs) {
      if (series.length < n) return [fail('correlation', series.length, n, `open pair ${pairId} has ${series.length} returns, fewer than the ${n} of ${request.pairId}`)];
      const open = tail(series);
      for (let i = 0; i < n; i += 1) book[i] = (book[i] ?? 0) + (open[i] ?? 0);
      const rho = correlation(candidate, open);
      if (Math.abs(rho) > Math.abs(worst)) {
        worst = rho;
        worstPair = pairId;
      }
    }
    const volatility = Math.sqrt(covariance(book, book) * TRADING_DAYS_PER_YEAR);
    results.push(verdict('portfolio_volatility', volatility <= maxPortfolioVolatility, volatility, maxPortfolioVolatility, `ex-ante volatility with ${request.pairId} ${pct(volatility)} a year over ${n} days vs limit ${pct(maxPortfolioVolatility)}`));
    results.push(
      worstPair === null
        ? pass('pair_correlation', 0, maxPairCorrelation, 'no open pairs to correlate with')
        : verdict('pair_correlation', Math.abs(worst) <= maxPairCorrelation, Math.abs(worst), maxPairCorrelation, `${request.pairId} correlates ${worst.toFixed(3)} with open pair ${worstPair} vs limit ${maxPairCorrelation}`),
    );
    return results;
  },
};
