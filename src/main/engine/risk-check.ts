/**
 * The pre-trade risk port. Every pair order passes it, in backtest and live alike. It returns
 * a decision with the numbers and never throws: an internal error becomes a deny (a risk
 * check that crashes must not let the order through). The paper desk adds its live checks
 * (rates, price bands, shortability, …) behind the same interface.
 */

export interface RiskCheckResult {
  readonly name: string;
  readonly passed: boolean;
  readonly value: number;
  readonly limit: number;
  readonly message: string;
}

export interface RiskDecision {
  readonly allowed: boolean;
  readonly checks: readonly RiskCheckResult[];
}

export interface RiskLegRequest {
  readonly symbol: string;
  /** Signed dollars the order adds: + for buys, − for sales, at the decision price. */
  readonly signedNotional: number;
}

export interface RiskRequest {
  readonly pairId: string;
  /** Closing orders reduce exposure and are never blocked by exposure limits. */
  readonly intent: 'open' | 'close';
  readonly legs: readonly RiskLegRequest[];
  /** Undefined when the account's equity is not known: the check fails closed. */
  readonly equity: number | undefined;
  readonly peakEquity: number;
  /** Pairs with a position or an opening order in flight, excluding this one. */
  readonly openPairs: number;
  /** Current signed exposure per symbol across every pair. */
  readonly exposures: ReadonlyMap<string, number>;
}

export interface RiskCheck {
  check(request: RiskRequest): RiskDecision;
}

export interface BacktestRiskLimits {
  readonly maxOpenPairs: number;
  /** Gross exposure (Σ|exposure|) as a multiple of equity. */
  readonly maxGrossExposure: number;
  /** |Σ exposure| as a multiple of equity. */
  readonly maxNetExposure: number;
  /** |exposure| of one symbol summed across overlapping pairs, as a multiple of equity. */
  readonly maxSymbolExposure: number;
  /** Peak-to-current drawdown fraction at which everything is flattened and entries stop. */
  readonly maxDrawdown: number;
}

export const defaultRiskLimits: BacktestRiskLimits = {
  maxOpenPairs: 20,
  maxGrossExposure: 2,
  maxNetExposure: 0.5,
  maxSymbolExposure: 0.5,
  maxDrawdown: 0.25,
};

/** The drawdown fraction 1 − equity/peak (1 when equity is not a positive number). */
export function drawdownOf(equity: number | undefined, peak: number): number {
  if (equity === undefined || !Number.isFinite(equity) || !(peak > 0)) return 1;
  return Math.max(0, 1 - equity / peak);
}

/** True when the drawdown limit says flatten everything. */
export function drawdownBreached(equity: number | undefined, peak: number, limits: BacktestRiskLimits): boolean {
  return drawdownOf(equity, peak) >= limits.maxDrawdown;
}

export class BacktestRiskCheck implements RiskCheck {
  constructor(private readonly limits: BacktestRiskLimits = defaultRiskLimits) {}

  check(request: RiskRequest): RiskDecision {
    try {
      return this.evaluate(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { allowed: false, checks: [{ name: 'internal', passed: false, value: Number.NaN, limit: Number.NaN, message: `risk check failed: ${message}` }] };
    }
  }

  private evaluate(request: RiskRequest): RiskDecision {
    const equity = request.equity;
    const equityOk = equity !== undefined && Number.isFinite(equity) && equity > 0;
    const checks: RiskCheckResult[] = [];
    if (request.intent === 'close') {
      // Reducing orders always pass: a deny here would trap the position it is closing.
      checks.push({ name: 'reduce_only', passed: true, value: 0, limit: 0, message: 'closing order reduces exposure' });
      return { allowed: true, checks };
    }
    checks.push({
      name: 'equity',
      passed: equityOk,
      value: equity ?? Number.NaN,
      limit: 0,
      message: equityOk ? 'equity is positive' : `equity ${String(equity)} is not a positive number: failing closed`,
    });
    if (!equityOk) return { allowed: false, checks };
    const limits = this.limits;
    const drawdown = drawdownOf(equity, request.peakEquity);
    checks.push({ name: 'drawdown', passed: drawdown < limits.maxDrawdown, value: drawdown, limit: limits.maxDrawdown, message: `drawdown ${pct(drawdown)} vs limit ${pct(limits.maxDrawdown)}` });
    const pairs = request.openPairs + 1;
    checks.push({ name: 'max_open_pairs', passed: pairs <= limits.maxOpenPairs, value: pairs, limit: limits.maxOpenPairs, message: `${pairs} open pairs vs limit ${limits.maxOpenPairs}` });
    // Exposure after the order, without copying the book: start from the current totals and
    // replace the traded symbols' contributions.
    const added = new Map<string, number>();
    for (const leg of request.legs) {
      if (!Number.isFinite(leg.signedNotional)) throw new Error(`notional of ${leg.symbol} is not finite`);
      added.set(leg.symbol, (added.get(leg.symbol) ?? 0) + leg.signedNotional);
    }
    let gross = 0;
    let net = 0;
    for (const value of request.exposures.values()) {
      gross += Math.abs(value);
      net += value;
    }
    const after = (symbol: string): number => (request.exposures.get(symbol) ?? 0) + (added.get(symbol) ?? 0);
    for (const [symbol, delta] of added) {
      const before = request.exposures.get(symbol) ?? 0;
      gross += Math.abs(before + delta) - Math.abs(before);
      net += delta;
    }
    const grossRatio = gross / equity;
    const netRatio = Math.abs(net) / equity;
    checks.push({ name: 'gross_exposure', passed: grossRatio <= limits.maxGrossExposure, value: grossRatio, limit: limits.maxGrossExposure, message: `gross ${grossRatio.toFixed(3)}× equity vs ${limits.maxGrossExposure}×` });
    checks.push({ name: 'net_exposure', passed: netRatio <= limits.maxNetExposure, value: netRatio, limit: limits.maxNetExposure, message: `net ${netRatio.toFixed(3)}× equity vs ${limits.maxNetExposure}×` });
    for (const leg of request.legs) {
      const ratio = Math.abs(after(leg.symbol)) / equity;
      checks.push({ name: `symbol_exposure:${leg.symbol}`, passed: ratio <= limits.maxSymbolExposure, value: ratio, limit: limits.maxSymbolExposure, message: `${leg.symbol} ${ratio.toFixed(3)}× equity across pairs vs ${limits.maxSymbolExposure}×` });
    }
    return { allowed: checks.every((check) => check.passed), checks };
  }
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}
