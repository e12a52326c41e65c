import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempHome } from '../helpers/temp-home';

/** `arbdesk backtest` as a user runs it, on the bundled sample imported into a throwaway home. */
const home = makeTempHome('arbdesk-e2e-backtest-');
afterAll(() => home.cleanup());

function arbdesk(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/arbdesk.mjs', ...args], { env: { ...process.env, ARBDESK_HOME: home.dir }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const minimal = JSON.parse(readFileSync('resources/examples/minimal.json', 'utf8')) as Record<string, unknown>;

function configFile(name: string, config: unknown): string {
  const file = path.join(home.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** A CSV as header + rows of cells (the files hold no quoted fields). */
function csv(file: string): { header: string[]; rows: string[][] } {
  const [header = '', ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: header.split(','), rows: lines.map((line) => line.split(',')) };
}

/** The sample's stored open by symbol and date (imported as split-adjusted, i.e. unchanged). */
function sampleOpens(symbol: string): Map<string, number> {
  const { rows } = csv(path.join('resources/sample-data/prices', `${symbol}.csv`));
  return new Map(rows.map((cells) => [cells[0] ?? '', Number(cells[1])]));
}

beforeAll(() => {
  const imported = arbdesk(['data', 'import', 'resources/sample-data/prices', '--adjustment', 'split', '--source', 'sample:sp500-2013-2018']);
  expect(imported.status, imported.stderr).toBe(0);
}, 120_000);

describe('arbdesk backtest', () => {
  it('runs the issue\'s minimal config and writes every file with the documented columns', () => {
    const out = path.join(home.dir, 'run-1');
    const result = arbdesk(['backtest', '--config', 'resources/examples/minimal.json', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Backtest run \d+: 1 pair\(s\) 2014-02-10\.\.2018-02-07, \d+ closed trades/);
    expect(result.stderr).toMatch(/warning: KO: no known corporate actions/);
    expect(readdirSync(out).sort()).toEqual(['accruals.csv', 'equity.csv', 'fills.csv', 'report.html', 'summary.json', 'trades.csv']);

    const fills = csv(path.join(out, 'fills.csv'));
    expect(fills.header.slice(0, 13)).toEqual(['signal_date', 'fill_date', 'symbol', 'side', 'quantity', 'price', 'traded_price', 'traded_quantity', 'commission', 'sec_fee', 'finra_taf', 'slippage', 'impact']);
    expect(fills.rows.length).toBeGreaterThan(0);
    const opens = new Map([['KO', sampleOpens('KO')], ['PEP', sampleOpens('PEP')]]);
    const col = (name: string): number => fills.header.indexOf(name);
    for (const row of fills.rows) {
      // next_open, costs none: price is the stored open of fill_date; quantity positive; no cost.
      expect(Number(row[col('price')])).toBe(opens.get(row[col('symbol')] ?? '')?.get(row[col('fill_date')] ?? ''));
      expect(Number(row[col('quantity')])).toBeGreaterThan(0);
      expect(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']).toContain(row[col('side')]);
      expect((row[col('signal_date')] ?? '') < (row[col('fill_date')] ?? '')).toBe(true);
      for (const cost of ['commission', 'sec_fee', 'finra_taf', 'slippage', 'impact']) expect(row[col(cost)]).toBe('0');
    }

    const equity = csv(path.join(out, 'equity.csv'));
    expect(equity.header.slice(0, 8)).toEqual(['date', 'cash', 'market_value', 'equity', 'realized_pnl', 'unrealized_pnl', 'costs', 'accruals']);
    expect(equity.rows[0]?.[0]).toBe('2014-02-10');
    expect(equity.rows[equity.rows.length - 1]?.[0]).toBe('2018-02-07');
    for (const row of equity.rows) {
      const [cash, marketValue, value, realized, unrealized, costs, accruals] = row.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
      expect(Math.abs(1_000_000 + realized + unrealized - costs + accruals - value)).toBeLessThan(1e-6);
      expect(Math.abs(cash + marketValue - value)).toBeLessThan(1e-6);
    }
    expect(new Set(equity.rows.map((row) => row[0])).size).toBe(equity.rows.length);

    expect(csv(path.join(out, 'trades.csv')).header.slice(0, 13)).toEqual(['pair', 'y', 'x', 'direction', 'entry_date', 'exit_date', 'quantity_y', 'quantity_x', 'gross_pnl', 'costs', 'accruals', 'net_pnl', 'exit_reason']);
    expect(csv(path.join(out, 'accruals.csv')).header).toEqual(['date', 'pair', 'symbol', 'borrow_fee', 'margin_interest', 'short_rebate', 'dividend']);

    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(summary['metrics'] ?? {})).toEqual(expect.arrayContaining(['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'var95', 'cvar99', 'hitRate', 'profitFactor', 'turnover', 'exposure', 'betaToUniverse']));
    expect(summary['metrics']?.['riskFreeRate']).toBe(0);
    expect(summary['noDecisions']?.['warmup']).toBeGreaterThan(0);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|https?:\/\/|src=|href=/i);
    // No run id, timestamp, path or duration in DIR.
    for (const file of readdirSync(out)) {
      const text = readFileSync(path.join(out, file), 'utf8');
      expect(text, file).not.toContain(home.dir);
      expect(text, file).not.toMatch(/runId|elapsedMs|createdAt|finishedAt/);
    }
  });

  it('writes byte-identical files when the same config runs again', () => {
    const a = path.join(home.dir, 'again-a');
    const b = path.join(home.dir, 'again-b');
    mkdirSync(b); // an empty DIR is accepted
    expect(arbdesk(['backtest', '--config', 'resources/examples/minimal.json', '--out', a]).status).toBe(0);
    expect(arbdesk(['backtest', '--config', 'resources/examples/minimal.json', '--out', b]).status).toBe(0);
    for (const file of readdirSync(a)) expect(readFileSync(path.join(b, file)), file).toEqual(readFileSync(path.join(a, file)));
  });

  it('runs the full example (default-like costs, four pairs, AAPL and V splitting in the window)', () => {
    const out = path.join(home.dir, 'full');
    const result = arbdesk(['backtest', '--config', 'resources/examples/full.json', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/warning: (AAPL|V|MA):/);
    const fills = csv(path.join(out, 'fills.csv'));
    const col = (name: string): number => fills.header.indexOf(name);
    const aapl = fills.rows.filter((row) => row[col('symbol')] === 'AAPL' && (row[col('fill_date')] ?? '') < '2014-06-09');
    for (const row of aapl) expect(Number(row[col('traded_quantity')])).toBeCloseTo(Number(row[col('quantity')]) / 7, 9);
  });

  it('refuses each bad config with its exit code and a message naming the field, leaving nothing behind', () => {
    const pep = { ...minimal, pairs: [{ y: 'KO', x: 'PEP' }] };
    const cases: [string, string[], number, RegExp][] = [
      ['negative rate', ['--config', configFile('negative', { ...pep, costs: { slippageBps: -1 } })], 78, /costs\.slippageBps: slippageBps must be ≥ 0/],
      ['entry inside the exit band', ['--config', configFile('band', { ...pep, strategy: { kind: 'zscore', lookback: 60, entry: 0.4, exit: 0.5, stop: 4 } })], 78, /strategy\.entry: entry 0\.4 lies inside the exit band/],
      ['unknown symbol', ['--config', configFile('unknown', { ...pep, pairs: [{ y: 'KO', x: 'ZZZZ' }] })], 65, /pairs\.0\.x: unknown symbol ZZZZ/],
      ['empty pair list', ['--config', configFile('empty', { ...pep, pairs: [] })], 78, /pairs: must list at least one pair/],
      ['from after to', ['--config', configFile('order', { ...pep, from: '2018-01-02', to: '2017-01-03' })], 78, /from: from 2018-01-02 is after to 2017-01-03/],
      ['a window with no data', ['--config', configFile('nodata', { ...pep, from: '2019-01-02', to: '2019-06-28' })], 65, /from\/to: KO has no bars between 2019-01-02 and 2019-06-28/],
      ['capital ≤ 0', ['--config', configFile('capital', { ...pep, capital: 0 })], 78, /capital: must be > 0/],
      ['not JSON', ['--config', (() => { const file = path.join(home.dir, 'broken.json'); writeFileSync(file, '{ "pairs": '); return file; })()], 78, /is not valid JSON/],
      ['missing file', ['--config', path.join(home.dir, 'absent.json')], 66, /No config file at/],
    ];
    const parent = path.join(home.dir, 'failures');
    mkdirSync(parent);
    for (const [name, args, status, message] of cases) {
      const out = path.join(parent, 'out');
      const result = arbdesk(['backtest', ...args, '--out', out]);
      expect(result.status, `${name}: ${result.stderr}`).toBe(status);
      expect(result.stderr, name).toMatch(message);
      expect(existsSync(out), name).toBe(false);
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a non-empty DIR and leaves it as it was', () => {
    const out = path.join(home.dir, 'busy');
    mkdirSync(out);
    writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const result = arbdesk(['backtest', '--config', 'resources/examples/minimal.json', '--out', out]);
    expect(result.status).toBe(73);
    expect(result.stderr).toMatch(/--out .* is not empty/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });
});
