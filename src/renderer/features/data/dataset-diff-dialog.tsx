import { EmptyState } from '../../components/empty-state';
import { ModalDialog } from '../../components/modal-dialog';
import { formatInteger, formatPrice } from '../../lib/format';
import { dataCatalogStore, useDataCatalog } from '../../stores/app-stores';

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** What a dataset version changed: each revised bar, before → after, changed fields marked. */
export function DatasetDiffDialog() {
  const diff = useDataCatalog((state) => state.diff);
  const loading = useDataCatalog((state) => state.diffLoading);
  const datasets = useDataCatalog((state) => state.datasets);
  const open = diff !== null || loading;
  const dataset = datasets?.find((candidate) => candidate.id === diff?.datasetId);
  const close = () => dataCatalogStore.getState().closeDiff();

  return (
    <ModalDialog label="Dataset changes" open={open} onClose={close} className="diff-dialog" testId="diff-dialog">
      <div className="dialog-header">
        <h2>
          Changes in {dataset !== undefined ? `${dataset.source} v${dataset.version}` : 'dataset'}
        </h2>
        <button type="button" className="btn btn-ghost" aria-label="Close" onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {diff === null ? (
        <EmptyState>Loading changes…</EmptyState>
      ) : diff.revisions.length === 0 ? (
        <EmptyState>This version changed no existing bars.</EmptyState>
      ) : (
        <>
          <p className="muted">
            {diff.total > diff.revisions.length
              ? `Showing the first ${formatInteger(diff.revisions.length)} of ${formatInteger(diff.total)} revised bars.`
              : `${formatInteger(diff.total)} revised bars.`}
          </p>
          <div className="table-scroll dialog-table">
            <table className="grid" aria-label="Revised bars">
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Date</th>
                  {FIELDS.map((field) => (
                    <th key={field} scope="col" className="num">
                      {field}
                    </th>
                  ))}
                  <th scope="col" className="num">Previous dataset</th>
                </tr>
              </thead>
              <tbody>
                {diff.revisions.map((revision) => (
                  <tr key={`${revision.symbol}-${revision.date}`}>
                    <td>{revision.symbol}</td>
                    <td className="nowrap">{revision.date}</td>
                    {FIELDS.map((field) => {
                      const before = revision.before[field];
                      const after = revision.after[field];
                      const format = field === 'volume' ? formatInteger : formatPrice;
                      return (
                        <td key={field} className={`num nowrap${before !== after ? ' changed' : ''}`}>
                          {before !== after ? (
                            <>
                              <span className="before">{format(before)}</span> → {format(after)}
                            </>
                          ) : (
                            format(after)
                          )}
                        </td>
                      );
                    })}
                    <td className="num">{revision.previousDatasetId ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
