import { benchmarks } from './bench/backtest.bench.ts';
const b = benchmarks[0]!;
await b.setup?.();
const t = performance.now();
console.log(await b.run(), performance.now() - t);
