import { riskConfigSchema, type RiskConfig, type RiskConfigInput } from '../../../src/shared/domain/risk';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { exchangeInstant } from '../../../src/main/core/time/exchange-time';
import type { PreTradeLeg, PreTradeRequest, PreTradeSnapshot } from '../../../src/main/risk/core/pre-trade-request';
import type { CheckInput } from '../../../src/main/risk/core/pre-trade-check';

/** Tuesday 2026-12-01, 11:00 New York: a regular trading day, the regular session open. */
export const DAY = epochDayFromIso('2026-12-01');
export const NOW = exchangeInstant(DAY, 11 * 60);

export function leg(symbol: string, side: 'buy' | 'sell', quantity: number, price: number, extra: Partial<PreTradeLeg> = {}): PreTradeLeg {
  return {
    symbol,
    side,
    quantity,
    orderType: 'limit',
    limitPrice: price,
    decisionPrice: price,
    quoteTime: NOW - 1_000,
    signedNotional: (side === 'buy' ? 1 : -1) * quantity * price,
    ...extra,
  };
}

/** Long 1,000 KO at $60, short 400 PEP at $150: $60k a side on $1M equity. */
export function request(overrides: Partial<PreTradeRequest> = {}): PreTradeRequest {
  return {
    pairId: 'KO/PEP',
    intent: 'open',
    legs: [leg('KO', 'buy', 1_000, 60), leg('PEP', 'sell', 400, 150)],
    equity: 1_000_000,
    peakEquity: 1_000_000,
    openPairs: 0,
    exposures: new Map(),
    clientOrderId: 'po-1',
    timeInForce: 'day',
    session: 'regular',
    forDay: DAY,
    submittedAt: NOW,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<PreTradeSnapshot> = {}): PreTradeSnapshot {
  return {
    now: NOW,
    tradingStatus: 'ACTIVE',
    positions: new Map(),
    lastTrades: new Map([
      ['KO', { price: 60, time: NOW - 500 }],
      ['PEP', { price: 150, time: NOW - 500 }],
    ]),
    shortable: new Map([
      ['KO', true],
      ['PEP', true],
    ]),
    sectors: new Map([
      ['KO', 'Consumer Staples'],
      ['PEP', 'Consumer Staples'],
    ]),
    buyingPower: 500_000,
    recentSubmissions: [],
    recentFingerprints: new Map(),
    returns: undefined,
    ...overrides,
  };
}

export function config(input: RiskConfigInput = {}): RiskConfig {
  return riskConfigSchema.parse(input);
}

export function input(req: Partial<PreTradeRequest> = {}, snap: Partial<PreTradeSnapshot> = {}, cfg: RiskConfigInput = {}): CheckInput {
  return { request: request(req), snapshot: snapshot(snap), config: config(cfg) };
}
