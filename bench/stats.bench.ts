import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Benchmark } from './harness';
import { loadUniverseCloses, type UniverseCloses } from './stats-input';
import { createSeededRandom } from '../src/main/core/random/seeded-random';
import { createEngleGrangerCore, createEngleGrangerWorkspace, engleGrangerInto, engleGrangerPairInto } from '../src/main/stats/engle-granger';

const python = '/usr/bin/python3';
const universeTests = 470 * 469;
const statsmodelsPairs = 300;

let universe: UniverseCloses;
let logCloses: Float64Array[];
let sample: [number, number][];

/** Ordered pairs over the first `symbols` symbols: a fixed, representative slice of the scan. */
const sliceSymbols = Number(process.env['ARBDESK_BENCH_STATS_SYMBOLS'] ?? 150);

/** statsmodels coint on the sampled pairs, single-threaded BLAS; CPU- and wall-time rates, median of 3. */
function statsmodelsRate(): { perCore: number; wall: number; statistics: number[] } | null {
  if (!existsSync(python)) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'arbdesk-bench-stats-'));
  try {
    const input = path.join(dir, 'pairs.json');
    writeFileSync(input, JSON.stringify(sample.map(([i, j]) => [Array.from(logCloses[i] as Float64Array), Array.from(logCloses[j] as Float64Array)])));
    const script = [
      'import json, sys, time, warnings',
      'import numpy as np',
      'from statsmodels.tsa.stattools import coint',
      'warnings.simplefilter("ignore")',
      'pairs = [(np.array(y), np.array(x)) for y, x in json.load(open(sys.argv[1]))]',
      'runs = []',
      'for _ in range(3):',
      '    c, w = time.process_time(), time.perf_counter()',
      '    stats = [coint(y, x, trend="c", autolag="aic")[0] for y, x in pairs]',
      '    runs.append((len(pairs) / (time.process_time() - c), len(pairs) / (time.perf_counter() - w)))',
      'runs.sort()',
      'print(json.dumps({"perCore": runs[1][0], "wall": sorted(r[1] for r in runs)[1], "statistics": stats}))',
    ].join('\n');
    const single = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const result = spawnSync(python, ['-c', script, input], { encoding: 'utf8', env: { ...process.env, ...single }, maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`statsmodels run failed (${result.status}): ${result.stderr}`);
    return JSON.parse(result.stdout) as { perCore: number; wall: number; statistics: number[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let statsmodelsStatistics: number[] = [];
let statsmodelsPerCore = Number.NaN;

const engleGrangerBenchmark: Benchmark = {
  name: 'Engle-Granger tests (stats core)',
  inputs: `statsmodels-exact \`coint(y, x, trend='c', autolag='aic')\` (maxlag 23, AIC) on log closes of the S&P 500 symbols with all 1,259 closes: every pair of the first ${sliceSymbols} symbols in both directions per run (\`engleGrangerPairInto\`), one thread, allocation-free workspace. "per core" divides by the thread's CPU time (the machine is shared); "wall" by elapsed time. The baseline is statsmodels 0.13.5 \`coint\` on ${statsmodelsPairs} seeded random pairs of the same data (median of 3, single-threaded BLAS), measured in the same run; the ratio is ours over theirs (higher is faster). "projected universe" is 220,430 tests on 2 cores at the per-core rate (compute only, not the end-to-end scan). "max rel. diff" compares our statistic with statsmodels' on the ${statsmodelsPairs} pairs.`,
  runs: 3,
  metrics: [
    { name: 'per core', unit: 'tests/s' },
    { name: 'wall', unit: 'tests/s' },
    { name: 'per-core speed-up', unit: '×', baseline: { label: 'issue target', value: 300 } },
    { name: 'projected universe', unit: 's', baseline: { label: 'issue budget (end-to-end)', value: 10 } },
    { name: 'max rel. diff', unit: '' },
  ],
  async setup(): Promise<Record<string, { label: string; value: number }>> {
    universe = loadUniverseCloses();
    logCloses = universe.closes.map((closes) => closes.map(Math.log));
    const random = createSeededRandom(20260101);
    const n = logCloses.length;
    sample = Array.from({ length: statsmodelsPairs }, () => {
      const i = random.nextUint32() % n;
      let j = random.nextUint32() % (n - 1);
      if (j >= i) j += 1;
      return [i, j] as [number, number];
    });
    const peer = statsmodelsRate();
    if (!peer) return {};
    statsmodelsStatistics = peer.statistics;
    statsmodelsPerCore = peer.perCore;
    return {
      'per core': { label: `statsmodels coint (${format(peer.perCore)} pairs/s per core)`, value: peer.perCore },
      wall: { label: `statsmodels coint (${format(peer.wall)} pairs/s wall)`, value: peer.wall },
    };
  },
  async run() {
    const length = universe.days;
    const ws = createEngleGrangerWorkspace(length);
    const out = createEngleGrangerCore();
    const reverse = createEngleGrangerCore();
    const count = Math.min(sliceSymbols, logCloses.length);
    let tests = 0;
    let failures = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    // As a scan runs it: each unordered pair once, both directions sharing the first pass.
    for (let i = 0; i < count; i += 1) {
      for (let j = i + 1; j < count; j += 1) {
        failures += 2 - engleGrangerPairInto(ws, logCloses[i] as Float64Array, logCloses[j] as Float64Array, length, out, reverse);
        tests += 2;
      }
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    if (failures > 0) throw new Error(`${failures} of ${tests} pairs could not be tested`);
    let maxDiff = 0;
    sample.forEach(([i, j], index) => {
      if (engleGrangerInto(ws, logCloses[i] as Float64Array, logCloses[j] as Float64Array, length, out)) throw new Error(`sample pair ${index} failed`);
      const expected = statsmodelsStatistics[index];
      if (expected !== undefined) maxDiff = Math.max(maxDiff, Math.abs(out.statistic - expected) / Math.abs(expected));
    });
    const perCore = tests / cpuSeconds;
    return {
      'per core': perCore,
      wall: tests / wallSeconds,
      'per-core speed-up': perCore / statsmodelsPerCore,
      'projected universe': universeTests / (2 * perCore), 'max rel. diff': maxDiff };
  },
};

export const benchmarks: Benchmark[] = [engleGrangerBenchmark];

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
