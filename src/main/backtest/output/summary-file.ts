import type { BacktestReport } from '../../../shared/ipc/sections/backtest';
import type { BacktestDataVersion } from '../../store/repos/backtest-runs.repo';

/** What a run's output files are rendered from: its stored report and provenance. */
export interface RunOutputInput {
  readonly report: BacktestReport;
  /** The validated config with every default (what the engine ran). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly dataVersion: BacktestDataVersion;
  readonly codeVersion: string;
}

/**
 * summary.json: the metrics (annualised with √252, rf from the config, 0 by default), costs
 * and accruals by kind, decisions and no-decisions counted by reason (audit 6.1), per-pair
 * results with the borrow-versus-edge flag, warnings and event counts, plus what reproduces
 * the run: config, data version, code version and seed. Nothing that differs between two runs
 * of the same inputs (no run id, timestamp, path or duration). Keys of the count tables are
 * sorted so the text does not depend on the order reasons first occurred in.
 */
export function summaryJson(input: RunOutputInput): string {
  const { report } = input;
  const eventCounts: Record<string, number> = {};
  for (const event of report.events) eventCounts[event.kind] = (eventCounts[event.kind] ?? 0) + 1;
  const body = {
    metrics: report.metrics,
    annualization: { tradingDays: 252, volatility: 'sqrt(252)', riskFreeRate: report.metrics.riskFreeRate },
    costsByKind: report.costsByKind,
    accrualsByKind: report.accrualsByKind,
    decisions: sorted(report.decisionCounts),
    noDecisions: sorted(report.noDecisionCounts),
    pairs: report.pairs.map((pair) => ({
      pair: pair.pairId,
      y: pair.y,
      x: pair.x,
      trades: pair.trades,
      grossPnl: pair.grossPnl,
      costs: pair.costs,
      borrowFees: pair.borrowFees,
      netPnl: pair.netPnl,
      edgeBelowBorrow: pair.edgeBelowBorrow,
    })),
    events: sorted(eventCounts),
    warnings: report.warnings,
    seed: input.config['seed'] ?? 0,
    codeVersion: input.codeVersion,
    dataVersion: input.dataVersion,
    config: input.config,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function sorted(table: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
