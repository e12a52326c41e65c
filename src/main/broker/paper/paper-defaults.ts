import { defaultModelCosts } from '../../backtest/backtest-config';
import { BorrowTable } from '../../backtest/borrow-table';
import { CostModel } from '../../backtest/cost-model';
import type { FillRules } from '../../backtest/fill-rules';
import { storedIsTraded } from '../../engine/ports';

/** Starting cash of a paper account (and of each epoch after a reset, unless told otherwise). */
export const DEFAULT_PAPER_CASH = 100_000;

/**
 * The paper broker's fill rules and borrow table: the backtester's defaults, so paper and
 * backtest fill alike. One place, because the app's paper desk and the CLI (`arbdesk paper
 * reset`) must open the same account the same way (a restore replays with these rules).
 */
export function paperBrokerDefaults(): { readonly rules: FillRules; readonly borrow: BorrowTable } {
  const costs = defaultModelCosts();
  return {
    // Stored basis: the paper broker prices what the store holds (priceBasis is the identity).
    rules: { fill: 'next_open', participationRate: 0.1, costModel: new CostModel(costs.transactionCosts), priceBasis: storedIsTraded },
    borrow: new BorrowTable(costs.borrow.generalCollateralRate, costs.borrow.table),
  };
}
