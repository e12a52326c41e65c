import { cpus, freemem, totalmem, type, release, arch } from 'node:os';

/** One number a benchmark measures per run, e.g. p50 latency in ms. */
export interface MetricSpec {
  readonly name: string;
  readonly unit: string;
  /** What the median is compared with: a target from an issue or a measured peer. */
  readonly baseline?: { readonly label: string; readonly value: number };
  /** Lower is better for times and memory; the ratio is median / baseline either way. */
}

export interface Benchmark {
  readonly name: string;
  /** What is measured and on what input, in one or two sentences. */
  readonly inputs: string;
  readonly runs: number;
  readonly metrics: readonly MetricSpec[];
  /** Once before the runs; may return measured baselines keyed by metric name. */
  setup?(): Promise<Record<string, { label: string; value: number }> | void>;
  /** One run; returns a value for every metric. */
  run(): Promise<Record<string, number>>;
  teardown?(): Promise<void>;
}

export interface MetricResult {
  readonly spec: MetricSpec;
  readonly samples: number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly baseline?: { readonly label: string; readonly value: number };
}

export interface BenchmarkResult {
  readonly name: string;
  readonly inputs: string;
  readonly runs: number;
  readonly metrics: MetricResult[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export async function runBenchmark(benchmark: Benchmark, log: (line: string) => void): Promise<BenchmarkResult> {
  log(`• ${benchmark.name} (${benchmark.runs} runs)`);
  const measuredBaselines = (await benchmark.setup?.()) ?? {};
  const samples = new Map<string, number[]>(benchmark.metrics.map((metric) => [metric.name, []]));
  try {
    for (let index = 0; index < benchmark.runs; index += 1) {
      const values = await benchmark.run();
      for (const metric of benchmark.metrics) {
        const value = values[metric.name];
        if (value === undefined || !Number.isFinite(value)) throw new Error(`${benchmark.name}: run ${index + 1} returned no value for ${metric.name}`);
        samples.get(metric.name)?.push(value);
      }
      log(`    run ${index + 1}: ${benchmark.metrics.map((m) => `${m.name}=${format(values[m.name] as number)}${m.unit}`).join(', ')}`);
    }
  } finally {
    await benchmark.teardown?.();
  }
  return {
    name: benchmark.name,
    inputs: benchmark.inputs,
    runs: benchmark.runs,
    metrics: benchmark.metrics.map((spec) => {
      const values = samples.get(spec.name) ?? [];
      const baseline = measuredBaselines[spec.name] ?? spec.baseline;
      return { spec, samples: values, median: median(values), min: Math.min(...values), max: Math.max(...values), ...(baseline ? { baseline } : {}) };
    }),
  };
}

export function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

export function machineDescription(): string {
  const cpu = cpus()[0];
  return [
    `- CPU: ${cpu?.model ?? 'unknown'} × ${cpus().length} logical cores`,
    `- Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB total, ${(freemem() / 1024 ** 3).toFixed(1)} GiB free at start`,
    `- OS: ${type()} ${release()} ${arch()}`,
    `- Node.js ${process.versions.node}, V8 ${process.versions.v8}, SQLite via better-sqlite3`,
  ].join('\n');
}

export function toMarkdown(results: readonly BenchmarkResult[], startedAt: Date): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${startedAt.toISOString()}. Each benchmark runs several times; the table gives the median with the min and max over runs, and the ratio of the median to the stated baseline (below 1 means faster or smaller than the baseline).`,
    '',
    '## Machine',
    '',
    machineDescription(),
    '',
    '## Results',
    '',
    '| Benchmark | Metric | Median | Min | Max | Baseline | Ratio |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const result of results) {
    for (const metric of result.metrics) {
      const unit = metric.spec.unit;
      const baseline = metric.baseline ? `${metric.baseline.label}: ${format(metric.baseline.value)} ${unit}` : '—';
      const ratio = metric.baseline ? format(metric.median / metric.baseline.value) : '—';
      lines.push(`| ${result.name} | ${metric.spec.name} | ${format(metric.median)} ${unit} | ${format(metric.min)} | ${format(metric.max)} | ${baseline} | ${ratio} |`);
    }
  }
  lines.push('', '## Inputs', '');
  for (const result of results) lines.push(`- **${result.name}** (${result.runs} runs): ${result.inputs}`);
  lines.push('');
  return lines.join('\n');
}
