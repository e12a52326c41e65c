import type { EpochDay } from '../../core/time/epoch-day';
import type { RiskLegRequest, RiskRequest } from '../../engine/risk-check';
import type { TradingStatus } from '../../../shared/domain/trading';

/**
 * What the live desk knows about an order beyond the engine's RiskRequest. The engine's port
 * stays the one entry point: the desk passes a `PreTradeRequest` (a RiskRequest with these
 * fields), and a check whose input is missing fails closed with a message saying what was
 * missing, so a caller that forgets a field cannot slip an order past a check.
 */
export interface PreTradeLeg extends RiskLegRequest {
  readonly side: 'buy' | 'sell';
  /** Shares, positive. */
  readonly quantity: number;
  readonly orderType: 'market' | 'limit';
  /** Null for market orders. */
  readonly limitPrice: number | null;
  /** The price the order was sized at (a quote's mid or last). */
  readonly decisionPrice: number;
  /** Epoch ms of the quote the order was sized and priced from. */
  readonly quoteTime: number;
}

export type TimeInForce = 'day' | 'gtc' | 'opg';
export type SessionKind = 'regular' | 'extended';

export interface PreTradeRequest extends RiskRequest {
  readonly legs: readonly PreTradeLeg[];
  /** The desk's id for the pair order (duplicate detection keys on content, not on this). */
  readonly clientOrderId: string;
  readonly timeInForce: TimeInForce;
  /** The session the order is for: the engine's daily strategies submit for the next one. */
  readonly session: SessionKind;
  readonly forDay: EpochDay;
  /** Epoch ms the order is being submitted. */
  readonly submittedAt: number;
}

export function isPreTradeRequest(request: RiskRequest): request is PreTradeRequest {
  const candidate = request as Partial<PreTradeRequest>;
  return typeof candidate.clientOrderId === 'string' && typeof candidate.forDay === 'number' && typeof candidate.submittedAt === 'number';
}

export interface LastTrade {
  readonly price: number;
  readonly time: number;
}

/**
 * The account and market facts the checks need at the moment of the check, gathered by the
 * desk (its broker port, positions and quote feed). Everything is a value: a check never
 * reaches out for more.
 */
export interface PreTradeSnapshot {
  readonly now: number;
  readonly tradingStatus: TradingStatus;
  /** Current signed shares per symbol across every pair. */
  readonly positions: ReadonlyMap<string, number>;
  readonly lastTrades: ReadonlyMap<string, LastTrade>;
  /** Undefined: the broker does not know. A short sale then fails closed. */
  readonly shortable: ReadonlyMap<string, boolean>;
  readonly sectors: ReadonlyMap<string, string>;
  /** Undefined when the broker did not report it: buying-power and margin checks fail closed. */
  readonly buyingPower: number | undefined;
  /** Epoch ms of the orders this desk submitted recently (rate limits), oldest first. */
  readonly recentSubmissions: readonly number[];
  /** Content fingerprints of recent orders with when they were submitted (duplicate detection). */
  readonly recentFingerprints: ReadonlyMap<string, number>;
  /**
   * Aligned trailing daily returns for the correlation limit: `spreads` per open pair
   * (dollar P&L per unit of equity of the pair as held) and `candidate` for the new one.
   * Undefined when not available: the correlation check fails closed for opening orders.
   */
  readonly returns: CorrelationInputs | undefined;
}

export interface CorrelationInputs {
  /** Daily returns of the candidate pair's spread, as it would be held, per unit of equity. */
  readonly candidate: Float64Array;
  /** The same for each open pair, same length and days. */
  readonly openPairs: ReadonlyMap<string, Float64Array>;
}

/** The desk fills this for every check; it never throws for a missing fact (undefined instead). */
export interface PreTradeSnapshotSource {
  snapshot(request: PreTradeRequest): PreTradeSnapshot;
}
