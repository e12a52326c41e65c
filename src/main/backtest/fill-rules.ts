import { assertNever } from '../../shared/ipc/errors';
import type { EpochDay } from '../core/time/epoch-day';
import type { Fill, Order } from '../engine/domain';
import type { PriceBasisPort } from '../engine/ports';
import type { CostModel } from './cost-model';

/**
 * The fill rules of one order in one session, shared by the backtester's simulated exchange
 * and the paper broker so the two cannot drift apart (the divergence report then measures
 * the market, not two implementations):
 *   - reference price by `fill`: next_open (default) = the open, next_close = the close,
 *     vwap_proxy = (high + low + close) / 3;
 *   - a LIMIT buy fills only when the bar trades through it (low < limit), at min(ref, limit);
 *     a LIMIT sell only when high > limit, at max(ref, limit);
 *   - at most floor(participationRate × bar volume) shares fill;
 *   - no fill on a missing, invalid or zero-volume bar.
 */

export type FillMode = 'next_open' | 'next_close' | 'vwap_proxy';

export interface SessionBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface MarketStats {
  readonly sigma: number;
  readonly adv: number;
}

export interface FillRules {
  readonly fill: FillMode;
  readonly participationRate: number;
  readonly costModel: CostModel;
  readonly priceBasis: PriceBasisPort;
}

/** What one session does to one working order: a (possibly partial) fill, or none and why. */
export type SessionMatch =
  | { readonly kind: 'fill'; readonly fill: Fill; readonly remaining: number; readonly cap: number }
  | { readonly kind: 'none'; readonly reason: string };

export function referencePrice(bar: SessionBar, mode: FillMode): number {
  switch (mode) {
    case 'next_open':
      return bar.open;
    case 'next_close':
      return bar.close;
    case 'vwap_proxy':
      return (bar.high + bar.low + bar.close) / 3;
    default:
      return assertNever(mode, 'fill mode');
  }
}

/** Matches `remaining` shares of `order` against session `day`'s bar (undefined = no valid bar). */
export function matchSession(order: Order, remaining: number, day: EpochDay, bar: SessionBar | undefined, stats: MarketStats, rules: FillRules): SessionMatch {
  if (bar === undefined) return { kind: 'none', reason: `no valid bar for ${order.symbol}` };
  if (bar.volume <= 0) return { kind: 'none', reason: `zero volume in ${order.symbol}` };
  const reference = referencePrice(bar, rules.fill);
  const price = limitFillPrice(order, bar, reference);
  if (price === undefined) return { kind: 'none', reason: `limit ${order.limitPrice} not traded through` };
  const cap = Math.floor(rules.participationRate * bar.volume);
  const quantity = Math.min(remaining, cap);
  if (quantity <= 0) return { kind: 'none', reason: `participation cap ${cap} shares` };
  const tradedPrice = rules.priceBasis.tradedPrice(order.symbol, day, price);
  const tradedQuantity = rules.priceBasis.tradedShares(order.symbol, day, quantity);
  const fill: Fill = {
    orderId: order.id,
    pairId: order.pairId,
    leg: order.leg,
    symbol: order.symbol,
    side: order.side,
    quantity,
    price,
    tradedPrice,
    tradedQuantity,
    signalDay: order.decidedOn,
    fillDay: day,
    costs: rules.costModel.costs({ side: order.side, day, quantity, price, tradedQuantity, tradedPrice, sigma: stats.sigma, adv: stats.adv }),
  };
  return { kind: 'fill', fill, remaining: remaining - quantity, cap };
}

function limitFillPrice(order: Order, bar: SessionBar, reference: number): number | undefined {
  if (order.type === 'MARKET' || order.limitPrice === undefined) return reference;
  const limit = order.limitPrice;
  const buying = order.side === 'BUY' || order.side === 'BUY_TO_COVER';
  if (buying) return bar.low < limit ? Math.min(reference, limit) : undefined;
  return bar.high > limit ? Math.max(reference, limit) : undefined;
}
