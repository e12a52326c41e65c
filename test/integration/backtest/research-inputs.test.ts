import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVendoredActions } from '../../../src/main/backtest/backtest-task';
import { loadBarSet, researchInputs } from '../../../src/main/backtest/research/research-inputs';
import { parseResearchRequest } from '../../../src/main/backtest/research/research-request';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import type { Store } from '../../../src/main/store/db';
import { BarsRepo } from '../../../src/main/store/repos/bars.repo';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from '../data/data-test-kit';
import { importSample } from '../scanner/scanner-kit';
import { minimalConfig, splitsFile } from './backtest-kit';

/** The research jobs' data plan and the `barSet` source, on the sample store. */
const home = makeTempHome('arbdesk-research-inputs-');
let store: Store;

beforeAll(async () => {
  store = openStore(home.dir);
  await importSample(store);
}, 120_000);

afterAll(() => {
  store.close();
  home.cleanup();
});

const span = (from: string, to: string, cutAtFrom: boolean) => ({ fromDay: epochDayFromIso(from), toDay: epochDayFromIso(to), cutAtFrom });

describe('research inputs', () => {
  it('plans the shared bars (every stored bar to `to`, or from `from` for walk-forward) with the basis and the vendored splits', async () => {
    const vendored = await readVendoredActions(splitsFile);
    const sweep = researchInputs(store, ['V', 'MA', 'V'], span('2014-02-10', '2016-06-01', false), vendored);
    expect(sweep.basis.map((entry) => entry.symbol)).toEqual(['MA', 'V']);
    expect(sweep.basis.every((entry) => entry.basis === 'split')).toBe(true);
    // V's 4:1 split on 2015-03-19 comes from the vendored file.
    expect(sweep.basis.find((entry) => entry.symbol === 'V')?.actions).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'split', day: epochDayFromIso('2015-03-19') })]));
    const set = loadBarSet(store, sweep.ref);
    const stored = new BarsRepo(store.db).bars('V', { to: epochDayFromIso('2016-06-01') });
    expect(Array.from(set.bars[1]?.days ?? [])).toEqual(Array.from(stored.days));

    const walkForward = researchInputs(store, ['KO', 'PEP'], span('2014-02-10', '2016-06-01', true), vendored);
    const cut = loadBarSet(store, walkForward.ref);
    expect(cut.bars[0]?.days[0]).toBeGreaterThanOrEqual(epochDayFromIso('2014-02-10'));
    expect(walkForward.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^KO: no known corporate actions/)]));
  });

  it('refuses a reference whose bars no longer match its digest, a malformed key and an unknown symbol', async () => {
    const inputs = researchInputs(store, ['KO', 'PEP'], span('2014-02-10', '2016-06-01', false), new Map());
    const stale = (() => {
      try {
        loadBarSet(store, { ...inputs.ref, dataVersion: inputs.ref.dataVersion + 1 });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(isAppError(stale) && stale.code === 'CONFLICT').toBe(true);
    expect(() => loadBarSet(store, { key: 'sample:KO,PEP', dataVersion: 1 })).toThrow(/not a backtest bar-set key/);
    expect(() => researchInputs(store, ['KO', 'NOPE'], span('2014-02-10', '2016-06-01', false), new Map())).toThrow(/NOPE: unknown symbol/);
  });

  it('parses requests: walk-forward universe defaults to the pairs\' symbols; refusals name their field', () => {
    const parsed = parseResearchRequest('walk_forward', { config: { ...minimalConfig, pairs: [{ y: 'KO', x: 'PEP' }, { y: 'PG', x: 'KO' }] }, walkForward: { topN: 1 } });
    expect(parsed.spec.universe).toEqual(['KO', 'PEP', 'PG']);
    expect(parsed.specJson).toMatchObject({ topN: 1, plan: { formationDays: 252, tradingDays: 63, purgeDays: 5, embargoDays: 0 } });
    expect(() => parseResearchRequest('sweep', { config: minimalConfig, sweep: { parameters: [{ path: 'strategy.entry', values: [2] }] }, windows: { formationDays: 3 } })).toThrow(/windows\.formationDays/);
    expect(() => parseResearchRequest('sweep', { config: { ...minimalConfig, from: '2019-01-01' }, sweep: { parameters: [{ path: 'strategy.entry', values: [2] }] } })).toThrow(/from/);
  });
});
