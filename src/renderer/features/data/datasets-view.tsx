import { EmptyState } from '../../components/empty-state';
import { describeIssueSummary, formatDateTime, formatInteger, totalIssues } from '../../lib/format';
import { dataCatalogStore, useDataCatalog } from '../../stores/app-stores';
import type { AdjustmentBasis } from '../../../shared/domain/market-data';

export const ADJUSTMENT_LABEL: Readonly<Record<AdjustmentBasis, string>> = {
  raw: 'Raw',
  split: 'Split',
  split_dividend: 'Split + dividend',
};

export function DatasetsView() {
  const datasets = useDataCatalog((state) => state.datasets);
  if (datasets === null) return <EmptyState>Loading datasets…</EmptyState>;
  if (datasets.length === 0) return <EmptyState>No data imported yet. Use “Import data…” to add a CSV file or folder.</EmptyState>;
  return (
    <div className="table-scroll">
      <table className="grid datasets-table" aria-label="Datasets">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col" className="num">Version</th>
            <th scope="col">Format</th>
            <th scope="col">Adjustment</th>
            <th scope="col">Imported</th>
            <th scope="col">Range</th>
            <th scope="col" className="num">Symbols</th>
            <th scope="col" className="num">Rows read</th>
            <th scope="col" className="num">Accepted</th>
            <th scope="col" className="num">Rejected</th>
            <th scope="col" className="num">Bars inserted</th>
            <th scope="col" className="num">Bars changed</th>
            <th scope="col">Issues</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((dataset) => (
            <tr key={dataset.id} data-testid={`dataset-${dataset.id}`}>
              <td className="nowrap" title={`sha256 ${dataset.sha256}`}>
                {dataset.source}
              </td>
              <td className="num">v{dataset.version}</td>
              <td className="nowrap">{dataset.format}</td>
              <td>{ADJUSTMENT_LABEL[dataset.adjustment]}</td>
              <td className="nowrap">{formatDateTime(dataset.importedAt)}</td>
              <td className="nowrap">
                {dataset.firstDate ?? '—'} → {dataset.lastDate ?? '—'}
              </td>
              <td className="num">{formatInteger(dataset.symbolCount)}</td>
              <td className="num">{formatInteger(dataset.rowsRead)}</td>
              <td className="num">{formatInteger(dataset.rowsAccepted)}</td>
              <td className={`num${dataset.rowsRejected > 0 ? ' negative' : ''}`}>{formatInteger(dataset.rowsRejected)}</td>
              <td className="num">{formatInteger(dataset.barsInserted)}</td>
              <td className={`num${dataset.barsChanged > 0 ? ' warning-text' : ''}`}>{formatInteger(dataset.barsChanged)}</td>
              <td className="issue-summary" title={describeIssueSummary(dataset.issueSummary, 100)}>
                <span className="num">{formatInteger(totalIssues(dataset.issueSummary))}</span>{' '}
                <span className="muted">{describeIssueSummary(dataset.issueSummary)}</span>
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Diff ${dataset.source} v${dataset.version}`}
                  onClick={() => void dataCatalogStore.getState().showDiff(dataset.id)}
                >
                  Diff
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
