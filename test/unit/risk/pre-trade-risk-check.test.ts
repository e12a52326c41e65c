import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import type { RiskRequest } from '../../../src/main/engine/risk-check';
import { defaultPreTradeChecks } from '../../../src/main/risk/core/checks';
import { PreTradeRiskCheck, type NamedCheck } from '../../../src/main/risk/core/pre-trade-check';
import type { PreTradeRequest, PreTradeSnapshot } from '../../../src/main/risk/core/pre-trade-request';
import { SubmissionLog } from '../../../src/main/risk/core/submission-log';
import { config, leg, NOW, request, snapshot } from './pre-trade-fixture';

const returns = {
  candidate: Float64Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 0.001 : -0.001)),
  openPairs: new Map<string, Float64Array>(),
};

function riskCheck(snap: Partial<PreTradeSnapshot> = {}, checks: NamedCheck[] = defaultPreTradeChecks()) {
  const decisions: boolean[] = [];
  const check = new PreTradeRiskCheck({
    checks,
    source: { snapshot: () => snapshot({ returns, ...snap }) },
    config: () => config(),
    clock: new ManualClock(NOW),
    onDecision: (decision) => decisions.push(decision.allowed),
  });
  return { check, decisions };
}

describe('PreTradeRiskCheck (the engine risk port for the desk)', () => {
  it('passes a sound order with every check listed, and refuses one failing check while still listing the others', () => {
    const { check, decisions } = riskCheck();
    const allowed = check.check(request());
    expect(allowed.allowed, JSON.stringify(allowed.checks.filter((c) => !c.passed))).toBe(true);
    expect(allowed.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['trading_state', 'session', 'quote_age:KO', 'order_notional:PEP', 'price_band:KO', 'order_rate_second', 'duplicate_order', 'shortable:PEP', 'buying_power', 'max_open_pairs', 'gross_exposure', 'sector_exposure:Consumer Staples', 'concentration', 'portfolio_volatility', 'pair_correlation']));
    const refused = check.check(request({ legs: [leg('KO', 'buy', 1_000, 60, { quoteTime: NOW - 60_000 }), leg('PEP', 'sell', 400, 150)] }));
    expect(refused.allowed).toBe(false);
    expect(refused.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['quote_age:KO']);
    expect(refused.checks.length).toBe(allowed.checks.length);
    expect(decisions).toEqual([true, false]);
  });

  it('fails closed for a bare engine request, a snapshot that throws and a check that throws', () => {
    const bare: RiskRequest = { pairId: 'KO/PEP', intent: 'open', legs: [], equity: 1, peakEquity: 1, openPairs: 0, exposures: new Map() };
    expect(riskCheck().check.check(bare)).toMatchObject({ allowed: false, checks: [{ name: 'request', passed: false }] });
    const broken = new PreTradeRiskCheck({ checks: defaultPreTradeChecks(), source: { snapshot: () => { throw new Error('broker down'); } }, config: () => config(), clock: new ManualClock(NOW) });
    expect(broken.check(request())).toMatchObject({ allowed: false, checks: [{ name: 'snapshot', message: 'could not gather the account and market facts for KO/PEP: broker down' }] });
    const throwing: NamedCheck = { name: 'boom', appliesToClosing: true, evaluate: () => { throw new Error('bad maths'); } };
    expect(riskCheck({}, [throwing]).check.check(request())).toMatchObject({ allowed: false, checks: [{ name: 'boom', passed: false, message: 'boom failed: bad maths' }] });
  });

  it('lets a real close skip the exposure limits, but not a "close" that opens a position', () => {
    const held = new Map([['KO', -1_000], ['PEP', 400]]);
    const exposures = new Map([['KO', -3_000_000], ['PEP', 60_000]]);
    const { check } = riskCheck({ positions: held });
    const close = check.check(request({ intent: 'close', exposures }));
    expect(close.allowed, JSON.stringify(close.checks.filter((c) => !c.passed))).toBe(true);
    expect(close.checks.some((c) => c.name === 'gross_exposure')).toBe(false);
    const fake = riskCheck().check.check(request({ intent: 'close', exposures }));
    expect(fake.allowed).toBe(false);
    expect(fake.checks.find((c) => c.name === 'gross_exposure')).toMatchObject({ passed: false });
  });
});

describe('SubmissionLog (what the rate and duplicate checks look back on)', () => {
  it('feeds the checks: a repeat is a duplicate and a burst exceeds the rate, then both age out', () => {
    const log = new SubmissionLog(() => 5_000);
    const source = { snapshot: (req: PreTradeRequest) => snapshot({ returns, recentSubmissions: log.recentSubmissions(req.submittedAt), recentFingerprints: log.recentFingerprints(req.submittedAt) }) };
    const check = new PreTradeRiskCheck({ checks: defaultPreTradeChecks(), source, config: () => config(), clock: new ManualClock(NOW) });
    const first = request();
    expect(check.check(first).allowed).toBe(true);
    log.record(first);
    const again = check.check(request({ clientOrderId: 'po-2', submittedAt: NOW + 100 }));
    expect(again.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['duplicate_order']);
    expect(log.recentFingerprints(NOW + 5_000).size).toBe(0);
    for (let i = 1; i <= 4; i += 1) log.record(request({ legs: [leg('KO', 'buy', 1_000 + i, 60), leg('PEP', 'sell', 400, 150)], submittedAt: NOW + i * 100 }));
    const sixth = check.check(request({ legs: [leg('KO', 'buy', 2_000, 60), leg('PEP', 'sell', 400, 150)], submittedAt: NOW + 900 }));
    expect(sixth.checks.find((c) => c.name === 'order_rate_second')).toMatchObject({ passed: false, value: 6, limit: 5 });
    expect(log.recentSubmissions(NOW + 60_300)).toEqual([NOW + 400]);
  });
});
