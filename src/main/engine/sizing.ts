import { assertNever } from '../../shared/ipc/errors';
import type { EntryDecision } from './strategy';

/**
 * Pair sizing from the prices known at decision time (the close of t) and the equity at that
 * close. Nothing is hard-coded (audit 3.2: the predecessor sized at 10% with prices 150/300).
 *
 * Gross notional G (both legs, dollars):
 *   - fixed_fraction: G = fraction · equity;
 *   - vol_target: a position of N_y dollars in y (and its hedge) moves by ≈ N_y·Δs a day, so
 *     N_y = target · equity / (σ_Δs · √252), where σ_Δs is the std of daily spread changes;
 *   - kelly: continuous Kelly f = μ/σ² per dollar of y, with μ = (|z| − exit)·σ_s / H the
 *     expected daily reversion (σ_s the spread std, H the half-life in bars, the lookback
 *     when not mean reverting) and σ² = σ_Δs²; N_y = min(kellyFraction · f, cap) · equity.
 * Both latter methods are capped at `maxFraction` of equity gross.
 * Legs: dollar_neutral puts N = G/2 in each leg; beta_neutral puts N_y = G/(1+|β|) in y and
 * |β|·N_y in x. The x leg's direction follows the sign of β.
 *
 * Lots are whole lots of TRADED shares (issue 13: share counts use the price actually
 * traded). With φ the traded shares per stored share at the decision close (from the
 * engine's PriceBasisPort; 1/4 for a split-adjusted V bar before its 4:1 split), the traded
 * price is p/φ, the traded count is ⌊N·φ/(p·lot)⌋·lot and the order's stored quantity is
 * that count / φ. On the raw basis φ = 1 and this is the plain ⌊N/(p·lot)⌋·lot. On a
 * split-adjusted store φ is 1/(product of later split ratios), so the stored quantity is a
 * whole number too; on a split-and-dividend store φ is not a reciprocal integer and the
 * stored quantity is rounded to the nearest share (its traded count is then whole only
 * approximately: that basis preserves notional, not share counts).
 */

export type SizingMethod =
  | { readonly method: 'fixed_fraction'; readonly fraction: number }
  | { readonly method: 'vol_target'; readonly annualVolatility: number; readonly maxFraction: number }
  | { readonly method: 'kelly'; readonly kellyFraction: number; readonly cap: number; readonly maxFraction: number };

export interface SizingConfig {
  readonly sizing: SizingMethod;
  readonly legs: 'dollar_neutral' | 'beta_neutral';
  readonly lotSize: number;
}

export interface SizingInput {
  readonly equity: number;
  readonly priceY: number;
  readonly priceX: number;
  readonly decision: EntryDecision;
  readonly exitBand: number;
  readonly lookback: number;
  /** Traded shares per stored share of y and x at the decision close (φ); 1 when stored is traded. */
  readonly tradedPerStoredY?: number;
  readonly tradedPerStoredX?: number;
}

export interface PairSize {
  readonly quantityY: number;
  readonly quantityX: number;
  /** True when x is traded in the same direction as y (negative β). */
  readonly sameDirection: boolean;
  readonly grossNotional: number;
}

const TRADING_DAYS = 252;

export function grossNotional(input: SizingInput, config: SizingConfig): number {
  const { equity, decision } = input;
  if (!(equity > 0) || !Number.isFinite(equity)) return 0;
  const legFactor = config.legs === 'beta_neutral' ? 1 + Math.abs(decision.beta) : 2;
  const method = config.sizing;
  switch (method.method) {
    case 'fixed_fraction':
      return method.fraction * equity;
    case 'vol_target': {
      const sigma = decision.spreadVolatility;
      if (!(sigma > 0)) return 0;
      const ny = (method.annualVolatility * equity) / (sigma * Math.sqrt(TRADING_DAYS));
      return Math.min(ny * legFactor, method.maxFraction * equity);
    }
    case 'kelly': {
      const sigma = decision.spreadVolatility;
      if (!(sigma > 0)) return 0;
      const horizon = Number.isFinite(decision.halfLife) && decision.halfLife > 0 ? decision.halfLife : input.lookback;
      const mu = (Math.max(0, Math.abs(decision.z) - input.exitBand) * decision.spreadStd) / horizon;
      const f = Math.min(method.kellyFraction * (mu / (sigma * sigma)), method.cap);
      return Math.min(f * equity * legFactor, method.maxFraction * equity);
    }
    default:
      return assertNever(method, 'sizing method');
  }
}

export function sizePair(input: SizingInput, config: SizingConfig): PairSize {
  const gross = grossNotional(input, config);
  const beta = input.decision.beta;
  const sameDirection = beta < 0;
  if (!(gross > 0) || !(input.priceY > 0) || !(input.priceX > 0)) return { quantityY: 0, quantityX: 0, sameDirection, grossNotional: 0 };
  const notionalY = config.legs === 'beta_neutral' ? gross / (1 + Math.abs(beta)) : gross / 2;
  const notionalX = config.legs === 'beta_neutral' ? Math.abs(beta) * notionalY : gross / 2;
  const lot = config.lotSize;
  const quantityY = storedLots(notionalY, input.priceY, input.tradedPerStoredY ?? 1, lot);
  const quantityX = storedLots(notionalX, input.priceX, input.tradedPerStoredX ?? 1, lot);
  // A pair with one leg rounded to zero is not a hedge: size it as nothing.
  if (quantityY <= 0 || quantityX <= 0) return { quantityY: 0, quantityX: 0, sameDirection, grossNotional: 0 };
  return { quantityY, quantityX, sameDirection, grossNotional: quantityY * input.priceY + quantityX * input.priceX };
}

/** The stored quantity of ⌊notional / traded price / lot⌋ whole lots of traded shares (see above). */
export function storedLots(notional: number, storedPrice: number, tradedPerStored: number, lot: number): number {
  if (!(tradedPerStored > 0) || !Number.isFinite(tradedPerStored)) return 0;
  if (tradedPerStored === 1) return Math.floor(notional / storedPrice / lot) * lot;
  const tradedPrice = storedPrice / tradedPerStored;
  const traded = Math.floor(notional / tradedPrice / lot) * lot;
  // traded / φ is a whole number up to floating noise on a split-adjusted store (φ = 1/k).
  return Math.round(traded / tradedPerStored);
}
