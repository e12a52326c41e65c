import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { chooseFormat, EMPTY_MAPPING, suggestMapping, type FilePreview } from '../../../src/renderer/stores/import-mapping';
import { createDataImportStore } from '../../../src/renderer/stores/data-import-store';
import {
  createDataIssuesStore,
  csvFileName,
  pageInfo,
  toIssueFilter,
  EMPTY_ISSUE_FILTER,
} from '../../../src/renderer/stores/data-issues-store';
import { createDataCatalogStore, searchInstruments } from '../../../src/renderer/stores/data-catalog-store';
import type { DataIssue, Dataset, Instrument } from '../../../src/shared/domain/market-data';
import type { IpcError } from '../../../src/shared/ipc/errors';
import { ScriptedBridge, settle } from './scripted-bridge';

const unknownLayout: FilePreview = {
  path: '/data/prices.csv',
  kind: 'file',
  files: [],
  header: ['Day', 'O', 'H', 'L', 'Last', 'Vol', 'Ticker'],
  rows: [['2024-01-02', '1', '2', '0.5', '1.5', '100', 'ABC']],
  detected: null,
  problems: ['No known layout matches this header.'],
};

const detectedLayout: FilePreview = {
  ...unknownLayout,
  header: ['date', 'open', 'high', 'low', 'close', 'volume', 'Name'],
  detected: {
    name: 'sp500-kaggle',
    mapping: { date: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', symbol: 'Name' },
  },
  problems: [],
};

const dataset: Dataset = {
  id: 7,
  source: 'prices.csv',
  version: 1,
  sha256: 'ab',
  format: 'mapped',
  adjustment: 'split',
  importedAt: 1,
  policy: 'lenient',
  rowsRead: 10,
  rowsAccepted: 9,
  rowsRejected: 1,
  barsInserted: 9,
  barsChanged: 0,
  barsUnchanged: 0,
  symbolCount: 1,
  firstDate: '2024-01-02',
  lastDate: '2024-01-12',
  issueSummary: { bad_number: 1 },
  resolvesDatasetId: null,
};

const rejected: DataIssue = {
  datasetId: 7,
  symbol: 'ABC',
  date: '2024-01-03',
  kind: 'bad_number',
  severity: 'error',
  detail: 'close is not a number',
  file: 'prices.csv',
  line: 3,
  field: 'close',
};

describe('column mapping', () => {
  it('suggests columns from common header names', () => {
    expect(suggestMapping(unknownLayout.header)).toEqual({
      date: 'Day',
      open: 'O',
      high: 'H',
      low: 'L',
      close: 'Last',
      volume: 'Vol',
      symbol: 'Ticker',
    });
  });

  it('sends no format when main detected one', () => {
    expect(chooseFormat(detectedLayout, EMPTY_MAPPING, '')).toEqual({ ok: true, format: undefined });
  });

  it('builds an explicit mapped format with an optional symbol for the file', () => {
    const form = { ...suggestMapping(unknownLayout.header), symbol: '' };
    expect(chooseFormat(unknownLayout, form, 'abc')).toEqual({
      ok: true,
      format: {
        name: 'mapped',
        mapping: { date: 'Day', open: 'O', high: 'H', low: 'L', close: 'Last', volume: 'Vol' },
        symbolFromFileName: 'ABC',
      },
    });
  });

  it('lists every missing or duplicated column', () => {
    const form = { ...EMPTY_MAPPING, date: 'Day', open: 'O', high: 'O' };
    const choice = chooseFormat(unknownLayout, form, '');
    expect(choice).toEqual({
      ok: false,
      problems: [
        'Choose the column for low.',
        'Choose the column for close.',
        'Choose the column for volume.',
        'Column "O" is used for more than one field.',
      ],
    });
  });
});

function importSetup(bridge: ScriptedBridge) {
  const errors: IpcError[] = [];
  let refreshed = 0;
  const store = createDataImportStore({
    client: createTypedClient(bridge),
    notify: (error) => errors.push(error),
    onImported: () => {
      refreshed += 1;
    },
  });
  store.getState().start();
  return { store, errors, refreshed: () => refreshed };
}

const report = { dataset, noOp: false, issueSummary: { bad_number: 1 }, rejectedSample: [rejected] };

describe('import dialog store', () => {
  it('previews, maps, imports and shows the report of its own job', async () => {
    const bridge = new ScriptedBridge()
      .answer('data:preview', () => unknownLayout)
      .answer('data:import', () => ({ jobId: 'job-1' }));
    const { store, refreshed } = importSetup(bridge);
    store.getState().openDialog();
    store.getState().setPath('  /data/prices.csv ');
    await store.getState().runPreview();
    expect(bridge.payloadsOf('data:preview')).toEqual([{ path: '/data/prices.csv', rows: 10 }]);
    expect(store.getState().mapping.close).toBe('Last');

    store.getState().setPolicy('strict');
    store.getState().setAdjustment('raw');
    await store.getState().startImport();
    expect(bridge.payloadsOf('data:import')).toEqual([
      {
        path: '/data/prices.csv',
        policy: 'strict',
        adjustment: 'raw',
        format: {
          name: 'mapped',
          mapping: { date: 'Day', open: 'O', high: 'H', low: 'L', close: 'Last', volume: 'Vol', symbol: 'Ticker' },
        },
      },
    ]);
    expect(store.getState()).toMatchObject({ phase: 'running', jobId: 'job-1' });

    bridge.push('data:imported', { jobId: 'someone-else', report, error: null });
    expect(store.getState().phase).toBe('running');
    bridge.push('data:imported', { jobId: 'job-1', report, error: null });
    expect(store.getState()).toMatchObject({ phase: 'finished', outcome: { report, error: null } });
    expect(refreshed()).toBe(2);
  });

  it('keeps a report that arrives before data:import answers', async () => {
    const bridge = new ScriptedBridge().answer('data:preview', () => detectedLayout);
    const release = bridge.hold('data:import', { jobId: 'fast-job' });
    const { store, refreshed } = importSetup(bridge);
    store.getState().setPath('/data/all_stocks.csv');
    await store.getState().runPreview();
    const starting = store.getState().startImport();
    await settle();
    bridge.push('data:imported', { jobId: 'fast-job', report, error: null });
    release();
    await starting;
    expect(store.getState()).toMatchObject({ phase: 'finished', jobId: 'fast-job', outcome: { report } });
    expect(refreshed()).toBe(1);
    expect(bridge.payloadsOf('data:import')[0]).not.toHaveProperty('format');
  });

  it('refuses to import before a preview, and shows mapping problems instead of sending', async () => {
    const bridge = new ScriptedBridge().answer('data:preview', () => ({ ...unknownLayout, header: ['a', 'b'] }));
    const { store } = importSetup(bridge);
    store.getState().setPath('/x.csv');
    await store.getState().startImport();
    expect(store.getState().problems).toEqual(['Preview the file first, so you can check what will be imported.']);
    await store.getState().runPreview();
    await store.getState().startImport();
    expect(store.getState().problems[0]).toBe('Choose the column for date.');
    expect(bridge.payloadsOf('data:import')).toEqual([]);
  });

  it('finishes with the cancellation when its job is cancelled', async () => {
    const bridge = new ScriptedBridge()
      .answer('data:preview', () => detectedLayout)
      .answer('data:import', () => ({ jobId: 'job-2' }))
      .answer('jobs:cancel', () => ({
        jobId: 'job-2',
        kind: 'import',
        state: 'running',
        done: 1,
        total: 4,
        startedAt: 0,
        updatedAt: 1,
      }));
    const { store } = importSetup(bridge);
    store.getState().setPath('/x.csv');
    await store.getState().runPreview();
    await store.getState().startImport();
    await store.getState().cancelImport();
    expect(bridge.payloadsOf('jobs:cancel')).toEqual([{ jobId: 'job-2' }]);
    bridge.push('job:progress', {
      jobId: 'job-2',
      kind: 'import',
      state: 'cancelled',
      done: 1,
      total: 4,
      startedAt: 0,
      updatedAt: 2,
    });
    expect(store.getState()).toMatchObject({
      phase: 'finished',
      outcome: { report: null, error: { code: 'CANCELLED' } },
    });
  });

  it('shows a preview failure in the dialog and a failed start as a notice', async () => {
    const bridge = new ScriptedBridge()
      .fail('data:preview', { code: 'NOT_FOUND', message: 'No such file: /nope.csv', details: { path: '/nope.csv' } })
      .fail('data:import', { code: 'CONFLICT', message: 'An import is already running.' });
    const { store, errors } = importSetup(bridge);
    store.getState().setPath('/nope.csv');
    await store.getState().runPreview();
    expect(store.getState().previewError?.code).toBe('NOT_FOUND');
    expect(errors).toEqual([]);

    bridge.answer('data:preview', () => detectedLayout);
    store.getState().setPath('/data/all_stocks.csv');
    await store.getState().runPreview();
    await store.getState().startImport();
    expect(store.getState().phase).toBe('editing');
    expect(errors.map((error) => error.code)).toEqual(['CONFLICT']);
  });
});

describe('issues store', () => {
  it('sends only the filters that are set', () => {
    expect(toIssueFilter(EMPTY_ISSUE_FILTER)).toEqual({});
    expect(toIssueFilter({ symbol: ' abc ', kind: 'bad_number', severity: '', datasetId: 7 })).toEqual({
      symbol: 'ABC',
      kind: 'bad_number',
      datasetId: 7,
    });
  });

  it('describes the page shown', () => {
    expect(pageInfo(0, 0, 0)).toEqual({ from: 0, to: 0, total: 0, hasPrevious: false, hasNext: false });
    expect(pageInfo(100, 100, 250)).toEqual({ from: 101, to: 200, total: 250, hasPrevious: true, hasNext: true });
    expect(pageInfo(200, 50, 250).hasNext).toBe(false);
  });

  it('names the CSV after the filter and the day', () => {
    expect(csvFileName({ symbol: 'ABC', kind: 'bad_number' }, new Date('2024-05-06T10:00:00Z'))).toBe(
      'arbdesk-issues-ABC-bad_number-2024-05-06.csv',
    );
  });

  it('pages through issues and resets to the first page when the filter changes', async () => {
    const bridge = new ScriptedBridge().answer('data:issues', (payload) => {
      const { offset } = payload as { offset: number };
      return { total: 5, items: offset === 0 ? [rejected, rejected] : offset === 2 ? [rejected, rejected] : [rejected] };
    });
    const store = createDataIssuesStore({
      client: createTypedClient(bridge),
      notify: () => undefined,
      warn: () => undefined,
      saveTextFile: () => undefined,
      now: () => new Date(0),
      pageSize: 2,
    });
    await store.getState().load();
    await store.getState().nextPage();
    await store.getState().nextPage();
    await store.getState().nextPage();
    expect(store.getState().offset).toBe(4);
    await store.getState().setFilter({ symbol: 'abc' });
    expect(bridge.payloadsOf('data:issues')).toEqual([
      { filter: {}, limit: 2, offset: 0 },
      { filter: {}, limit: 2, offset: 2 },
      { filter: {}, limit: 2, offset: 4 },
      { filter: { symbol: 'ABC' }, limit: 2, offset: 0 },
    ]);
  });

  it('exports the filtered issues as a CSV file and warns when truncated', async () => {
    const bridge = new ScriptedBridge().answer('data:issues-csv', () => ({ csv: 'a,b\n1,2\n', rows: 1, truncated: true }));
    const saved: Array<[string, string, string]> = [];
    const warnings: string[] = [];
    const store = createDataIssuesStore({
      client: createTypedClient(bridge),
      notify: () => undefined,
      warn: (title) => warnings.push(title),
      saveTextFile: (name, text, type) => saved.push([name, text, type]),
      now: () => new Date('2024-05-06T00:00:00Z'),
    });
    await store.getState().setFilter({ severity: 'error' });
    await store.getState().exportCsv();
    expect(bridge.payloadsOf('data:issues-csv')).toEqual([{ filter: { severity: 'error' } }]);
    expect(saved).toEqual([['arbdesk-issues-error-2024-05-06.csv', 'a,b\n1,2\n', 'text/csv;charset=utf-8']]);
    expect(warnings).toEqual(['Export truncated']);
  });
});

describe('data catalog store', () => {
  const instrument = (symbol: string, name: string | null = null): Instrument => ({
    symbol,
    name,
    sector: null,
    exchange: null,
    firstDate: null,
    lastDate: null,
    barCount: 0,
    issueCount: 0,
    basis: 'split',
  });

  it('searches symbols first by prefix, then anywhere in the name', () => {
    const list = [instrument('MSFT', 'Microsoft'), instrument('AMD', 'Advanced Micro Devices'), instrument('MU', 'Micron')];
    expect(searchInstruments(list, 'mi').map((i) => i.symbol)).toEqual(['MSFT', 'AMD', 'MU']);
    expect(searchInstruments(list, 'm').map((i) => i.symbol)).toEqual(['MSFT', 'MU', 'AMD']);
    expect(searchInstruments(list, '  ')).toHaveLength(3);
  });

  it('keeps the series of the symbol chosen last when answers cross', async () => {
    const bridge = new ScriptedBridge();
    const releaseSlow = bridge.hold('data:bars', { symbol: 'SLOW', bars: [], issues: [], actions: [] });
    const store = createDataCatalogStore({ client: createTypedClient(bridge), notify: () => undefined });
    const slow = store.getState().selectSymbol('SLOW');
    await settle();
    bridge.answer('data:bars', () => ({ symbol: 'FAST', bars: [], issues: [], actions: [] }));
    await store.getState().selectSymbol('FAST');
    releaseSlow();
    await slow;
    expect(store.getState()).toMatchObject({ selectedSymbol: 'FAST', series: { symbol: 'FAST' }, seriesLoading: false });
  });
});
