import { formatDateTime } from '../../lib/format';
import { backtestStore, useBacktest } from '../../stores/app-stores';
import { formatMetric } from './metric-format';

/** Stored runs, newest first: open one, compare it with the open one, or delete it. */
export function RunsList() {
  const runs = useBacktest((state) => state.runs);
  const openRunId = useBacktest((state) => state.openRunId);
  const compareRunId = useBacktest((state) => state.compareRunId);
  const store = backtestStore.getState();
  if (runs === null) return <p className="muted">Loading backtest runs…</p>;
  if (runs.length === 0) return <p className="muted">No backtests yet: add a pair and run one.</p>;
  return (
    <div className="table-scroll bt-runs">
      <table className="grid" aria-label="Backtest runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Started</th>
            <th scope="col">Pairs</th>
            <th scope="col">Window</th>
            <th scope="col">Costs</th>
            <th scope="col">State</th>
            <th scope="col" className="num">Return</th>
            <th scope="col" className="num">Sharpe</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const pairs = run.pairs.map((p) => `${p.y}/${p.x}`);
            return (
              <tr key={run.id} className={run.id === openRunId ? 'selected' : undefined} aria-current={run.id === openRunId ? 'true' : undefined}>
                <td className="num">{run.id}</td>
                <td className="nowrap">{formatDateTime(run.createdAt)}</td>
                <td title={pairs.join(', ')}>{pairs.length <= 2 ? pairs.join(', ') : `${pairs.slice(0, 2).join(', ')} +${pairs.length - 2}`}</td>
                <td className="nowrap">
                  {run.from} – {run.to}
                </td>
                <td>{run.costsMode === 'none' ? 'none' : 'model'}</td>
                <td>{run.state === 'failed' ? <span title={run.error?.message ?? ''}>failed</span> : run.state}</td>
                <td className="num">{formatMetric(run.headline?.totalReturn, 'percent')}</td>
                <td className="num">{formatMetric(run.headline?.sharpe, 'ratio')}</td>
                <td className="num">{formatMetric(run.headline?.trades, 'count')}</td>
                <td className="nowrap bt-run-actions">
                  <button type="button" className="link-button" disabled={run.state !== 'succeeded'} aria-label={`Open run ${run.id}`} onClick={() => void store.openRun(run.id)}>
                    Open
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    disabled={run.state !== 'succeeded' || openRunId === null || run.id === openRunId}
                    aria-pressed={run.id === compareRunId}
                    aria-label={`Compare run ${run.id}`}
                    onClick={() => void store.compareWith(run.id === compareRunId ? null : run.id)}
                  >
                    Compare
                  </button>
                  <button type="button" className="link-button" disabled={run.state === 'running'} aria-label={`Delete run ${run.id}`} onClick={() => void store.deleteRun(run.id)}>
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
