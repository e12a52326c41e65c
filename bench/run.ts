// `npm run bench`: runs every bench/*.bench.ts and writes docs/benchmarks.md.
// Usage: tsx bench/run.ts [name-filter]
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchmark, toMarkdown, type Benchmark, type BenchmarkResult } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const startedAt = new Date();
const results: BenchmarkResult[] = [];
const files = readdirSync(here).filter((name) => name.endsWith('.bench.ts')).sort();

for (const file of files) {
  const module = (await import(path.join(here, file))) as { benchmarks: Benchmark[] };
  for (const benchmark of module.benchmarks) {
    if (filter && !benchmark.name.includes(filter) && !file.includes(filter)) continue;
    results.push(await runBenchmark(benchmark, (line) => console.log(line)));
  }
}

// A filtered run is a partial picture: print it, but only a full run replaces the report.
if (filter) {
  console.log(toMarkdown(results, startedAt));
} else {
  const output = path.resolve(here, '..', 'docs', 'benchmarks.md');
  writeFileSync(output, toMarkdown(results, startedAt));
  console.log(`wrote ${path.relative(process.cwd(), output)}`);
}
