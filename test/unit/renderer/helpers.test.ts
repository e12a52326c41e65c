import { describe, expect, it } from 'vitest';
import {
  describeIssueSummary,
  formatBytes,
  formatClockTime,
  formatCount,
  formatInteger,
  formatLocation,
  formatPrice,
  humanizeKind,
  sortIssueSummary,
  totalIssues,
} from '../../../src/renderer/lib/format';
import { parseHashRoute, routeHref } from '../../../src/renderer/features/shell/hash-route';
import { shortcutFor, type KeyChord } from '../../../src/renderer/features/shell/shortcuts';
import { chartMarkers, toActionMarkers, toCandles, toIssueMarkers, toVolume } from '../../../src/renderer/features/data/chart-model';
import { groupConfig, isOverridden } from '../../../src/renderer/features/settings/config-groups';
import { takeAccessToken, tokenFromHash, TOKEN_STORAGE_KEY } from '../../../src/renderer/api/access-token';
import { filterByText } from '../../../src/renderer/features/logs/log-filter';
import type { Bar, DataIssue } from '../../../src/shared/domain/market-data';

describe('format', () => {
  it('formats numbers for dense tables', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatPrice(12.5)).toBe('12.50');
    expect(formatPrice(0.000125)).toBe('0.000125');
    expect(formatPrice(1234.5)).toBe('1234.50');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('formats clock time with milliseconds', () => {
    const local = new Date(2024, 0, 2, 9, 5, 7, 45).getTime();
    expect(formatClockTime(local)).toBe('09:05:07.045');
  });

  it('summarises issue counts, most frequent first', () => {
    const summary = { return_outlier: 3, missing_trading_day: 12, bad_number: 3, stale_series: 0, future_date: 1 };
    expect(sortIssueSummary(summary)).toEqual([
      { kind: 'missing_trading_day', count: 12 },
      { kind: 'bad_number', count: 3 },
      { kind: 'return_outlier', count: 3 },
      { kind: 'future_date', count: 1 },
    ]);
    expect(totalIssues(summary)).toBe(19);
    expect(describeIssueSummary(summary, 2)).toBe('missing trading day ×12, bad number ×3 +2 more');
    expect(describeIssueSummary({})).toBe('none');
    expect(humanizeKind('split_suspected')).toBe('split suspected');
    expect(formatLocation('a.csv', 4)).toBe('a.csv:4');
    expect(formatLocation(null, null)).toBe('');
  });
});

describe('hash routes', () => {
  it('parses page and sub-path', () => {
    expect(parseHashRoute('#/data/symbols')).toEqual({ page: 'data', rest: ['symbols'] });
    expect(parseHashRoute('#/logs')).toEqual({ page: 'logs', rest: [] });
    expect(parseHashRoute('')).toEqual({ page: '', rest: [] });
    expect(parseHashRoute('#/data/%E0%A4%A')).toEqual({ page: 'data', rest: ['%E0%A4%A'] });
    expect(routeHref('data', 'issues')).toBe('#/data/issues');
  });
});

describe('shortcuts', () => {
  const chord = (partial: Partial<KeyChord>): KeyChord => ({
    code: '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...partial,
  });

  it('halts on Ctrl+Shift+K and Cmd+Shift+K only', () => {
    expect(shortcutFor(chord({ code: 'KeyK', ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'halt' });
    expect(shortcutFor(chord({ code: 'KeyK', metaKey: true, shiftKey: true }))).toEqual({ kind: 'halt' });
    expect(shortcutFor(chord({ code: 'KeyK', ctrlKey: true }))).toBeNull();
    expect(shortcutFor(chord({ code: 'KeyK', shiftKey: true }))).toBeNull();
  });

  it('jumps to pages with Alt or Ctrl plus a digit', () => {
    expect(shortcutFor(chord({ code: 'Digit1', altKey: true }))).toEqual({ kind: 'page', index: 0 });
    expect(shortcutFor(chord({ code: 'Digit3', ctrlKey: true }))).toEqual({ kind: 'page', index: 2 });
    expect(shortcutFor(chord({ code: 'Digit0', altKey: true }))).toBeNull();
    expect(shortcutFor(chord({ code: 'Digit2' }))).toBeNull();
    expect(shortcutFor(chord({ code: 'Digit2', altKey: true, ctrlKey: true }))).toBeNull();
  });
});

describe('chart model', () => {
  const bars: Bar[] = [
    { date: '2024-01-03', open: 10, high: 11, low: 9, close: 9.5, volume: 200 },
    { date: '2024-01-02', open: 9, high: 10, low: 8, close: 10, volume: 100 },
    { date: '2024-01-02', open: 9, high: 10.5, low: 8, close: 10.2, volume: 150 },
  ];
  const palette = {
    volumeUp: 'up',
    volumeDown: 'down',
    severity: { error: 'red', warning: 'amber', info: 'blue' },
    action: 'violet',
  };
  const issue = (date: string | null, kind: DataIssue['kind'], severity: DataIssue['severity']): DataIssue => ({
    datasetId: 1,
    symbol: 'ABC',
    date,
    kind,
    severity,
    detail: '',
    file: null,
    line: null,
    field: null,
  });

  it('sorts bars and keeps the last of duplicate dates', () => {
    expect(toCandles(bars)).toEqual([
      { time: '2024-01-02', open: 9, high: 10.5, low: 8, close: 10.2 },
      { time: '2024-01-03', open: 10, high: 11, low: 9, close: 9.5 },
    ]);
    expect(toVolume(bars, palette)).toEqual([
      { time: '2024-01-02', value: 150, color: 'up' },
      { time: '2024-01-03', value: 200, color: 'down' },
    ]);
  });

  it('puts one marker per date with a bar, coloured by the worst severity', () => {
    const markers = toIssueMarkers(
      [
        issue('2024-01-03', 'return_outlier', 'warning'),
        issue('2024-01-03', 'ohlc_inconsistent', 'error'),
        issue('2024-01-02', 'bar_revised', 'info'),
        issue('2024-01-04', 'missing_trading_day', 'warning'),
        issue(null, 'bad_symbol', 'error'),
      ],
      bars,
      palette,
    );
    expect(markers).toEqual([
      { time: '2024-01-02', position: 'belowBar', shape: 'square', color: 'blue', text: 'bar_revised', id: 'issue-2024-01-02' },
      {
        time: '2024-01-03',
        position: 'aboveBar',
        shape: 'arrowDown',
        color: 'red',
        text: 'return_outlier, ohlc_inconsistent',
        id: 'issue-2024-01-03',
      },
    ]);
  });

  it('marks splits and dividends under their ex-date bar and merges them with issues in time order', () => {
    const actions = [
      { date: '2024-01-03', kind: 'split' as const, ratio: '7:1', cashAmount: null, source: 'imported' as const },
      { date: '2024-01-02', kind: 'dividend' as const, ratio: null, cashAmount: 0.47, source: 'imported' as const },
      { date: '2024-01-03', kind: 'split' as const, ratio: '2:1', cashAmount: null, source: 'inferred' as const },
      { date: '2030-01-01', kind: 'split' as const, ratio: '4:1', cashAmount: null, source: 'imported' as const },
    ];
    expect(toActionMarkers(actions, bars, palette).map((m) => `${m.time} ${m.text}`)).toEqual([
      '2024-01-03 split 7:1',
      '2024-01-02 div 0.47',
      '2024-01-03 split 2:1?',
    ]);
    const merged = chartMarkers([issue('2024-01-03', 'return_outlier', 'warning')], actions, bars, palette);
    expect(merged.map((m) => m.time)).toEqual(['2024-01-02', '2024-01-03', '2024-01-03', '2024-01-03']);
    expect(merged.every((m, i, all) => i === 0 || (all[i - 1]?.time ?? '') <= m.time)).toBe(true);
  });
});

describe('formatCount', () => {
  it('puts the noun in the right number', () => {
    expect(formatCount(1, 'issue')).toBe('1 issue');
    expect(formatCount(0, 'issue')).toBe('0 issues');
    expect(formatCount(1259, 'bar')).toBe('1,259 bars');
    expect(formatCount(2, 'corporate action')).toBe('2 corporate actions');
  });
});

describe('config view', () => {
  it('groups nested keys and marks the ones set from the environment', () => {
    const groups = groupConfig(
      { profile: 'paper', logging: { level: 'debug', maxFileBytes: 10 }, data: { outlierRobustZ: 10 } },
      ['ARBDESK_LOGGING_MAX_FILE_BYTES', 'ARBDESK_DATA_OUTLIER_ROBUST_Z'],
    );
    expect(groups).toEqual([
      { name: 'general', rows: [{ key: 'profile', value: 'paper', overridden: false }] },
      {
        name: 'logging',
        rows: [
          { key: 'logging.level', value: 'debug', overridden: false },
          { key: 'logging.maxFileBytes', value: '10', overridden: true },
        ],
      },
      { name: 'data', rows: [{ key: 'data.outlierRobustZ', value: '10', overridden: true }] },
    ]);
    expect(isOverridden('profile', ['ARBDESK_PROFILE=live'])).toBe(true);
  });
});

describe('access token', () => {
  const token = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg';

  function environment(hash: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]]);
    const replaced: string[] = [];
    return {
      storage,
      replaced,
      env: {
        location: { hash, pathname: '/', search: '' },
        history: { replaceState: (_data: unknown, _unused: string, url: string) => replaced.push(url) },
        storage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => storage.set(key, value) },
      },
    };
  }

  it('takes the token from the fragment, stores it for reloads and cleans the address bar', () => {
    const { env, storage, replaced } = environment(`#token=${token}`);
    expect(takeAccessToken(env)).toBe(token);
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe(token);
    expect(replaced).toEqual(['/']);
  });

  it('falls back to the session after a reload, leaving routes alone', () => {
    const { env, replaced } = environment('#/logs', token);
    expect(takeAccessToken(env)).toBe(token);
    expect(replaced).toEqual([]);
  });

  it('ignores tokens that could not travel as a WebSocket subprotocol', () => {
    expect(tokenFromHash('#token=has space in it and more')).toBeNull();
    expect(tokenFromHash('#token=short')).toBeNull();
    expect(takeAccessToken(environment('', 'bad token with spaces').env)).toBeNull();
  });
});

describe('log text filter', () => {
  it('matches message, module and correlation id case-insensitively', () => {
    const entries = [
      { time: 1, level: 'info' as const, module: 'data.import', msg: 'started' },
      { time: 2, level: 'warn' as const, module: 'ipc', msg: 'slow', correlationId: 'ABC123' },
    ];
    expect(filterByText(entries, 'IMPORT').map((e) => e.time)).toEqual([1]);
    expect(filterByText(entries, 'abc1').map((e) => e.time)).toEqual([2]);
    expect(filterByText(entries, ' ')).toBe(entries);
  });
});
