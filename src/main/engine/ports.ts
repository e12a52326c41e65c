import type { EpochDay } from '../core/time/epoch-day';
import type { Fill, Order } from './domain';

/**
 * The engine's edges. The venue and the clock are the only things that differ between a
 * backtest, the paper desk and a live broker; everything behind these ports is one path.
 */

/** What a venue reports about an order. A live venue may report `unknown` (a lost ack). */
export type VenueEvent =
  | { readonly kind: 'accepted'; readonly orderId: string }
  | { readonly kind: 'rejected'; readonly orderId: string; readonly reason: string }
  | { readonly kind: 'fill'; readonly orderId: string; readonly fill: Fill }
  | { readonly kind: 'expired'; readonly orderId: string; readonly reason: string }
  | { readonly kind: 'cancelled'; readonly orderId: string; readonly reason: string }
  | { readonly kind: 'cancel_rejected'; readonly orderId: string; readonly reason: string }
  | { readonly kind: 'unknown'; readonly orderId: string; readonly reason: string };

export type VenueListener = (event: VenueEvent) => void;

/**
 * Where orders go. Outcomes arrive only as events through the listener: synchronously from
 * the simulated exchange, later from a broker's order-status stream. Nothing backtest
 * specific (bars, cost tables) appears here.
 */
export interface Venue {
  submit(order: Order): void;
  cancel(orderId: string): void;
  /** Subscribes to order events; returns the unsubscribe. */
  onEvent(listener: VenueListener): () => void;
}

/**
 * The as-traded price and share count for a price or quantity on the stored basis. The data
 * layer's price-basis module (data/actions/price-basis.ts) implements it outside the engine;
 * on the raw basis both are the identity.
 */
export interface PriceBasisPort {
  tradedPrice(symbol: string, day: EpochDay, storedPrice: number): number;
  tradedShares(symbol: string, day: EpochDay, storedShares: number): number;
}

/** The stored basis is the traded one (raw bars, or a symbol with no known actions). */
export const storedIsTraded: PriceBasisPort = {
  tradedPrice: (_symbol, _day, storedPrice) => storedPrice,
  tradedShares: (_symbol, _day, storedShares) => storedShares,
};
