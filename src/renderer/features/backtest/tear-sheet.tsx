import { useMemo, useState } from 'react';
import type { BacktestPair, BacktestRunDetail } from '../../../shared/ipc/sections/backtest';
import { useBacktest, useTheme } from '../../stores/app-stores';
import { ChartAttribution } from '../data/price-chart';
import { LineChart, type LineSpec } from '../pairs/line-chart';
import { equityLines } from './equity-model';
import { ExportBar } from './export-bar';
import { MonthlyHeatmap } from './monthly-heatmap';
import { CostsTable, MetricsTable, PairsTable, RunNotes } from './tear-sheet-tables';
import { markerSpecs } from './trade-markers-model';
import { TradesTable } from './trades-table';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** One pair's spread z-score as the strategy saw it, with its entries, exits and stops. */
function SpreadChart({ pair, entry, exit, stop }: { readonly pair: BacktestPair; readonly entry: number; readonly exit: number; readonly stop: number }) {
  const theme = useTheme((state) => state.resolved);
  const lines = useMemo<LineSpec[]>(() => [{ name: 'z-score', values: pair.z, colorVar: '--chart-text' }], [pair]);
  const markers = useMemo(() => markerSpecs(pair.markers), [pair]);
  const levels = useMemo(() => [-stop, -entry, -exit, exit, entry, stop], [entry, exit, stop]);
  return (
    <LineChart
      label={`Spread z-score of ${pair.y} / ${pair.x} with the entry, exit and stop bands and the trades`}
      testId="spread-chart"
      dates={pair.dates}
      lines={lines}
      levels={levels}
      markers={markers}
      theme={theme}
    />
  );
}

/** The open run's tear sheet. */
export function TearSheet({ detail }: { readonly detail: BacktestRunDetail }) {
  const theme = useTheme((state) => state.resolved);
  const [pairIndex, setPairIndex] = useState(0);
  const { run, report, config } = detail;
  const lines = useMemo(() => (report === null ? null : equityLines(report.equity)), [report]);
  const equity = useMemo<LineSpec[]>(() => (lines === null ? [] : [{ name: 'equity', values: lines.equity, colorVar: '--chart-up' }]), [lines]);
  const drawdown = useMemo<LineSpec[]>(() => (lines === null ? [] : [{ name: 'drawdown %', values: lines.drawdownPercent, colorVar: '--chart-down' }]), [lines]);
  if (report === null || lines === null) return <p className="muted">Run {run.id} has no tear sheet ({run.state}).</p>;
  const strategy = isRecord(config['strategy']) ? config['strategy'] : {};
  const pair = report.pairs[Math.min(pairIndex, report.pairs.length - 1)];
  return (
    <section className="bt-tear-sheet" aria-label={`Tear sheet of run ${run.id}`} data-testid="tear-sheet" data-run-id={run.id}>
      <div className="bt-sheet-head">
        <h2>Run {run.id}</h2>
        <span className="muted">
          {run.pairs.map((p) => `${p.y}/${p.x}`).join(', ')} · {run.from} – {run.to} · {run.strategyKind} · fill {run.fill} · costs {run.costsMode} · seed {run.seed}
        </span>
        <ExportBar />
      </div>
      <MetricsTable report={report} />
      <div className="bt-charts">
        <LineChart label={`Equity of run ${run.id}`} testId="equity-chart" dates={lines.dates} lines={equity} theme={theme} />
        <LineChart label={`Drawdown of run ${run.id} from its running peak, in percent`} testId="drawdown-chart" dates={lines.dates} lines={drawdown} theme={theme} />
      </div>
      <h3>Monthly returns</h3>
      <MonthlyHeatmap months={report.monthlyReturns} />
      <div className="bt-two">
        <div>
          <h3>Costs by kind</h3>
          <CostsTable report={report} />
        </div>
        <div>
          <h3>Pairs</h3>
          <PairsTable pairs={report.pairs} />
        </div>
      </div>
      {pair !== undefined ? (
        <div className="bt-spread">
          <div className="bt-spread-head">
            <h3>Spread and trades</h3>
            {report.pairs.length > 1 ? (
              <span className="field-inline">
                <label htmlFor="bt-spread-pair">Pair</label>
                <select id="bt-spread-pair" name="spreadPair" value={pairIndex} onChange={(e) => setPairIndex(Number(e.target.value))}>
                  {report.pairs.map((p, index) => (
                    <option key={p.pairId} value={index}>
                      {p.y} / {p.x}
                    </option>
                  ))}
                </select>
              </span>
            ) : (
              <span className="muted">
                {pair.y} / {pair.x}
              </span>
            )}
          </div>
          <SpreadChart pair={pair} entry={numberOr(strategy['entry'], 2)} exit={numberOr(strategy['exit'], 0.5)} stop={numberOr(strategy['stop'], 4)} />
        </div>
      ) : null}
      <h3>Trades</h3>
      <TradesTable trades={report.trades} />
      <RunNotes report={report} />
      <ChartAttribution />
    </section>
  );
}

/** The open run, or what to do to get one. */
export function OpenRun() {
  const detail = useBacktest((state) => state.detail);
  const loading = useBacktest((state) => state.detailLoading);
  if (loading && detail === null) return <p className="muted">Loading the run…</p>;
  if (detail === null) return <p className="muted">Open a run from the list, or run a backtest, to see its tear sheet.</p>;
  return <TearSheet key={detail.run.id} detail={detail} />;
}
