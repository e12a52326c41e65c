import { BorrowTable, type BorrowEntry } from '../../../src/main/backtest/borrow-table';
import { CostModel, type TransactionCostConfig } from '../../../src/main/backtest/cost-model';
import type { FillRules, SessionBar } from '../../../src/main/backtest/fill-rules';
import type { AuditService } from '../../../src/main/audit/audit.service';
import { PaperBroker } from '../../../src/main/broker/paper/paper-broker';
import type { QuoteFeed } from '../../../src/main/broker/quotes/quote-feed';
import type { ManualClock } from '../../../src/main/core/time/clock';
import type { EpochDay } from '../../../src/main/core/time/epoch-day';
import type { Order, OrderSide, OrderType } from '../../../src/main/engine/domain';
import { storedIsTraded } from '../../../src/main/engine/ports';
import type { Store } from '../../../src/main/store/db';
import { createPaperBrokerRepo } from '../../../src/main/store/repos/paper-broker.repo';

/** IBKR-like fixed costs with fixed SEC/TAF rates, so golden numbers can be worked by hand. */
export const goldenCosts: TransactionCostConfig = {
  commission: { kind: 'per_share', perShare: 0.005, minimum: 1, maxPercentOfValue: 0.01 },
  secFee: { kind: 'fixed', perMillion: 27.8 },
  finraTaf: { kind: 'fixed', perShare: 0.000166, maxPerTrade: 8.3 },
  slippageBps: 2,
  impact: { coefficient: 0.5, window: 20 },
};

export function goldenRules(participationRate = 0.1, costs: TransactionCostConfig = goldenCosts): FillRules {
  return { fill: 'next_open', participationRate, costModel: new CostModel(costs), priceBasis: storedIsTraded };
}

export const noQuotes: QuoteFeed = { source: 'stored_bars', latest: async () => [] };

export function openPaper(store: Store, clock: ManualClock, borrow: readonly BorrowEntry[] = [], initialCash = 100_000, audit?: AuditService): PaperBroker {
  return PaperBroker.open({
    ...(audit === undefined ? {} : { audit }),
    repo: createPaperBrokerRepo(store.db),
    clock,
    initialCash,
    rules: goldenRules(),
    borrow: new BorrowTable(0.0025, borrow),
    quotes: noQuotes,
  });
}

export function order(
  id: string,
  symbol: string,
  side: OrderSide,
  quantity: number,
  forSession: EpochDay,
  options: { type?: OrderType; limitPrice?: number; pairId?: string; leg?: 'y' | 'x' } = {},
): Order {
  return {
    id,
    pairId: options.pairId ?? 'P',
    leg: options.leg ?? 'y',
    symbol,
    side,
    quantity,
    type: options.type ?? 'MARKET',
    ...(options.limitPrice === undefined ? {} : { limitPrice: options.limitPrice }),
    timeInForce: 'DAY',
    forSession,
    decidedOn: forSession - 3,
    status: 'submitted',
    filledQuantity: 0,
    history: [],
  };
}

export function bars(table: Record<string, SessionBar>): (symbol: string) => SessionBar | undefined {
  return (symbol) => table[symbol];
}

/** σ and ADV unknown: the impact model charges nothing (the golden numbers have no impact). */
export const noStats = () => ({ sigma: Number.NaN, adv: Number.NaN });
