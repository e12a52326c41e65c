const mod = await import('./bench/backtest.bench.ts');
const b = mod.benchmarks[0]!;
await b.setup!();
const t = performance.now();
const r = await b.run();
console.log(r, performance.now() - t);
