import { parseBacktestConfig } from './src/main/backtest/backtest-config';
import { runBacktest } from './src/main/backtest/backtest-runner';
import { benchmarks } from './bench/backtest.bench.ts';
void benchmarks; void parseBacktestConfig;
const mod = await import('./bench/backtest.bench.ts');
await mod.benchmarks[0]!.setup!();
