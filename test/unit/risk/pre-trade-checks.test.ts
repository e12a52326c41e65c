import { describe, expect, it } from 'vitest';
import type { RiskCheckResult } from '../../../src/main/engine/risk-check';
import type { NamedCheck } from '../../../src/main/risk/core/pre-trade-check';
import { orderSizeCheck } from '../../../src/main/risk/core/checks/order-size.check';
import { exposureCheck } from '../../../src/main/risk/core/checks/exposure.check';
import { sectorExposureCheck } from '../../../src/main/risk/core/checks/sector-exposure.check';
import { openPairsCheck } from '../../../src/main/risk/core/checks/open-pairs.check';
import { concentrationCheck } from '../../../src/main/risk/core/checks/concentration.check';
import { priceBandCheck } from '../../../src/main/risk/core/checks/price-band.check';
import { orderRateCheck } from '../../../src/main/risk/core/checks/order-rate.check';
import { duplicateOrderCheck, orderFingerprint } from '../../../src/main/risk/core/checks/duplicate-order.check';
import { shortabilityCheck } from '../../../src/main/risk/core/checks/shortability.check';
import { buyingPowerCheck } from '../../../src/main/risk/core/checks/buying-power.check';
import { quoteFreshnessCheck } from '../../../src/main/risk/core/checks/quote-freshness.check';
import { tradingStateCheck } from '../../../src/main/risk/core/checks/trading-state.check';
import { input, leg, NOW, request } from './pre-trade-fixture';

function run(check: NamedCheck, ...args: Parameters<typeof input>): RiskCheckResult[] {
  return [...check.evaluate(input(...args))];
}

function only(results: RiskCheckResult[], name: string): RiskCheckResult {
  const found = results.find((result) => result.name === name);
  if (found === undefined) throw new Error(`no result ${name} in ${results.map((r) => r.name).join(', ')}`);
  return found;
}

function expectResult(result: RiskCheckResult, passed: boolean, value: number, limit: number): void {
  expect(result.passed, result.message).toBe(passed);
  expect(result.value).toBeCloseTo(value, 9);
  expect(result.limit).toBeCloseTo(limit, 9);
}

describe('order size', () => {
  it('refuses a leg over the notional limit and one over the share limit, with the numbers', () => {
    const results = run(orderSizeCheck, { legs: [leg('KO', 'buy', 5_000, 60), leg('PEP', 'sell', 12_000, 15)] }, {}, { limits: { maxOrderNotional: 250_000, maxOrderShares: 10_000 } });
    expect(only(results, 'order_notional:KO')).toMatchObject({ passed: false, value: 300_000, limit: 250_000 });
    expect(only(results, 'order_shares:KO')).toMatchObject({ passed: true, value: 5_000 });
    expect(only(results, 'order_notional:PEP')).toMatchObject({ passed: true, value: 180_000 });
    expect(only(results, 'order_shares:PEP')).toMatchObject({ passed: false, value: 12_000, limit: 10_000 });
    expect(only(results, 'order_notional:KO').message).toContain('$300,000 vs limit $250,000');
  });
});

describe('exposure', () => {
  it('refuses gross, net and symbol exposure over their limits after the order', () => {
    // Already long $700k KO across pairs; buying $60k more KO and shorting $60k PEP.
    const results = run(exposureCheck, { exposures: new Map([['KO', 700_000], ['XOM', 1_000_000]]) }, {}, { limits: { maxGrossExposure: 1.5, maxNetExposure: 1.5, maxSymbolExposure: 0.75 } });
    // Gross 760k + 1M + 60k = 1.82M; net 760k + 1M − 60k = 1.70M; KO 760k; on $1M equity.
    expectResult(only(results, 'gross_exposure'), false, 1.82, 1.5);
    expectResult(only(results, 'net_exposure'), false, 1.7, 1.5);
    expectResult(only(results, 'symbol_exposure:KO'), false, 0.76, 0.75);
    expectResult(only(results, 'symbol_exposure:PEP'), true, 0.06, 0.75);
  });

  it('fails closed without equity', () => {
    expect(run(exposureCheck, { equity: undefined })).toEqual([expect.objectContaining({ name: 'exposure', passed: false })]);
  });
});

describe('sector exposure', () => {
  it('refuses an order that takes one sector past its net limit', () => {
    // Long $400k KO already; KO and PEP both Consumer Staples: 400k + 60k − 60k = 400k, then a third staple adds more.
    const results = run(
      sectorExposureCheck,
      { legs: [leg('KO', 'buy', 1_000, 60), leg('XOM', 'sell', 600, 100)], exposures: new Map([['KO', 400_000], ['PG', 150_000]]) },
      { sectors: new Map([['KO', 'Consumer Staples'], ['PG', 'Consumer Staples'], ['XOM', 'Energy']]) },
      { limits: { maxSectorExposure: 0.6 } },
    );
    expectResult(only(results, 'sector_exposure:Consumer Staples'), false, 0.61, 0.6);
    expectResult(only(results, 'sector_exposure:Energy'), true, 0.06, 0.6);
  });

  it('fails closed for a symbol without a sector', () => {
    const [result] = run(sectorExposureCheck, {}, { sectors: new Map([['KO', 'Consumer Staples']]) });
    expect(result).toMatchObject({ passed: false, name: 'sector_exposure' });
    expect(result?.message).toContain('no sector known for PEP');
  });
});

describe('open pairs and concentration', () => {
  it('refuses the pair that would exceed the open-pairs limit', () => {
    expect(run(openPairsCheck, { openPairs: 3 }, {}, { limits: { maxOpenPairs: 3 } })).toEqual([expect.objectContaining({ name: 'max_open_pairs', passed: false, value: 4, limit: 3 })]);
    expect(run(openPairsCheck, { openPairs: 2 }, {}, { limits: { maxOpenPairs: 3 } })[0]?.passed).toBe(true);
  });

  it('refuses an order that puts too much of gross exposure in one symbol, above the floor only', () => {
    // Book: KO 200k, XOM 100k, CVX 100k; order adds KO +60k, PEP −60k. Gross 520k, KO 260k = 50%.
    const exposures = new Map([['KO', 200_000], ['XOM', 100_000], ['CVX', -100_000]]);
    const results = run(concentrationCheck, { exposures }, {}, { limits: { maxConcentration: 0.4, concentrationFloor: 0.25 } });
    expectResult(only(results, 'concentration:KO'), false, 0.5, 0.4);
    expectResult(only(results, 'concentration:PEP'), true, 60 / 520, 0.4);
    // Below the floor (gross 0.12× equity) the first pair is not refused for being concentrated.
    expect(run(concentrationCheck, {}, {}, { limits: { maxConcentration: 0.4, concentrationFloor: 0.25 } })).toEqual([expect.objectContaining({ name: 'concentration', passed: true })]);
  });
});

describe('price band (fat finger)', () => {
  it('refuses a limit too far from the last trade and fails closed without one', () => {
    const results = run(priceBandCheck, { legs: [leg('KO', 'buy', 1_000, 66), leg('PEP', 'sell', 400, 150)] }, { lastTrades: new Map([['KO', { price: 60, time: NOW }]]) }, { limits: { priceBand: 0.05 } });
    expectResult(only(results, 'price_band:KO'), false, 0.1, 0.05);
    expect(only(results, 'price_band:PEP')).toMatchObject({ passed: false, message: 'no last trade for PEP: failing closed' });
  });
});

describe('order rate', () => {
  it('refuses the sixth order in a second and the 61st in a minute', () => {
    const burst = [NOW - 900, NOW - 700, NOW - 500, NOW - 300, NOW - 100];
    const perSecond = run(orderRateCheck, {}, { recentSubmissions: burst }, { limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 60 } });
    expectResult(only(perSecond, 'order_rate_second'), false, 6, 5);
    expectResult(only(perSecond, 'order_rate_minute'), true, 6, 60);
    const minute = Array.from({ length: 60 }, (_, i) => NOW - 59_000 + i * 900);
    const perMinute = run(orderRateCheck, {}, { recentSubmissions: minute }, { limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 60 } });
    expectResult(only(perMinute, 'order_rate_minute'), false, 61, 60);
  });
});

describe('duplicate orders', () => {
  it('refuses the same order again inside the window, not a different quantity or a later repeat', () => {
    const fingerprint = orderFingerprint(request());
    const seen = new Map([[fingerprint, NOW - 1_200]]);
    expect(run(duplicateOrderCheck, {}, { recentFingerprints: seen }, { limits: { duplicateWindowMs: 5_000 } })).toEqual([
      expect.objectContaining({ name: 'duplicate_order', passed: false, value: 1_200, limit: 5_000 }),
    ]);
    expect(run(duplicateOrderCheck, { legs: [leg('KO', 'buy', 1_001, 60), leg('PEP', 'sell', 400, 150)] }, { recentFingerprints: seen })[0]?.passed).toBe(true);
    expect(run(duplicateOrderCheck, {}, { recentFingerprints: new Map([[fingerprint, NOW - 6_000]]) }, { limits: { duplicateWindowMs: 5_000 } })[0]?.passed).toBe(true);
  });
});

describe('shortability, buying power and margin', () => {
  it('refuses a short the broker says is not shortable, and fails closed when it does not know', () => {
    const refused = run(shortabilityCheck, {}, { shortable: new Map([['PEP', false]]) });
    expect(refused).toEqual([expect.objectContaining({ name: 'shortable:PEP', passed: false, value: 400 })]);
    const unknown = run(shortabilityCheck, {}, { shortable: new Map() });
    expect(unknown[0]?.message).toContain('does not say whether PEP is shortable');
    // Selling PEP that is held long (500 shares) opens no short: nothing to ask the broker.
    expect(run(shortabilityCheck, {}, { shortable: new Map(), positions: new Map([['PEP', 500]]) })).toEqual([expect.objectContaining({ name: 'shortable', passed: true })]);
  });

  it('refuses an order whose initial margin exceeds buying power, counting only the growth of positions', () => {
    // Margin 0.5 × $60k + 0.5 × $60k = $60k against $50k.
    expectResult(run(buyingPowerCheck, {}, { buyingPower: 50_000 })[0] ?? fail(), false, 60_000, 50_000);
    // Buying 1,000 KO covers a 1,000 short: no new margin; only PEP's new $60k short needs 0.5 × $60k.
    expectResult(run(buyingPowerCheck, {}, { buyingPower: 50_000, positions: new Map([['KO', -1_000]]) })[0] ?? fail(), true, 30_000, 50_000);
    expect(run(buyingPowerCheck, {}, { buyingPower: undefined })[0]).toMatchObject({ passed: false, message: 'the broker reported no buying power: failing closed' });
  });
});

describe('quote freshness (audit 3.2)', () => {
  it('refuses sizing from a stale quote', () => {
    const results = run(quoteFreshnessCheck, { legs: [leg('KO', 'buy', 1_000, 60, { quoteTime: NOW - 20_000 }), leg('PEP', 'sell', 400, 150)] }, {}, { limits: { maxQuoteAgeMs: 15_000 } });
    expectResult(only(results, 'quote_age:KO'), false, 20_000, 15_000);
    expectResult(only(results, 'quote_age:PEP'), true, 1_000, 15_000);
  });
});

describe('trading state', () => {
  it('in REDUCE_ONLY lets only orders through that shrink every position', () => {
    const held = new Map([['KO', -1_000], ['PEP', 400]]);
    // Buying back 1,000 KO and selling 400 PEP closes the pair: allowed.
    expect(run(tradingStateCheck, { intent: 'close' }, { tradingStatus: 'REDUCE_ONLY', positions: held })[0]).toMatchObject({ name: 'reduce_only', passed: true });
    // The same order on a flat book opens a pair: refused, whatever intent it claims.
    expect(run(tradingStateCheck, { intent: 'close' }, { tradingStatus: 'REDUCE_ONLY' })[0]).toMatchObject({ name: 'reduce_only', passed: false });
    // Buying 1,500 against a 1,000 short flips it long: refused.
    expect(run(tradingStateCheck, { legs: [leg('KO', 'buy', 1_500, 60)] }, { tradingStatus: 'REDUCE_ONLY', positions: held })[0]?.passed).toBe(false);
    expect(run(tradingStateCheck, {}, { tradingStatus: 'HALTED', positions: held })[0]).toMatchObject({ name: 'trading_state', passed: false });
  });
});

function fail(): never {
  throw new Error('the check returned no result');
}
