import { dataImportStore, useDataImport } from '../../stores/app-stores';
import { formatInteger } from '../../lib/format';

/** "about 12 s left", "about 3 min left"; nothing while the rate is unknown. */
export function formatEta(etaMs: number | null): string | null {
  if (etaMs === null) return null;
  const seconds = Math.round(etaMs / 1000);
  if (seconds < 1) return 'almost done';
  if (seconds < 90) return `about ${seconds} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

export function ImportProgress() {
  const phase = useDataImport((state) => state.phase);
  const job = useDataImport((state) => state.job);
  const progress = job?.progress ?? null;
  const fraction = job?.fraction ?? null;
  const eta = formatEta(job?.etaMs ?? null);
  const status =
    phase === 'starting' ? 'Starting the import…' : job?.state === 'queued' ? 'Waiting for a free worker…' : (progress?.message ?? 'Importing…');

  return (
    <div className="import-progress">
      <p>{status}</p>
      {fraction === null ? (
        <progress aria-label="Import progress" />
      ) : (
        <progress aria-label="Import progress" value={Math.round(fraction * 1000)} max={1000} />
      )}
      {progress !== null && progress.total !== null ? (
        <p className="muted num" data-testid="import-progress-count">
          {formatInteger(progress.done)} of {formatInteger(progress.total)}
          {eta === null ? null : <span data-testid="import-progress-eta"> · {eta}</span>}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button
          type="button"
          className="btn btn-danger-outline"
          disabled={phase !== 'running'}
          onClick={() => void dataImportStore.getState().cancelImport()}
        >
          Cancel import
        </button>
      </div>
    </div>
  );
}
