import { progressFraction } from '../../stores/jobs-store';
import { scannerStore, useScanner } from '../../stores/app-stores';
import { formatInteger } from '../../lib/format';

/** The running scan: pairs done, rate and time left, and one Cancel for every shard. */
export function ScanProgress() {
  const job = useScanner((state) => state.job);
  if (job === null || (job.state !== 'queued' && job.state !== 'running')) {
    if (job?.state === 'failed') return <p className="error-text" role="alert">The scan failed: {job.error?.message ?? 'see the logs'}.</p>;
    if (job?.state === 'cancelled') return <p className="muted">The scan was cancelled; nothing was saved.</p>;
    return null;
  }
  const fraction = progressFraction(job);
  return (
    <div className="scan-progress" data-testid="scan-progress">
      <p>{job.state === 'queued' ? 'Waiting for a worker…' : (job.message ?? 'Scanning…')}</p>
      {fraction === null ? <progress aria-label="Scan progress" /> : <progress aria-label="Scan progress" value={Math.round(fraction * 1000)} max={1000} />}
      {job.total !== null ? (
        <span className="muted num">
          {formatInteger(job.done)} of {formatInteger(job.total)} pairs
        </span>
      ) : null}
      <button type="button" className="btn btn-danger-outline" onClick={() => void scannerStore.getState().cancelScan()}>
        Cancel scan
      </button>
    </div>
  );
}
