import type { PreTradeLeg, PreTradeRequest } from '../pre-trade-request';

/** Signed shares a leg adds: + for buys, − for sales. */
export function signedShares(leg: PreTradeLeg): number {
  return leg.side === 'buy' ? leg.quantity : -leg.quantity;
}

/** The price a leg is valued at: its limit when it has one, else the price it was sized at. */
export function legPrice(leg: PreTradeLeg): number {
  return leg.limitPrice ?? leg.decisionPrice;
}

/** Signed shares per symbol the order adds (a symbol may appear in both legs of overlapping pairs). */
export function sharesAdded(request: PreTradeRequest): Map<string, number> {
  const added = new Map<string, number>();
  for (const leg of request.legs) added.set(leg.symbol, (added.get(leg.symbol) ?? 0) + signedShares(leg));
  return added;
}

/**
 * True when every symbol's position moves toward zero without crossing it: what REDUCE_ONLY
 * lets through, and what makes a "close" a close. Judged on positions, not on the intent the
 * caller claims, so a mislabelled order cannot skip the exposure limits.
 */
export function reducesExposure(request: PreTradeRequest, positions: ReadonlyMap<string, number>): boolean {
  for (const [symbol, delta] of sharesAdded(request)) {
    const before = positions.get(symbol) ?? 0;
    if (delta === 0) continue;
    if (before === 0 || Math.sign(delta) === Math.sign(before) || Math.abs(delta) > Math.abs(before)) return false;
  }
  return true;
}

export interface ExposureAfter {
  /** Signed dollars per symbol after the order, for every symbol held or traded. */
  readonly bySymbol: Map<string, number>;
  readonly gross: number;
  readonly net: number;
}

/** Exposure after the order: the request's current exposures plus each leg's signed notional. */
export function exposureAfter(request: PreTradeRequest): ExposureAfter {
  const bySymbol = new Map<string, number>(request.exposures);
  for (const leg of request.legs) {
    if (!Number.isFinite(leg.signedNotional)) throw new Error(`notional of ${leg.symbol} is not finite`);
    bySymbol.set(leg.symbol, (bySymbol.get(leg.symbol) ?? 0) + leg.signedNotional);
  }
  let gross = 0;
  let net = 0;
  for (const value of bySymbol.values()) {
    gross += Math.abs(value);
    net += value;
  }
  return { bySymbol, gross, net };
}

/** Equity as a positive number, or an Error message when it cannot be used (checks fail closed). */
export function usableEquity(request: PreTradeRequest): number | string {
  const equity = request.equity;
  if (equity === undefined || !Number.isFinite(equity) || equity <= 0) return `equity ${String(equity)} is not a positive number: failing closed`;
  return equity;
}

export function times(value: number): string {
  return `${value.toFixed(3)}×`;
}

export function pct(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

export function dollars(value: number): string {
  return `$${Math.round(value).toLocaleString('en-US')}`;
}
