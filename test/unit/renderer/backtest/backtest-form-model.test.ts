import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKTEST_FORM,
  addPair,
  configFromForm,
  parsePairInput,
  placeServerError,
} from '../../../../src/renderer/stores/backtest-form-model';
import { parseBacktestConfig } from '../../../../src/main/backtest/backtest-config';
import { AppError } from '../../../../src/shared/ipc/errors';

const withPair = { ...DEFAULT_BACKTEST_FORM, pairs: [{ y: 'KO', x: 'PEP' }] };

/** What main answers for a config: the real parser's AppError on the wire. */
function refusal(config: unknown): { message: string; details?: Record<string, unknown> } {
  try {
    parseBacktestConfig(config);
  } catch (error) {
    if (error instanceof AppError) return error.toWire();
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('backtest form → config JSON', () => {
  it('builds the issue’s example config, leaving costs out for the realistic default', () => {
    const built = configFromForm(withPair);
    if (!built.ok) throw new Error(JSON.stringify(built.fieldErrors));
    expect('costs' in built.config).toBe(false);
    const parsed = parseBacktestConfig(built.config);
    expect(parsed.costsMode).toBe('model');
    expect(parsed.pairs).toEqual([{ y: 'KO', x: 'PEP' }]);
    expect(parsed.strategy).toMatchObject({ kind: 'zscore', lookback: 60, entry: 2, exit: 0.5, stop: 4 });
    expect(parsed.capital).toBe(1_000_000);
    expect(parsed.fill).toBe('next_open');
  });

  it('sends "none" for no costs and the edited rates for custom costs', () => {
    const none = configFromForm({ ...withPair, costs: 'none', slippageBps: 'half-typed' });
    expect(none.ok && none.config['costs']).toBe('none');
    const custom = configFromForm({ ...withPair, costs: 'custom', slippageBps: '5', borrowRate: '0.01', commissionPerShare: '0' });
    if (!custom.ok) throw new Error(JSON.stringify(custom.fieldErrors));
    const parsed = parseBacktestConfig(custom.config);
    expect(parsed.transactionCosts.slippageBps).toBe(5);
    expect(parsed.borrow.generalCollateralRate).toBe(0.01);
    expect(parsed.transactionCosts.commission).toMatchObject({ kind: 'per_share', perShare: 0 });
  });

  it('sends the Kalman kind with its own parameters, and ignores them for the z-score kind', () => {
    const kalman = configFromForm({ ...withPair, strategyKind: 'kalman', kalmanDelta: '0.001', kalmanZSource: 'spread' });
    expect(kalman.ok && kalman.config['strategy']).toEqual({ kind: 'kalman', lookback: 60, entry: 2, exit: 0.5, stop: 4, delta: 0.001, observationVariance: 'auto', zSource: 'spread' });
    const fixed = configFromForm({ ...withPair, strategyKind: 'kalman', kalmanObservationVariance: '0.0003' });
    expect(fixed.ok && fixed.config['strategy']).toMatchObject({ delta: 1e-7, observationVariance: 0.0003 });
    if (!fixed.ok) throw new Error(JSON.stringify(fixed.fieldErrors));
    expect(parseBacktestConfig(fixed.config).strategy).toMatchObject({ kind: 'kalman', delta: 1e-7, observationVariance: 0.0003 });
    const zscore = configFromForm({ ...withPair, kalmanDelta: 'half-typed' });
    expect(zscore.ok && zscore.config['strategy']).toEqual({ kind: 'zscore', lookback: 60, entry: 2, exit: 0.5, stop: 4 });
  });

  it('sends each sizing method the parameters it reads, and only those', () => {
    const kelly = configFromForm({ ...withPair, sizingMethod: 'kelly', kellyFraction: '0.25', sizingFraction: 'unused', correlationAware: true });
    if (!kelly.ok) throw new Error(JSON.stringify(kelly.fieldErrors));
    expect(kelly.config['sizing']).toEqual({ method: 'kelly', legs: 'beta_neutral', lotSize: 1, correlationAware: true, kellyFraction: 0.25, cap: 0.2, maxFraction: 0.2 });
    expect(parseBacktestConfig(kelly.config).sizing).toMatchObject({ method: 'kelly', kellyFraction: 0.25, correlationAware: true });
    const vol = configFromForm({ ...withPair, sizingMethod: 'vol_target', sizingVolatility: '0.15', lotSize: '100' });
    if (!vol.ok) throw new Error(JSON.stringify(vol.fieldErrors));
    expect(parseBacktestConfig(vol.config).sizing).toMatchObject({ method: 'vol_target', annualVolatility: 0.15, maxFraction: 0.2, lotSize: 100 });
  });

  it('sends the edited borrow table: canonical symbols, an empty rate as general collateral, blank rows dropped', () => {
    const built = configFromForm({
      ...withPair,
      costs: 'custom',
      borrowTable: [
        { symbol: 'pep', from: '2015-01-02', rate: '0.08', available: true, recall: false },
        { symbol: '', from: '', rate: '', available: true, recall: false },
        { symbol: 'KO', from: '2016-03-01', rate: '', available: false, recall: true },
      ],
    });
    if (!built.ok) throw new Error(JSON.stringify(built.fieldErrors));
    expect(parseBacktestConfig(built.config).borrow.table).toEqual([
      { symbol: 'PEP', from: '2015-01-02', rate: 0.08, available: true, recall: false },
      { symbol: 'KO', from: '2016-03-01', available: false, recall: true },
    ]);
    const bad = configFromForm({ ...withPair, costs: 'custom', borrowTable: [{ symbol: 'KO', from: '2015-01-02', rate: 'high', available: true, recall: false }] });
    expect(bad).toEqual({ ok: false, fieldErrors: { 'costs.borrow.table': 'row 1: the rate must be a number (or empty for general collateral)' } });
    // main's refusal of a row (a negative rate) lands on the table.
    const negative = configFromForm({ ...withPair, costs: 'custom', borrowTable: [{ symbol: 'KO', from: '2015-01-02', rate: '-0.1', available: true, recall: false }] });
    if (!negative.ok) throw new Error('expected a config');
    expect(Object.keys(placeServerError(refusal(negative.config)).fields)).toEqual(['costs.borrow.table']);
  });

  it('names the field of anything that is not a number, by its config path', () => {
    const built = configFromForm({ ...withPair, entry: 'two', capital: '' });
    expect(built).toEqual({ ok: false, fieldErrors: { 'strategy.entry': 'must be a number', capital: 'must be a number' } });
  });
});

describe('typed pairs', () => {
  it('canonicalises symbols with the shared rule and refuses an empty one', () => {
    expect(parsePairInput(' ko ', 'brk-b')).toEqual({ ok: true, pair: { y: 'KO', x: 'BRK.B' } });
    expect(parsePairInput('KO', '')).toMatchObject({ ok: false, problem: expect.stringMatching(/^X: /) });
  });

  it('adds a pair once', () => {
    const once = addPair([], { y: 'KO', x: 'PEP' });
    expect(addPair(once, { y: 'KO', x: 'PEP' })).toBe(once);
    expect(addPair(once, { y: 'PEP', x: 'KO' })).toHaveLength(2);
  });
});

describe('server errors placed on the form', () => {
  it('puts each refusal of a config on the field it names', () => {
    const built = configFromForm({ ...DEFAULT_BACKTEST_FORM, entry: '0.4', from: '2018-03-01', costs: 'custom', slippageBps: '-1' });
    if (!built.ok) throw new Error('expected a config');
    const placed = placeServerError(refusal(built.config));
    expect(Object.keys(placed.fields).sort()).toEqual(['costs.slippageBps', 'from', 'pairs', 'strategy.entry']);
    expect(placed.fields['strategy.entry']).toMatch(/inside the exit band/);
    expect(placed.fields['costs.slippageBps']).toMatch(/≥ 0/);
    expect(placed.fields['pairs']).toMatch(/at least one pair/);
    expect(placed.general).toEqual([]);
  });

  it('reads main’s details.issues, each path with its own message, never the message text', () => {
    const built = configFromForm({ ...withPair, entry: '0.4' });
    if (!built.ok) throw new Error('expected a config');
    const wire = refusal(built.config);
    const issues = wire.details?.['issues'];
    expect(Array.isArray(issues) && issues.length).toBe(1);
    expect(issues).toEqual([{ path: 'strategy.entry', message: expect.stringMatching(/inside the exit band/) }]);
    // A message text the old splitting could not have parsed still places by the issues.
    expect(placeServerError({ message: 'unreadable; text', details: { issues: [{ path: 'strategy.stop', message: 'a; b' }] } })).toEqual({ fields: { 'strategy.stop': 'a; b' }, general: [] });
  });

  it('puts a data refusal on its one field and anything else above the form', () => {
    expect(placeServerError({ message: 'no data in the window 2030-01-01..2030-02-01', details: { field: 'from' } })).toEqual({
      fields: { from: 'no data in the window 2030-01-01..2030-02-01' },
      general: [],
    });
    expect(placeServerError({ message: 'pairs.0.y: unknown symbol ZZZZ (no bars in the store)', details: { field: 'pairs.0.y', symbol: 'ZZZZ' } }).fields).toEqual({
      pairs: 'unknown symbol ZZZZ (no bars in the store)',
    });
    expect(placeServerError({ message: 'from/to: KO has no bars between 2030-01-01 and 2030-02-01', details: { field: 'from' } }).fields).toEqual({
      from: 'KO has no bars between 2030-01-01 and 2030-02-01',
    });
    expect(placeServerError({ message: 'The worker pool is shutting down' })).toEqual({ fields: {}, general: ['The worker pool is shutting down'] });
  });
});
