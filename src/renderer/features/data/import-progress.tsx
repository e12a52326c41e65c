import { dataImportStore, useDataImport, useJobs } from '../../stores/app-stores';
import { progressFraction } from '../../stores/jobs-store';
import { formatInteger } from '../../lib/format';

export function ImportProgress() {
  const jobId = useDataImport((state) => state.jobId);
  const phase = useDataImport((state) => state.phase);
  const progress = useJobs((state) => (jobId === null ? undefined : state.jobs[jobId]));
  const fraction = progress === undefined ? null : progressFraction(progress);

  return (
    <div className="import-progress">
      <p>{phase === 'starting' ? 'Starting the import…' : (progress?.message ?? 'Importing…')}</p>
      {fraction === null ? (
        <progress aria-label="Import progress" />
      ) : (
        <progress aria-label="Import progress" value={Math.round(fraction * 1000)} max={1000} />
      )}
      {progress !== undefined && progress.total !== null ? (
        <p className="muted num" data-testid="import-progress-count">
          {formatInteger(progress.done)} of {formatInteger(progress.total)}
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
