import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sp500ConstituentsFile, sp500File } from '../helpers/sp500';
import { makeTempHome } from '../helpers/temp-home';

/** `arbdesk scan` and `arbdesk coint` as a user runs them, on real S&P closes plus crafted bad series. */
const home = makeTempHome('arbdesk-e2e-scan-');
afterAll(() => home.cleanup());

function arbdesk(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/arbdesk.mjs', ...args], { env: { ...process.env, ARBDESK_HOME: home.dir }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Rewrites a Kaggle-layout file: each data row through `edit` (null drops it), renamed to `symbol`. */
function derive(source: string, symbol: string, dir: string, edit: (cells: string[], index: number) => string[] | null): void {
  const [header, ...rows] = readFileSync(sp500File(source), 'utf8').trimEnd().split('\n');
  const out = [header];
  rows.forEach((row, index) => {
    const cells = edit(row.split(','), index);
    if (cells !== null) out.push([...cells.slice(0, 6), symbol].join(','));
  });
  writeFileSync(path.join(dir, `${symbol}.csv`), `${out.join('\n')}\n`);
}

const scale = (cells: string[], factor: number): string[] => cells.map((cell, i) => (i >= 1 && i <= 4 ? String(Number(cell) * factor) : cell));

interface ScanFile {
  run: { id: number; pairsTested: number; universeSize: number; dataVersion: { datasets: { id: number }[]; closeMatrixSha256: string }; survivorshipWarning: string | null };
  excluded: { symbol: string; reason: string }[];
  results: Record<string, unknown>[];
}

const window = '2013-02-08:2018-02-07';

beforeAll(() => {
  const prices = path.join(home.dir, 'prices');
  mkdirSync(prices);
  for (const symbol of ['KO', 'PEP', 'XOM', 'CVX']) copyFileSync(sp500File(symbol), path.join(prices, `${symbol}.csv`));
  copyFileSync(sp500ConstituentsFile(), path.join(prices, 'constituents.csv'));
  // TWIN is exactly 2 × KO: collinear. FLAT never moves: constant. GAPPY is PEP missing 13 days. SHORT has 100 days.
  derive('KO', 'TWIN', prices, (cells) => scale(cells, 2));
  derive('KO', 'FLAT', prices, (cells) => [cells[0] ?? '', '50', '50', '50', '50', cells[5] ?? '1000']);
  derive('PEP', 'GAPPY', prices, (cells, i) => (i % 100 === 50 ? null : cells));
  derive('KO', 'SHORT', prices, (cells, i) => (i >= 1159 ? cells : null));
  const imported = arbdesk(['data', 'import', prices, '--source', 'test:sample-subset']);
  expect(imported.status, imported.stderr).toBe(0);
}, 120_000);

describe('arbdesk scan', () => {
  it('scans every unordered pair both ways, lists exclusions with reasons and gives per-pair reasons; exit 0 whatever survives', () => {
    const out = path.join(home.dir, 'scan.json');
    const result = arbdesk(['scan', '--formation', window, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const body = json<ScanFile>(out);
    const universe = body.run.universeSize;
    expect(body.results).toHaveLength((universe * (universe - 1)) / 2);
    expect(body.excluded).toEqual(expect.arrayContaining([expect.objectContaining({ symbol: 'GAPPY', reason: 'missing_closes' }), expect.objectContaining({ symbol: 'SHORT', reason: 'missing_closes' })]));
    const pair = (a: string, b: string): Record<string, unknown> | undefined =>
      body.results.find((r) => (r['y'] === a && r['x'] === b) || (r['y'] === b && r['x'] === a));
    expect(pair('KO', 'TWIN')?.['error']).toMatch(/collinear/);
    expect(pair('KO', 'TWIN')?.['eg_pvalue']).toBeNull();
    expect(pair('FLAT', 'PEP')?.['error']).toMatch(/constant/);
    const ko = pair('KO', 'PEP');
    expect(Object.keys(ko ?? {}).sort()).toEqual(['alpha', 'beta', 'eg_pvalue', 'eg_pvalue_reverse', 'eg_stat', 'half_life', 'nobs', 'qvalue', 'significant', 'x', 'y'].sort());
    expect(ko?.['nobs']).toBe(1259);
    expect(Number(ko?.['eg_pvalue'])).toBeLessThanOrEqual(Number(ko?.['eg_pvalue_reverse']));
    expect(result.stdout).toMatch(/Scan run 1: \d+ symbols \(2 excluded\), \d+ pairs tested, \d+ significant/);
  });

  it('scans a saved list and a sector', () => {
    const list = path.join(home.dir, 'list.txt');
    writeFileSync(list, 'symbol\nKO\nPEP\nXOM\n');
    const out = path.join(home.dir, 'list.json');
    expect(arbdesk(['scan', '--formation', window, '--universe', `list:${list}`, '--transform', 'raw', '--out', out]).status).toBe(0);
    expect(json<ScanFile>(out).results).toHaveLength(3);
    expect(arbdesk(['scan', '--formation', window, '--universe', 'sector:Energy', '--out', out]).status).toBe(0);
    expect(json<ScanFile>(out).results.map((r) => [r['y'], r['x']].sort().join('/'))).toEqual(['CVX/XOM']);
  });

  it('rebuilds an older dataset version from the revisions with --dataset', () => {
    const first = path.join(home.dir, 'v1.json');
    expect(arbdesk(['scan', '--formation', window, '--universe', 'sector:Energy', '--out', first]).status).toBe(0);
    // A second version of XOM with different closes on the first 300 days.
    const again = path.join(home.dir, 'again');
    mkdirSync(again);
    derive('XOM', 'XOM', again, (cells, i) => (i < 300 ? scale(cells, 1.01) : cells));
    // The same source revising its data (a second source would be held as a conflict instead).
    const imported = arbdesk(['data', 'import', again, '--source', 'test:sample-subset']);
    expect(imported.status, imported.stderr).toBe(0);
    const current = path.join(home.dir, 'v2.json');
    const asOf = path.join(home.dir, 'v1-again.json');
    expect(arbdesk(['scan', '--formation', window, '--universe', 'sector:Energy', '--out', current]).status).toBe(0);
    expect(arbdesk(['scan', '--formation', window, '--universe', 'sector:Energy', '--dataset', '1', '--out', asOf]).status).toBe(0);
    const [v1, v2, rebuilt] = [json<ScanFile>(first), json<ScanFile>(current), json<ScanFile>(asOf)];
    expect(v2.run.dataVersion.closeMatrixSha256).not.toBe(v1.run.dataVersion.closeMatrixSha256);
    expect(v2.run.dataVersion.datasets.map((d) => d.id)).toEqual([1, 2]);
    expect(rebuilt.run.dataVersion.closeMatrixSha256).toBe(v1.run.dataVersion.closeMatrixSha256);
    expect(rebuilt.run.dataVersion.datasets.map((d) => d.id)).toEqual([1]);
    expect(rebuilt.results).toEqual(v1.results);
  });

  it('gives clear messages and sysexits codes for bad input', () => {
    const out = path.join(home.dir, 'bad.json');
    const cases: [string[], number, RegExp][] = [
      [['scan', '--formation', '2013-02-08', '--out', out], 2, /--formation must be FROM:TO/],
      [['scan', '--formation', window, '--transform', 'sqrt', '--out', out], 2, /--transform must be log or raw/],
      [['scan', '--formation', '2019-01-02:2019-03-01', '--out', out], 66, /No bars in the formation window 2019-01-02 to 2019-03-01/],
      [['scan', '--formation', window, '--dataset', '42', '--out', out], 66, /No dataset with id 42/],
      [['scan', '--formation', window, '--universe', 'sector:Astrology', '--out', out], 66, /No instrument with bars is in sector "Astrology"/],
      [['scan', '--formation', '2013-02-08:2013-02-20', '--universe', 'list:/nonexistent/list.txt', '--out', out], 66, /No symbol list/],
    ];
    for (const [args, status, message] of cases) {
      const result = arbdesk(args);
      expect(result.status, args.join(' ')).toBe(status);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const list = path.join(home.dir, 'two.txt');
    writeFileSync(list, 'GAPPY,SHORT\n');
    const empty = arbdesk(['scan', '--formation', window, '--universe', `list:${list}`, '--out', out]);
    expect(empty.status).toBe(65);
    expect(empty.stderr).toMatch(/The universe is empty: 0 of 2 symbols qualify .*2 missing_closes/);
  });
});

describe('arbdesk coint', () => {
  it('checks each pair on its window in input order, aligning gaps and giving a reason for rows it cannot compute', () => {
    const pairs = path.join(home.dir, 'pairs.csv');
    writeFileSync(
      pairs,
      [
        'y,x,start,end,transform',
        'KO,PEP,2013-02-08,2018-02-07,log',
        'XOM,CVX,2014-01-02,2016-12-30,raw',
        'KO,GAPPY,2013-02-08,2018-02-07,log',
        'KO,TWIN,2013-02-08,2018-02-07,log',
        'KO,FLAT,2013-02-08,2018-02-07,raw',
        'KO,NOPE,2013-02-08,2018-02-07,log',
        'KO,PEP,2013-02-08,2013-02-20,log',
        'KO,PEP,2019-01-02,2019-03-01,log',
        'KO,PEP,2018-01-01,2013-01-01,log',
      ].join('\n'),
    );
    const out = path.join(home.dir, 'coint.json');
    const result = arbdesk(['coint', '--pairs', pairs, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const rows = json<Record<string, unknown>[]>(out);
    expect(rows.map((r) => `${String(r['y'])}/${String(r['x'])}`)).toEqual(['KO/PEP', 'XOM/CVX', 'KO/GAPPY', 'KO/TWIN', 'KO/FLAT', 'KO/NOPE', 'KO/PEP', 'KO/PEP', 'KO/PEP']);
    const [koPep, xomCvx, gappy, twin, flat, nope, short, empty, reversed] = rows;
    for (const key of ['nobs', 'beta', 'alpha', 'eg_stat', 'eg_pvalue', 'eg_lags', 'eg_crit', 'johansen_trace', 'johansen_max_eig', 'half_life', 'hurst']) expect(koPep).toHaveProperty(key);
    expect(koPep?.['nobs']).toBe(1259);
    expect(Object.keys(koPep?.['eg_crit'] as object)).toEqual(['1%', '5%', '10%']);
    expect(koPep?.['johansen_trace']).toHaveLength(2);
    expect(xomCvx?.['transform']).toBe('raw');
    expect(gappy, JSON.stringify(gappy)).not.toHaveProperty('error');
    expect(gappy?.['nobs']).toBe(1259 - 13);
    expect(gappy?.['dropped_y']).toBe(13);
    expect(twin?.['error']).toMatch(/collinear/);
    expect(flat?.['error']).toMatch(/constant/);
    expect(nope?.['error']).toMatch(/No bars stored for NOPE/);
    expect(short?.['error']).toMatch(/observations; at least \d+ are needed/);
    expect(empty?.['error']).toMatch(/no bars in the window/);
    expect(reversed?.['error']).toMatch(/start 2018-01-01 is after end 2013-01-01/);
  });

  it('refuses a file without the header and an unknown dataset', () => {
    const bad = path.join(home.dir, 'bad.csv');
    writeFileSync(bad, 'a,b\nKO,PEP\n');
    const out = path.join(home.dir, 'bad-coint.json');
    const header = arbdesk(['coint', '--pairs', bad, '--out', out]);
    expect(header.status).toBe(65);
    expect(header.stderr).toMatch(/the header must be "y,x,start,end,transform"/);
    writeFileSync(bad, 'y,x,start,end,transform\nKO,PEP,2013-02-08,2018-02-07,log\n');
    const dataset = arbdesk(['coint', '--pairs', bad, '--out', out, '--dataset', '77']);
    expect(dataset.status).toBe(66);
    expect(dataset.stderr).toMatch(/No dataset with id 77/);
  });
});
