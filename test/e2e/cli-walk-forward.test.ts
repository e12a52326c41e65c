import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempHome } from '../helpers/temp-home';

/** `arbdesk backtest` with a walkForward key and `arbdesk sweep`, on the bundled sample in a throwaway home. */
const home = makeTempHome('arbdesk-e2e-walk-forward-');
afterAll(() => home.cleanup());

function arbdesk(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/arbdesk.mjs', ...args], { env: { ...process.env, ARBDESK_HOME: home.dir }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const example = JSON.parse(readFileSync('resources/examples/walk-forward.json', 'utf8')) as Record<string, unknown> & { walkForward: Record<string, unknown> };
const minimal = JSON.parse(readFileSync('resources/examples/minimal.json', 'utf8')) as Record<string, unknown>;

function jsonFile(name: string, value: unknown): string {
  const file = path.join(home.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

function csv(file: string): { header: string[]; rows: string[][] } {
  const [header = '', ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: header.split(','), rows: lines.map((line) => line.split(',')) };
}

function folderBytes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

/** Nothing but the named folders (no temporary folder left beside them). */
function leftovers(): string[] {
  return readdirSync(home.dir).filter((name) => name.includes('.partial-'));
}

beforeAll(() => {
  const imported = arbdesk(['data', 'import', 'resources/sample-data/prices', '--adjustment', 'split', '--source', 'sample:sp500-2013-2018']);
  expect(imported.status, imported.stderr).toBe(0);
}, 120_000);

describe('arbdesk backtest with a walkForward key', () => {
  it('writes the stitched out-of-sample equity, windows.csv and summary.json; a rerun is byte-identical', () => {
    const out = path.join(home.dir, 'wf-1');
    const result = arbdesk(['backtest', '--config', 'resources/examples/walk-forward.json', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Walk-forward run \d+: \d+ window\(s\), out-of-sample total return -?\d+\.\d\d%/);
    expect(readdirSync(out).sort()).toEqual(['equity.csv', 'fills.csv', 'summary.json', 'windows.csv']);

    const windows = csv(path.join(out, 'windows.csv'));
    expect(windows.header).toEqual(['window', 'formation_from', 'formation_to', 'trading_from', 'trading_to', 'pairs', 'params', 'in_sample_sharpe', 'candidates_tested', 'configs_tried', 'oos_total_return', 'oos_sharpe', 'oos_trades', 'oos_fills']);
    expect(windows.rows.length).toBeGreaterThan(3);
    const col = (name: string): number => windows.header.indexOf(name);
    for (const [i, row] of windows.rows.entries()) {
      // The trading window is after its formation window (out of sample) and before the next one's trading window.
      expect((row[col('formation_to')] ?? '') < (row[col('trading_from')] ?? '')).toBe(true);
      const next = windows.rows[i + 1];
      if (next !== undefined) expect((row[col('trading_to')] ?? '') < (next[col('trading_from')] ?? '')).toBe(true);
      expect(row[col('candidates_tested')]).toBe('15');
    }
    expect(windows.rows.some((row) => row[col('pairs')] !== '' && Number(row[col('oos_fills')]) > 0)).toBe(true);

    // The stitched OOS fills: the columns plus the window; each fill inside its window's trading span (fills at t+1 open).
    const fills = csv(path.join(out, 'fills.csv'));
    expect(fills.header.slice(0, 13)).toEqual(['signal_date', 'fill_date', 'symbol', 'side', 'quantity', 'price', 'traded_price', 'traded_quantity', 'commission', 'sec_fee', 'finra_taf', 'slippage', 'impact']);
    expect(fills.header.at(-1)).toBe('window');
    for (const [w, row] of windows.rows.entries()) {
      const own = fills.rows.filter((fill) => fill.at(-1) === String(w));
      expect(own.length).toBe(Number(row[col('oos_fills')]));
      for (const fill of own) {
        expect((fill[0] ?? '') >= (row[col('trading_from')] ?? '')).toBe(true);
        expect((fill[1] ?? '') <= (row[col('trading_to')] ?? '')).toBe(true);
      }
    }

    const equity = csv(path.join(out, 'equity.csv'));
    expect(equity.header).toEqual(['date', 'window', 'return', 'equity', 'drawdown']);
    // Each stitched day lies in its window's trading span; the equity chains the returns from the capital.
    let level = 1_000_000;
    for (const row of equity.rows) {
      const window = windows.rows[Number(row[1])];
      expect(window !== undefined && (row[0] ?? '') >= (window[col('trading_from')] ?? '') && (row[0] ?? '') <= (window[col('trading_to')] ?? '')).toBe(true);
      level *= 1 + Number(row[2]);
      expect(Math.abs(level - Number(row[3]))).toBeLessThan(1e-6);
    }
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { mode: string; windows: number; outOfSample: { totalReturn: number; days: number }; seed: number; codeVersion: string; dataVersion: { inputsSha256: string } };
    expect(summary).toMatchObject({ mode: 'walk_forward', windows: windows.rows.length, seed: 0 });
    expect(summary.outOfSample.days).toBe(equity.rows.length);
    expect(Math.abs(summary.outOfSample.totalReturn - (level / 1_000_000 - 1))).toBeLessThan(1e-9);
    expect(summary.dataVersion.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    // No run id, timestamp, path or duration in DIR.
    expect(readFileSync(path.join(out, 'summary.json'), 'utf8')).not.toContain(home.dir);

    const again = path.join(home.dir, 'wf-2');
    expect(arbdesk(['backtest', '--config', 'resources/examples/walk-forward.json', '--out', again]).status).toBe(0);
    expect(folderBytes(again)).toEqual(folderBytes(out));
  }, 240_000);

  it('refuses a bad walkForward key (78, naming the field), an unknown symbol (65), a missing file (66) and a non-empty DIR, leaving nothing behind', () => {
    const bad = arbdesk(['backtest', '--config', jsonFile('wf-bad', { ...example, walkForward: { ...example.walkForward, topN: 0 } }), '--out', path.join(home.dir, 'wf-bad')]);
    expect(bad.status).toBe(78);
    expect(bad.stderr).toContain('walkForward.topN');
    const unknown = arbdesk(['backtest', '--config', jsonFile('wf-unknown', { ...example, walkForward: { ...example.walkForward, universe: ['KO', 'NOPE'] } }), '--out', path.join(home.dir, 'wf-unknown')]);
    expect(unknown.status).toBe(65);
    expect(unknown.stderr).toContain('NOPE');
    expect(arbdesk(['backtest', '--config', path.join(home.dir, 'absent.json'), '--out', path.join(home.dir, 'wf-absent')]).status).toBe(66);
    const full = path.join(home.dir, 'wf-full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'keep.txt'), 'x');
    expect(arbdesk(['backtest', '--config', 'resources/examples/walk-forward.json', '--out', full]).status).not.toBe(0);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    for (const name of ['wf-bad', 'wf-unknown', 'wf-absent']) expect(existsSync(path.join(home.dir, name))).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 240_000);
});

describe('arbdesk sweep', () => {
  it('writes sweep.csv (one row per configuration) and summary.json with the deflated Sharpe; a rerun is byte-identical', () => {
    const out = path.join(home.dir, 'sweep-1');
    const result = arbdesk(['sweep', '--config', 'resources/examples/minimal.json', '--grid', 'resources/examples/sweep-grid.json', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Sweep run \d+: 15 of 15 configuration\(s\) valid, best Sharpe -?\d+\.\d{3}, deflated Sharpe \d\.\d{3}/);
    expect(readdirSync(out).sort()).toEqual(['oos_equity.csv', 'summary.json', 'sweep.csv']);
    const sweep = csv(path.join(out, 'sweep.csv'));
    expect(sweep.header).toEqual(['index', 'strategy.entry', 'strategy.lookback', 'valid', 'sharpe', 'total_return', 'max_drawdown', 'trades', 'error']);
    expect(sweep.rows.map((row) => `${row[1]}/${row[2]}`)).toEqual(['1.5/40', '1.5/60', '1.5/90', '1.75/40', '1.75/60', '1.75/90', '2/40', '2/60', '2/90', '2.25/40', '2.25/60', '2.25/90', '2.5/40', '2.5/60', '2.5/90']);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { configs: number; best: { index: number; sharpe: number }; deflatedSharpe: { dsr: number; trials: number }; sharpeQuantiles: { p50: number } };
    expect(summary.configs).toBe(15);
    expect(summary.deflatedSharpe.trials).toBe(15);
    expect(summary.deflatedSharpe.dsr).toBeGreaterThanOrEqual(0);
    expect(summary.deflatedSharpe.dsr).toBeLessThanOrEqual(1);
    expect(summary.best.sharpe).toBe(Math.max(...sweep.rows.map((row) => Number(row[4]))));

    // The (2, 60) row is the minimal config itself: the same total return as `arbdesk backtest`.
    const single = path.join(home.dir, 'single');
    expect(arbdesk(['backtest', '--config', 'resources/examples/minimal.json', '--out', single]).status).toBe(0);
    const singleSummary = JSON.parse(readFileSync(path.join(single, 'summary.json'), 'utf8')) as { metrics: { totalReturn: number; trades: number } };
    expect(Number(sweep.rows[7]?.[5])).toBe(singleSummary.metrics.totalReturn);
    expect(Number(sweep.rows[7]?.[7])).toBe(singleSummary.metrics.trades);

    const again = path.join(home.dir, 'sweep-2');
    expect(arbdesk(['sweep', '--config', 'resources/examples/minimal.json', '--grid', 'resources/examples/sweep-grid.json', '--out', again]).status).toBe(0);
    expect(folderBytes(again)).toEqual(folderBytes(out));
  }, 240_000);

  it('refuses a bad grid (78, naming the field), a bad config (78), a missing grid file (66), leaving nothing behind', () => {
    const badGrid = arbdesk(['sweep', '--config', 'resources/examples/minimal.json', '--grid', jsonFile('grid-bad', { parameters: [{ path: 'strategy.entry' }] }), '--out', path.join(home.dir, 'sweep-bad')]);
    expect(badGrid.status).toBe(78);
    expect(badGrid.stderr).toContain('sweep.parameters.0');
    const badConfig = arbdesk(['sweep', '--config', jsonFile('cfg-bad', { ...minimal, capital: -1 }), '--grid', 'resources/examples/sweep-grid.json', '--out', path.join(home.dir, 'sweep-bad-config')]);
    expect(badConfig.status).toBe(78);
    expect(badConfig.stderr).toContain('capital');
    expect(arbdesk(['sweep', '--config', 'resources/examples/minimal.json', '--grid', path.join(home.dir, 'absent-grid.json'), '--out', path.join(home.dir, 'sweep-absent')]).status).toBe(66);
    for (const name of ['sweep-bad', 'sweep-bad-config', 'sweep-absent']) expect(existsSync(path.join(home.dir, name))).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 120_000);
});
