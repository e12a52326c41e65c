import { formatInteger } from '../../lib/format';
import { backtestStore, useBacktest } from '../../stores/app-stores';

/** The run started from this page: its progress and Cancel, or how it ended. */
export function BacktestProgress() {
  const running = useBacktest((state) => state.running);
  if (running === null) return null;
  const { job, runId } = running;
  if (job.ended) {
    // A failure is shown above the form (the store puts it there); success opens the run.
    return job.state === 'cancelled' ? (
      <p className="muted" role="status">
        Run {runId} was cancelled; it is kept as cancelled, with no results.
      </p>
    ) : null;
  }
  const total = job.progress?.total ?? null;
  return (
    <div className="bt-progress" data-testid="backtest-progress" role="status">
      <p>
        Run {runId}: {job.state === 'queued' || job.state === null ? 'waiting for a worker…' : (job.progress?.message ?? 'running…')}
      </p>
      {job.fraction === null ? <progress aria-label="Backtest progress" /> : <progress aria-label="Backtest progress" value={Math.round(job.fraction * 1000)} max={1000} />}
      {total !== null && job.progress !== null ? (
        <span className="muted num">
          {formatInteger(job.progress.done)} of {formatInteger(total)}
        </span>
      ) : null}
      <button type="button" className="btn btn-danger-outline" onClick={() => void backtestStore.getState().cancelRun()}>
        Cancel backtest
      </button>
    </div>
  );
}
