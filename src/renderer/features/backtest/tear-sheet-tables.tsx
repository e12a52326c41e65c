import type { BacktestPair, BacktestReport } from '../../../shared/ipc/sections/backtest';
import { formatInteger } from '../../lib/format';
import { costBreakdown } from './cost-breakdown-model';
import { METRICS, formatMetric, formatMoney, metricValues } from './metric-format';

/** The headline metrics; each value carries its raw number for the tests and a tooltip. */
export function MetricsTable({ report }: { readonly report: BacktestReport }) {
  const values = metricValues(report.metrics);
  return (
    <dl className="bt-metrics" aria-label="Metrics" data-testid="metrics">
      {METRICS.filter((metric) => metric.key in values).map((metric) => (
        <div key={metric.key}>
          <dt>{metric.label}</dt>
          <dd className="num" data-testid={`metric-${metric.key}`} data-value={String(values[metric.key])}>
            {formatMetric(values[metric.key], metric.format)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function CostsTable({ report }: { readonly report: BacktestReport }) {
  const view = costBreakdown(report.costsByKind, report.accrualsByKind);
  return (
    <table className="grid bt-costs" aria-label="Costs by kind">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col" className="num">Paid</th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {view.rows.map((row) => (
          <tr key={row.kind}>
            <td>{row.label}</td>
            <td className={row.paid < 0 ? 'num negative' : 'num'} data-value={row.paid}>
              {formatMoney(row.paid)}
            </td>
            <td>
              <meter className="bt-share" min={0} max={1} value={row.share} aria-label={`${row.label} share of costs`} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total paid</th>
          <td className="num">{formatMoney(view.totalPaid)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

/** Per-pair results, flagging pairs whose gross edge does not cover their borrow. */
export function PairsTable({ pairs }: { readonly pairs: readonly BacktestPair[] }) {
  return (
    <div className="table-scroll">
      <table className="grid" aria-label="Pair results">
        <thead>
          <tr>
            <th scope="col">Pair</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">Gross P&amp;L</th>
            <th scope="col" className="num">Costs</th>
            <th scope="col" className="num">Borrow paid</th>
            <th scope="col" className="num">Net P&amp;L</th>
            <th scope="col">Borrow vs edge</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => (
            <tr key={pair.pairId}>
              <td className="nowrap">
                {pair.y} / {pair.x}
              </td>
              <td className="num">{formatInteger(pair.trades)}</td>
              <td className="num">{formatMoney(pair.grossPnl)}</td>
              <td className="num">{formatMoney(pair.costs)}</td>
              <td className="num">{formatMoney(pair.borrowFees)}</td>
              <td className={pair.netPnl < 0 ? 'num negative' : 'num'}>{formatMoney(pair.netPnl)}</td>
              <td>{pair.edgeBelowBorrow ? <span className="tag severity-warning">edge below borrow</span> : <span className="muted">covered</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function humanize(reason: string): string {
  return reason.replaceAll('_', ' ');
}

/** Warnings, run events and every no-decision counted by reason (nothing fails silently). */
export function RunNotes({ report }: { readonly report: BacktestReport }) {
  const reasons = Object.entries(report.noDecisionCounts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const decisions = Object.entries(report.decisionCounts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const events = new Map<string, number>();
  for (const event of report.events) events.set(event.kind, (events.get(event.kind) ?? 0) + 1);
  return (
    <div className="bt-notes">
      <section aria-label="Warnings">
        <h3>Warnings</h3>
        {report.warnings.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="bt-warnings">
            {report.warnings.map((warning) => (
              <li key={warning} className="warning-text">
                {warning}
              </li>
            ))}
          </ul>
        )}
        {events.size > 0 ? (
          <p>
            Events:{' '}
            {[...events.entries()].map(([kind, n]) => `${humanize(kind)} ×${formatInteger(n)}`).join(', ')}
          </p>
        ) : null}
      </section>
      <table className="grid" aria-label="No-decision counts">
        <caption>No decision, by reason</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col" className="num">Pair-days</th>
          </tr>
        </thead>
        <tbody>
          {reasons.map(([reason, n]) => (
            <tr key={reason}>
              <td>{humanize(reason)}</td>
              <td className="num" data-value={n}>
                {formatInteger(n)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="decision-counts">
        Decisions:{' '}
        {decisions.length === 0 ? 'none' : decisions.map(([reason, n]) => `${humanize(reason)} ×${formatInteger(n)}`).join(', ')}
      </p>
    </div>
  );
}
