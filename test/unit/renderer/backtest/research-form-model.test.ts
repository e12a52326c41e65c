import { describe, expect, it } from 'vitest';
import { parseResearchRequest } from '../../../../src/main/backtest/research/research-request';
import { expandSweep } from '../../../../src/main/backtest/sweep/sweep-space';
import { AppError } from '../../../../src/shared/ipc/errors';
import { DEFAULT_BACKTEST_FORM, configFromForm, placeServerError } from '../../../../src/renderer/stores/backtest-form-model';
import { DEFAULT_RESEARCH_FORM, parseNumberList, researchFieldOf, sweepRequest, walkForwardRequest } from '../../../../src/renderer/stores/research-form-model';

function baseConfig(): Record<string, unknown> {
  const built = configFromForm({ ...DEFAULT_BACKTEST_FORM, pairs: [{ y: 'KO', x: 'PEP' }] });
  if (!built.ok) throw new Error(JSON.stringify(built.fieldErrors));
  return built.config;
}

/** What main answers for a research request: the real parser's AppError on the wire. */
function refusal(kind: 'sweep' | 'walk_forward', request: unknown): { message: string; details?: Record<string, unknown> } {
  try {
    if (kind === 'sweep') parseResearchRequest('sweep', request);
    else parseResearchRequest('walk_forward', request);
  } catch (error) {
    if (error instanceof AppError) return error.toWire();
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('research form → requests', () => {
  it('builds a walk-forward main accepts, with the plan, top N, universe and in-sample grid', () => {
    const built = walkForwardRequest({ ...DEFAULT_RESEARCH_FORM, universe: 'ko, pep  PG,CL', topN: '1', maxPValue: '0.2' }, baseConfig());
    if (!built.ok) throw new Error(JSON.stringify(built.fieldErrors));
    const parsed = parseResearchRequest('walk_forward', built.value);
    expect(parsed.spec.plan).toEqual({ formationDays: 252, tradingDays: 126, purgeDays: 5, embargoDays: 5 });
    expect(parsed.spec.universe).toEqual(['KO', 'PEP', 'PG', 'CL']);
    expect(parsed.spec.topN).toBe(1);
    expect(parsed.spec.maxPValue).toBe(0.2);
    expect(parsed.spec.grid?.parameters.map((p) => [p.path, p.values])).toEqual([['strategy.entry', [1.5, 2, 2.5]]]);
  });

  it('leaves the universe and the grid to main’s defaults when not given', () => {
    const built = walkForwardRequest({ ...DEFAULT_RESEARCH_FORM, walkForwardGrid: false }, baseConfig());
    if (!built.ok) throw new Error(JSON.stringify(built.fieldErrors));
    expect('universe' in built.value.walkForward || 'grid' in built.value.walkForward).toBe(false);
    expect(parseResearchRequest('walk_forward', built.value).spec.universe).toEqual(['KO', 'PEP']);
  });

  it('builds grid and random sweeps whose configurations main expands', () => {
    const grid = sweepRequest(
      { ...DEFAULT_RESEARCH_FORM, parameters: [{ path: 'strategy.entry', values: '1.5, 2', min: '', max: '', integer: false }, { path: 'strategy.lookback', values: '40 60 80', min: '', max: '', integer: true }] },
      baseConfig(),
    );
    if (!grid.ok) throw new Error(JSON.stringify(grid.fieldErrors));
    const parsedGrid = parseResearchRequest('sweep', grid.value);
    expect(expandSweep(parsedGrid.spec)).toHaveLength(6);
    expect(parsedGrid.windows).toEqual({ formationDays: 252, tradingDays: 126, purgeDays: 5, embargoDays: 5 });

    const random = sweepRequest({ ...DEFAULT_RESEARCH_FORM, sweepMode: 'random', count: '7', seed: '3', sweepWindows: false, parameters: [{ path: 'strategy.exit', values: '', min: '0.2', max: '0.8', integer: false }] }, baseConfig());
    if (!random.ok) throw new Error(JSON.stringify(random.fieldErrors));
    expect('windows' in random.value).toBe(false);
    const draws = expandSweep(parseResearchRequest('sweep', random.value).spec);
    expect(draws).toHaveLength(7);
    for (const draw of draws) expect(draw['strategy.exit']).toBeGreaterThanOrEqual(0.2);
  });

  it('names the field of what is not a number, a list or a symbol', () => {
    const built = walkForwardRequest({ ...DEFAULT_RESEARCH_FORM, formationDays: 'a year', universe: 'KO, ^GSPC', parameters: [{ path: 'strategy.entry', values: '1.5, two', min: '', max: '', integer: false }] }, baseConfig());
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(Object.keys(built.fieldErrors).sort()).toEqual(['plan.formationDays', 'sweep.parameters.0', 'walkForward.universe']);
    expect(parseNumberList(' 1, 2 3 ')).toEqual([1, 2, 3]);
    expect(parseNumberList('  ')).toBeNull();
  });
});

describe('main’s research refusals placed on the research fields', () => {
  it('puts a plan, top N and grid-row refusal on its field, and a base-config one above', () => {
    const config = { ...baseConfig(), strategy: { kind: 'zscore', entry: 0.3, exit: 0.5 } };
    const base = refusal('walk_forward', { config, walkForward: {} });
    expect(placeServerError(base, researchFieldOf)).toEqual({ fields: {}, general: [expect.stringMatching(/^strategy\.entry: .*inside the exit band/)] });

    const wf = refusal('walk_forward', { config: baseConfig(), walkForward: { plan: { formationDays: 5 }, topN: 0, grid: { parameters: [{ path: 'strategy.entry' }] } } });
    const placed = placeServerError(wf, researchFieldOf);
    expect(Object.keys(placed.fields).sort()).toEqual(['plan.formationDays', 'sweep.parameters.0', 'walkForward.topN']);
    expect(placed.general).toEqual([]);

    const sweep = refusal('sweep', { config: baseConfig(), sweep: { mode: 'random', parameters: [{ path: 'strategy.entry', min: 1, max: 2 }] }, windows: { tradingDays: 0 } });
    expect(Object.keys(placeServerError(sweep, researchFieldOf).fields)).toEqual(['sweep.count']);
    const windows = refusal('sweep', { config: baseConfig(), sweep: { parameters: [{ path: 'strategy.entry', values: [1] }] }, windows: { tradingDays: 0 } });
    expect(Object.keys(placeServerError(windows, researchFieldOf).fields)).toEqual(['plan.tradingDays']);
  });
});
