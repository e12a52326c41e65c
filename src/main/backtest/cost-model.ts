import { assertNever } from '../../shared/ipc/errors';
import type { EpochDay } from '../core/time/epoch-day';
import { isSale, roundCents, type CostBreakdown, type OrderSide } from '../engine/domain';
import { compileSchedule, finraTafSchedule, rateOn, secSection31Schedule, type DatedRate, type SecFeeRate, type TafRate } from './fee-schedules';

/**
 * Per-fill transaction costs, each itemized and rounded to the cent. Notional is
 * quantity × reference price on the stored basis, which equals traded shares × traded price;
 * per-share items (commission, TAF) use the traded share count, so a split-adjusted history
 * is charged what the broker really charged (700 adjusted AAPL shares in 2013 were 100).
 *
 *   commission  per_share: perShare · traded shares, clamped to [minimum, maximum] and to
 *               maxPercentOfValue · notional (IBKR fixed style); per_order: a flat amount; zero.
 *   sec_fee     sales only: rate(day) · notional (Section 31, dated schedule or a fixed rate).
 *   finra_taf   sales only: min(perShare · traded shares, maxPerTrade).
 *   slippage    half-spread: bps / 10⁴ · notional.
 *   impact      square root: coefficient · σ · √(Q / ADV) · notional, with σ the trailing
 *               daily volatility of log returns and ADV the trailing mean volume (both from
 *               bars before the fill's session, so known at decision time).
 */

export type CommissionConfig =
  | { readonly kind: 'zero' }
  | { readonly kind: 'per_share'; readonly perShare: number; readonly minimum: number; readonly maximum?: number; readonly maxPercentOfValue?: number }
  | { readonly kind: 'per_order'; readonly amount: number };

export type SecFeeConfig = { readonly kind: 'none' } | { readonly kind: 'schedule' } | { readonly kind: 'fixed'; readonly perMillion: number };

export type TafConfig = { readonly kind: 'none' } | { readonly kind: 'schedule' } | { readonly kind: 'fixed'; readonly perShare: number; readonly maxPerTrade: number };

export interface ImpactConfig {
  readonly coefficient: number;
  /** Trailing bars for σ and ADV. */
  readonly window: number;
}

export interface TransactionCostConfig {
  readonly commission: CommissionConfig;
  readonly secFee: SecFeeConfig;
  readonly finraTaf: TafConfig;
  readonly slippageBps: number;
  readonly impact: ImpactConfig;
}

export interface FillCostInput {
  readonly side: OrderSide;
  readonly day: EpochDay;
  readonly quantity: number;
  readonly price: number;
  readonly tradedQuantity: number;
  readonly tradedPrice: number;
  /** Trailing daily σ of log returns and mean volume (stored basis); NaN when unknown. */
  readonly sigma: number;
  readonly adv: number;
}

export class CostModel {
  private readonly sec: readonly DatedRate<SecFeeRate>[] = compileSchedule(secSection31Schedule);
  private readonly taf: readonly DatedRate<TafRate>[] = compileSchedule(finraTafSchedule);

  constructor(readonly config: TransactionCostConfig) {}

  costs(input: FillCostInput): CostBreakdown {
    const notional = input.quantity * input.price;
    const sale = isSale(input.side);
    return {
      commission: roundCents(this.commission(input, notional)),
      secFee: sale ? roundCents(this.secRate(input.day) * notional) : 0,
      finraTaf: sale ? roundCents(this.tafFor(input)) : 0,
      slippage: roundCents((this.config.slippageBps / 10_000) * notional),
      impact: roundCents(this.impact(input, notional)),
    };
  }

  /** Fee per dollar of sale proceeds on `day`. */
  secRate(day: EpochDay): number {
    const config = this.config.secFee;
    switch (config.kind) {
      case 'none':
        return 0;
      case 'fixed':
        return config.perMillion / 1_000_000;
      case 'schedule':
        return (rateOn(this.sec, day)?.perMillion ?? 0) / 1_000_000;
      default:
        return assertNever(config, 'SEC fee config');
    }
  }

  private tafFor(input: FillCostInput): number {
    const config = this.config.finraTaf;
    switch (config.kind) {
      case 'none':
        return 0;
      case 'fixed':
        return Math.min(config.perShare * input.tradedQuantity, config.maxPerTrade);
      case 'schedule': {
        const rate = rateOn(this.taf, input.day);
        return rate === undefined ? 0 : Math.min(rate.perShare * input.tradedQuantity, rate.maxPerTrade);
      }
      default:
        return assertNever(config, 'TAF config');
    }
  }

  private commission(input: FillCostInput, notional: number): number {
    const config = this.config.commission;
    switch (config.kind) {
      case 'zero':
        return 0;
      case 'per_order':
        return config.amount;
      case 'per_share': {
        let fee = Math.max(config.perShare * input.tradedQuantity, config.minimum);
        if (config.maximum !== undefined) fee = Math.min(fee, config.maximum);
        if (config.maxPercentOfValue !== undefined) fee = Math.min(fee, config.maxPercentOfValue * notional);
        return fee;
      }
      default:
        return assertNever(config, 'commission config');
    }
  }

  private impact(input: FillCostInput, notional: number): number {
    const { coefficient } = this.config.impact;
    if (coefficient === 0 || !(input.sigma > 0) || !(input.adv > 0)) return 0;
    return coefficient * input.sigma * Math.sqrt(input.quantity / input.adv) * notional;
  }
}

export const zeroTransactionCosts: TransactionCostConfig = {
  commission: { kind: 'zero' },
  secFee: { kind: 'none' },
  finraTaf: { kind: 'none' },
  slippageBps: 0,
  impact: { coefficient: 0, window: 20 },
};
