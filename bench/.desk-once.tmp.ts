import { benchmarks } from '/work/wt-desklive/bench/desk-halt.bench.ts';
for (const b of benchmarks) {
  await b.setup?.();
  const t = Date.now();
  console.log(b.name, JSON.stringify(await b.run()), `${Date.now() - t} ms`);
}
await benchmarks[1]?.teardown?.();
