import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './harness';
import { openDatabase, type Store } from '../src/main/store/db';
import { migrations } from '../src/main/store/migrations';
import { BarsRepo } from '../src/main/store/repos/bars.repo';
import { sp500PricesDir } from '../test/helpers/sp500';
import { makeTempHome } from '../test/helpers/temp-home';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The vendored set, extracted once into node_modules/.cache (the same copy the tests read). */
const prices = sp500PricesDir();
const pythonWithPandas = '/usr/bin/python3';

/** One full import through the real CLI into a fresh home; returns its own stats line. */
function importOnce(): { elapsedMs: number; peakRssBytes: number; wallMs: number } {
  const home = makeTempHome('arbdesk-bench-import-');
  try {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'arbdesk.mjs'), 'data', 'import', prices, '--stats'], {
      env: { ...process.env, ARBDESK_HOME: home.dir },
      encoding: 'utf8',
    });
    const wallMs = performance.now() - started;
    if (result.status !== 0) throw new Error(`import failed (${result.status}): ${result.stderr}`);
    const match = /stats (\{.*\})/.exec(result.stderr);
    if (!match?.[1]) throw new Error(`no stats line in: ${result.stderr}`);
    return { ...(JSON.parse(match[1]) as { elapsedMs: number; peakRssBytes: number }), wallMs };
  } finally {
    home.cleanup();
  }
}

/** The peer: pandas reading the same files into one frame, no validation, no store. */
function pandasReadMs(): number | null {
  if (!existsSync(pythonWithPandas)) return null;
  const script = [
    'import glob, time, pandas as pd',
    `files = sorted(glob.glob(${JSON.stringify(path.join(prices, '*.csv'))}))`,
    't = time.perf_counter()',
    'frame = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)',
    'print((time.perf_counter() - t) * 1000, len(frame))',
  ].join('\n');
  const result = spawnSync(pythonWithPandas, ['-c', script], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  return Number(result.stdout.trim().split(/\s+/)[0]);
}

let home: ReturnType<typeof makeTempHome>;
let store: Store;
let bars: BarsRepo;

function timePerCall(calls: number, work: () => unknown): number {
  const started = performance.now();
  for (let index = 0; index < calls; index += 1) work();
  return (performance.now() - started) / calls;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'Import and validate the S&P 500 set',
    inputs: `All 505 files of sp500-2013-2018 (619,040 rows) through \`arbdesk data import\` into a fresh store: stream-parse, validate every row and series, write in one transaction. "wall" includes Node start-up; "in-process" is the import itself; peak RSS is the whole process. Baselines: the issue's budgets (5 s, 300 MB) and pandas \`read_csv\` + \`concat\` of the same files (no validation, no store).`,
    runs: 5,
    metrics: [
      { name: 'wall', unit: 'ms', baseline: { label: 'budget', value: 5000 } },
      { name: 'in-process', unit: 'ms' },
      { name: 'peak RSS', unit: 'MB', baseline: { label: 'budget', value: 300 } },
    ],
    async setup(): Promise<Record<string, { label: string; value: number }>> {
      const pandas = pandasReadMs();
      if (pandas === null) return {};
      return { 'in-process': { label: 'pandas read_csv (no validation)', value: pandas } };
    },
    async run() {
      const stats = importOnce();
      return { wall: stats.wallMs, 'in-process': stats.elapsedMs, 'peak RSS': stats.peakRssBytes / 1024 / 1024 };
    },
  },
  {
    name: 'Load closes from the store',
    inputs: 'A store holding the full S&P 500 set. One symbol: AAPL’s 1,259 closes into a Float64Array (mean of 2,000 calls per run). Matrix: all 505 symbols aligned on the union of trading days, NaN where missing (mean of 20 calls per run). Baselines: the issue’s budgets.',
    runs: 5,
    metrics: [
      { name: 'one symbol', unit: 'ms', baseline: { label: 'budget', value: 2 } },
      { name: '505-symbol matrix', unit: 'ms', baseline: { label: 'budget', value: 300 } },
    ],
    async setup() {
      home = makeTempHome('arbdesk-bench-query-');
      const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'arbdesk.mjs'), 'data', 'import', prices], {
        env: { ...process.env, ARBDESK_HOME: home.dir },
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`import failed: ${result.stderr}`);
      store = openDatabase({ path: path.join(home.dir, 'arbdesk.sqlite'), busyTimeoutMs: 5000, migrations });
      bars = new BarsRepo(store.db);
      const matrix = bars.loadCloseMatrix('all');
      if (matrix.symbols.length !== 505) throw new Error(`expected 505 symbols, got ${matrix.symbols.length}`);
    },
    async run() {
      return {
        'one symbol': timePerCall(2000, () => bars.loadCloses('AAPL')),
        '505-symbol matrix': timePerCall(20, () => bars.loadCloseMatrix('all')),
      };
    },
    async teardown() {
      store.close();
      home.cleanup();
    },
  },
];
