import { percentile, type Benchmark } from './harness';
import { defaultPreTradeChecks } from '../src/main/risk/core/checks';
import { PreTradeRiskCheck } from '../src/main/risk/core/pre-trade-check';
import { ManualClock } from '../src/main/core/time/clock';
import { config, leg, NOW, request, snapshot } from '../test/unit/risk/pre-trade-fixture';
import { makeTempHome } from '../test/helpers/temp-home';
import { riskKit } from '../test/integration/risk/risk-kit';

const OPEN_PAIRS = 20;
const DAYS = 60;
const ORDERS = 20_000;
const HALTS = 300;

/** A deterministic return series (no Math.random: the bench input is the same every run). */
function series(seed: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length: DAYS }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return (state / 2_147_483_648 - 0.5) * 0.02;
  });
}

function preTradeLatencies(): number[] {
  const openPairs = new Map(Array.from({ length: OPEN_PAIRS }, (_, i) => [`P${i}/Q${i}`, series(i + 2)] as const));
  const exposures = new Map(Array.from({ length: OPEN_PAIRS * 2 }, (_, i) => [`S${i}`, (i % 2 === 0 ? 1 : -1) * 20_000] as const));
  const sectors = new Map([...exposures.keys(), 'KO', 'PEP'].map((symbol, i) => [symbol, `Sector ${i % 11}`] as const));
  const recentSubmissions = Array.from({ length: 30 }, (_, i) => NOW - 60_000 + i * 2_000);
  const shot = snapshot({ sectors, recentSubmissions, returns: { candidate: series(1), openPairs } });
  const check = new PreTradeRiskCheck({ checks: defaultPreTradeChecks(), source: { snapshot: () => shot }, config: () => config(), clock: new ManualClock(NOW) });
  const latencies: number[] = [];
  for (let i = 0; i < ORDERS; i += 1) {
    const order = request({ clientOrderId: `po-${i}`, openPairs: OPEN_PAIRS, exposures, legs: [leg('KO', 'buy', 100 + (i % 50), 60), leg('PEP', 'sell', 40, 150)] });
    const t0 = performance.now();
    const decision = check.check(order);
    latencies.push((performance.now() - t0) * 1000);
    if (decision.checks.length < 14) throw new Error('the pre-trade check did not run every check');
  }
  return latencies;
}

async function autoHaltLatencies(): Promise<number[]> {
  const home = makeTempHome('arbdesk-bench-risk-');
  const kit = riskKit(home.dir);
  try {
    const latencies: number[] = [];
    for (let i = 0; i < HALTS; i += 1) {
      kit.risk.monitor.reportCircuit('open', 'bench');
      const halt = kit.risk.monitor.halts()[0];
      if (halt === undefined || kit.killSwitch.stateOf('global').status !== 'HALTED') throw new Error('the circuit did not halt');
      latencies.push(halt.latencyMs);
      kit.risk.monitor.reportCircuit('closed', 'bench');
      kit.killSwitch.resume('bench', 'user');
    }
    await kit.risk.monitor.idle();
    return latencies;
  } finally {
    kit.close();
    home.cleanup();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'Pre-trade risk check per pair order (all checks)',
    inputs:
      `PreTradeRiskCheck with the 14 default checks on a book of ${OPEN_PAIRS} open pairs (${OPEN_PAIRS * 2} symbols, 11 sectors), ` +
      `${DAYS} daily returns per pair for the correlation limit, 30 recent submissions; ${ORDERS.toLocaleString('en-US')} sequential two-leg orders per run, in process.`,
    runs: 3,
    metrics: [
      { name: 'p50', unit: 'µs' },
      { name: 'p99', unit: 'µs' },
    ],
    async run() {
      const latencies = preTradeLatencies();
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    },
  },
  {
    name: 'Automatic halt: trigger to HALTED persisted',
    inputs:
      `The risk monitor on a real trading.sqlite (WAL; the halt committed, then flushed off the main thread) with the real kill switch and audit chain: ${HALTS} cycles of an open ` +
      'circuit breaker (halt, persisted with its trading.halt entry), then close and resume; the halt latency the monitor measures around the kill switch.',
    runs: 3,
    metrics: [
      { name: 'p50', unit: 'ms', baseline: { label: 'issue 14 target (halt → HALTED persisted) p99', value: 10 } },
      { name: 'p99', unit: 'ms', baseline: { label: 'issue 14 target (halt → HALTED persisted) p99', value: 10 } },
    ],
    async run() {
      const latencies = await autoHaltLatencies();
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    },
  },
];
