import type { SweepReportWire, WalkForwardReportWire } from '../../../shared/ipc/sections/backtest-research';
import type { BacktestDataVersion } from '../../store/repos/backtest-runs.repo';
import { fillsColumns } from '../output/csv-files';
import { csvText } from '../output/number-format';
import type { OutputFile } from '../output/output-files';

/**
 * The CLI's research output folders, rendered from the stored report (pure, deterministic: no
 * run id, timestamp, path or duration; numbers as output/number-format.ts writes them).
 *   walk-forward (`arbdesk backtest` with a `walkForward` key): equity.csv (the stitched
 *   out-of-sample equity), fills.csv (every window's OOS fills), windows.csv (one row per window), summary.json;
 *   sweep (`arbdesk sweep`): sweep.csv (one row per configuration), summary.json (best
 *   configuration, deflated Sharpe, Sharpe quantiles, the OOS scoring when windows were given).
 */

export interface ResearchProvenance {
  readonly config: Readonly<Record<string, unknown>>;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly dataVersion: BacktestDataVersion;
  readonly codeVersion: string;
  readonly seed: number;
}

const json = (name: string, body: unknown): OutputFile => ({ name, mimeType: 'application/json', content: `${JSON.stringify(body, null, 2)}\n` });
const csv = (name: string, header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): OutputFile => ({ name, mimeType: 'text/csv', content: csvText(header, rows) });

function stitchedEquityFile(name: string, rows: WalkForwardReportWire['equity']): OutputFile {
  return csv(name, ['date', 'window', 'return', 'equity', 'drawdown'], rows.map((row) => [row.date, row.window, row.return, row.equity, row.drawdown]));
}

/** `{"strategy.entry":2}` as `strategy.entry=2`, `;`-separated, in the grid's parameter order. */
const assignmentText = (assignment: Readonly<Record<string, number>>): string =>
  Object.entries(assignment)
    .map(([path, value]) => `${path}=${String(value)}`)
    .join(';');

export function walkForwardFiles(report: WalkForwardReportWire, provenance: ResearchProvenance): OutputFile[] {
  const windows = csv(
    'windows.csv',
    ['window', 'formation_from', 'formation_to', 'trading_from', 'trading_to', 'pairs', 'params', 'in_sample_sharpe', 'candidates_tested', 'configs_tried', 'oos_total_return', 'oos_sharpe', 'oos_trades', 'oos_fills'],
    report.windows.map((w) => [
      w.window,
      w.formation.from,
      w.formation.to,
      w.trading.from,
      w.trading.to,
      w.pairs.map((pair) => `${pair.y}/${pair.x}`).join(';'),
      assignmentText(w.assignment),
      w.inSampleSharpe,
      w.candidatesTested,
      w.configsTried,
      w.outOfSample.totalReturn,
      w.outOfSample.sharpe,
      w.outOfSample.trades,
      w.outOfSample.fills,
    ]),
  );
  const summary = json('summary.json', {
    mode: 'walk_forward',
    outOfSample: { days: report.equity.length, totalReturn: report.totalReturn, sharpe: report.sharpe, maxDrawdown: report.maxDrawdown, finalEquity: report.equity.at(-1)?.equity ?? null },
    windows: report.windows.length,
    windowReturnQuantiles: report.windowReturnQuantiles,
    annualization: { tradingDays: 252, volatility: 'sqrt(252)' },
    warnings: report.warnings,
    ...provenanceBody(provenance),
  });
  // The fills.csv columns, then the window each fill's out-of-sample run belongs to.
  const fills = csv(
    'fills.csv',
    [...fillsColumns, 'window'],
    report.windows.flatMap((w) => w.fills.map((f) => [f.signalDate, f.fillDate, f.symbol, f.side, f.quantity, f.price, f.tradedPrice, f.tradedQuantity, f.commission, f.secFee, f.finraTaf, f.slippage, f.impact, f.pairId, f.leg, w.window])),
  );
  return [stitchedEquityFile('equity.csv', report.equity), fills, windows, summary];
}

export function sweepFiles(report: SweepReportWire, provenance: ResearchProvenance): OutputFile[] {
  const paths = report.trials[0] === undefined ? [] : Object.keys(report.trials[0].assignment);
  const sweep = csv(
    'sweep.csv',
    ['index', ...paths, 'valid', 'sharpe', 'total_return', 'max_drawdown', 'trades', 'error'],
    report.trials.map((trial) => [trial.index, ...paths.map((path) => trial.assignment[path] ?? null), trial.ok ? 'true' : 'false', trial.sharpe, trial.totalReturn, trial.maxDrawdown, trial.trades, trial.error]),
  );
  const oos = report.outOfSample;
  const summary = json('summary.json', {
    mode: 'sweep',
    configs: report.configs,
    valid: report.valid,
    best: report.best,
    deflatedSharpe: report.deflated,
    sharpeQuantiles: report.sharpeQuantiles,
    outOfSample:
      oos === null
        ? null
        : { sharpe: oos.sharpe, totalReturn: oos.totalReturn, sharpeQuantiles: oos.sharpeQuantiles, probabilityOfOverfitting: oos.probabilityOfOverfitting, windows: oos.windows },
    annualization: { tradingDays: 252, volatility: 'sqrt(252)' },
    warnings: report.warnings,
    ...provenanceBody(provenance),
  });
  return oos === null ? [sweep, summary] : [sweep, summary, stitchedEquityFile('oos_equity.csv', oos.equity)];
}

function provenanceBody(p: ResearchProvenance): Record<string, unknown> {
  return { config: p.config, spec: p.spec, dataVersion: p.dataVersion, codeVersion: p.codeVersion, seed: p.seed };
}
