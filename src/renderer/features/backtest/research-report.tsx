import { useMemo, useState } from 'react';
import type { ResearchRunDetail, SweepReportWire, WalkForwardReportWire } from '../../../shared/ipc/sections/backtest-research';
import { formatDateTime } from '../../lib/format';
import { researchStore, useResearch, useTheme } from '../../stores/app-stores';
import { LineChart, type LineSpec } from '../pairs/line-chart';
import { formatMetric, type MetricFormat } from './metric-format';
import { DEFAULT_TRIAL_SORT, assignmentText, nextTrialSort, quantileRows, sortTrials, stitchedLines, windowRows, type TrialSort, type TrialSortKey } from './research-report-model';

/** A served number in a cell: formatted for reading, the exact value in data-value for tests. */
function Num({ value, format, testId }: { readonly value: number | null; readonly format: MetricFormat; readonly testId?: string }) {
  return (
    <td className="num" data-value={value === null ? 'null' : String(value)} data-testid={testId}>
      {formatMetric(value, format)}
    </td>
  );
}

function QuantilesTable({ label, quantiles, format }: { readonly label: string; readonly quantiles: NonNullable<SweepReportWire['sharpeQuantiles']>; readonly format: MetricFormat }) {
  return (
    <table className="grid" aria-label={label}>
      <tbody>
        {quantileRows(quantiles).map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <Num value={row.value} format={format} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const TRIAL_COLUMNS: ReadonlyArray<readonly [TrialSortKey, string]> = [
  ['sharpe', 'Sharpe'],
  ['totalReturn', 'Return'],
  ['maxDrawdown', 'Max drawdown'],
  ['trades', 'Trades'],
];

function StitchedCharts({ equity, label }: { readonly equity: WalkForwardReportWire['equity']; readonly label: string }) {
  const theme = useTheme((state) => state.resolved);
  const lines = useMemo(() => stitchedLines(equity), [equity]);
  const equityLine = useMemo<LineSpec[]>(() => [{ name: 'OOS equity', values: lines.equity, colorVar: '--chart-up' }], [lines]);
  if (equity.length === 0) return <p className="muted">No out-of-sample days.</p>;
  return <LineChart label={label} testId="oos-equity-chart" dates={lines.dates} lines={equityLine} theme={theme} />;
}

function SweepReport({ report }: { readonly report: SweepReportWire }) {
  const [sort, setSort] = useState<TrialSort>(DEFAULT_TRIAL_SORT);
  const trials = useMemo(() => sortTrials(report.trials, sort), [report, sort]);
  const ariaSort = (key: TrialSortKey) => (sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none');
  const oos = report.outOfSample;
  return (
    <>
      <dl className="bt-metrics" data-testid="sweep-headline">
        <dt>Configurations</dt>
        <dd data-testid="sweep-configs">{report.configs} ({report.valid} valid)</dd>
        <dt>Best config</dt>
        <dd data-testid="sweep-best">{report.best === null ? 'none (no valid configuration)' : `#${report.best.index}: ${assignmentText(report.best.assignment)}`}</dd>
        <dt>Best Sharpe</dt>
        <dd data-testid="sweep-best-sharpe" data-value={report.best === null ? 'null' : String(report.best.sharpe)}>{formatMetric(report.best?.sharpe ?? null, 'ratio')}</dd>
        <dt>Deflated Sharpe (probability)</dt>
        <dd data-testid="sweep-dsr" data-value={report.deflated?.dsr === undefined || report.deflated.dsr === null ? 'null' : String(report.deflated.dsr)}>{formatMetric(report.deflated?.dsr ?? null, 'ratio')}</dd>
        <dt>Expected max Sharpe under the null (per period)</dt>
        <dd data-testid="sweep-expected-max" data-value={String(report.deflated?.expectedMaxSharpe ?? 'null')}>{formatMetric(report.deflated?.expectedMaxSharpe ?? null, 'ratio')}</dd>
      </dl>
      {report.sharpeQuantiles === null ? null : <QuantilesTable label="Sharpe quantiles" quantiles={report.sharpeQuantiles} format="ratio" />}
      {oos === null ? null : (
        <section aria-label="Out of sample">
          <h4>Out of sample (chosen in sample per window)</h4>
          <dl className="bt-metrics">
            <dt>OOS Sharpe</dt>
            <dd data-testid="sweep-oos-sharpe" data-value={String(oos.sharpe)}>{formatMetric(oos.sharpe, 'ratio')}</dd>
            <dt>OOS total return</dt>
            <dd data-testid="sweep-oos-return" data-value={String(oos.totalReturn)}>{formatMetric(oos.totalReturn, 'percent')}</dd>
            <dt>Probability of overfitting</dt>
            <dd data-testid="sweep-pbo" data-value={String(oos.probabilityOfOverfitting)}>{formatMetric(oos.probabilityOfOverfitting, 'ratio')}</dd>
          </dl>
          <QuantilesTable label="Out-of-sample Sharpe quantiles" quantiles={oos.sharpeQuantiles} format="ratio" />
          <StitchedCharts equity={oos.equity} label="Stitched out-of-sample equity of the sweep" />
        </section>
      )}
      <div className="table-scroll">
        <table className="grid" aria-label="Sweep trials">
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort('index')}>
                <button type="button" className="link-button" onClick={() => setSort(nextTrialSort(sort, 'index'))}>
                  Trial
                </button>
              </th>
              <th scope="col">Parameters</th>
              {TRIAL_COLUMNS.map(([key, label]) => (
                <th key={key} scope="col" className="num" aria-sort={ariaSort(key)}>
                  <button type="button" className="link-button" onClick={() => setSort(nextTrialSort(sort, key))}>
                    {label}
                  </button>
                </th>
              ))}
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {trials.map((trial) => (
              <tr key={trial.index} data-index={trial.index}>
                <td className="num">{trial.index}</td>
                <td>{assignmentText(trial.assignment)}</td>
                <Num value={trial.sharpe} format="ratio" />
                <Num value={trial.totalReturn} format="percent" />
                <Num value={trial.maxDrawdown} format="percent" />
                <Num value={trial.trades} format="count" />
                <td>{trial.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function WalkForwardReport({ report }: { readonly report: WalkForwardReportWire }) {
  const rows = useMemo(() => windowRows(report), [report]);
  return (
    <>
      <dl className="bt-metrics" data-testid="wf-headline">
        <dt>OOS total return</dt>
        <dd data-testid="wf-return" data-value={String(report.totalReturn)}>{formatMetric(report.totalReturn, 'percent')}</dd>
        <dt>OOS Sharpe</dt>
        <dd data-testid="wf-sharpe" data-value={String(report.sharpe)}>{formatMetric(report.sharpe, 'ratio')}</dd>
        <dt>OOS max drawdown</dt>
        <dd data-testid="wf-drawdown" data-value={String(report.maxDrawdown)}>{formatMetric(report.maxDrawdown, 'percent')}</dd>
      </dl>
      <QuantilesTable label="Window return quantiles" quantiles={report.windowReturnQuantiles} format="percent" />
      <StitchedCharts equity={report.equity} label="Stitched out-of-sample equity of the walk-forward" />
      <div className="table-scroll">
        <table className="grid" aria-label="Walk-forward windows">
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col">Formation</th>
              <th scope="col">Trading</th>
              <th scope="col">Pairs</th>
              <th scope="col">Parameters</th>
              <th scope="col" className="num">In-sample Sharpe</th>
              <th scope="col" className="num">OOS return</th>
              <th scope="col" className="num">OOS Sharpe</th>
              <th scope="col" className="num">Trades</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.window}>
                <td className="num">{row.window}</td>
                <td className="nowrap">{row.formation}</td>
                <td className="nowrap">{row.trading}</td>
                <td>{row.pairs}</td>
                <td>{row.params}</td>
                <Num value={row.inSampleSharpe} format="ratio" />
                <Num value={row.outOfSampleReturn} format="percent" />
                <Num value={row.outOfSampleSharpe} format="ratio" />
                <Num value={row.trades} format="count" />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Warnings({ warnings }: { readonly warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="bt-warnings" aria-label="Research warnings">
      {warnings.map((warning) => (
        <li key={warning}>{warning}</li>
      ))}
    </ul>
  );
}

export function ResearchReport({ detail }: { readonly detail: ResearchRunDetail }) {
  const { run } = detail;
  const title = run.kind === 'sweep' ? `Sweep ${run.id}` : `Walk-forward ${run.id}`;
  return (
    <section className="bt-tear-sheet" aria-label={`Report of research run ${run.id}`} data-testid="research-report" data-research-id={run.id} data-kind={run.kind}>
      <h3>{title}</h3>
      <span className="muted">
        seed {run.seed} · code {run.codeVersion}
      </span>
      {detail.sweep !== null ? <SweepReport report={detail.sweep} /> : null}
      {detail.walkForward !== null ? <WalkForwardReport report={detail.walkForward} /> : null}
      {detail.sweep === null && detail.walkForward === null ? <p className="muted">No report ({run.state}).</p> : null}
      <Warnings warnings={[...(detail.sweep?.warnings ?? []), ...(detail.walkForward?.warnings ?? [])]} />
    </section>
  );
}

/** Stored sweeps and walk-forwards, newest first, and the open one's report. */
export function ResearchRuns() {
  const runs = useResearch((state) => state.runs);
  const openId = useResearch((state) => state.openId);
  const detail = useResearch((state) => state.detail);
  const store = researchStore.getState();
  return (
    <>
      {runs === null ? <p className="muted">Loading research runs…</p> : null}
      {runs !== null && runs.length === 0 ? <p className="muted">No research runs yet.</p> : null}
      {runs !== null && runs.length > 0 ? (
        <div className="table-scroll bt-runs">
          <table className="grid" aria-label="Research runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Kind</th>
                <th scope="col">Started</th>
                <th scope="col">State</th>
                <th scope="col">Headline</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} aria-current={run.id === openId ? 'true' : undefined}>
                  <td className="num">{run.id}</td>
                  <td>{run.kind === 'sweep' ? 'sweep' : 'walk-forward'}</td>
                  <td className="nowrap">{formatDateTime(run.createdAt)}</td>
                  <td>{run.state === 'failed' ? <span title={run.error?.message ?? ''}>failed</span> : run.state}</td>
                  <td>
                    {Object.entries(run.headline ?? {})
                      .map(([key, value]) => `${key} ${value === null ? '—' : Number.isInteger(value) ? value : value.toFixed(3)}`)
                      .join(' · ')}
                  </td>
                  <td>
                    <button type="button" className="link-button" disabled={run.state !== 'succeeded'} aria-label={`Open research run ${run.id}`} onClick={() => void store.openResearch(run.id)}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {detail !== null && detail.run.id === openId ? <ResearchReport detail={detail} /> : null}
    </>
  );
}
