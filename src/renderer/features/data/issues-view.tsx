import { EmptyState } from '../../components/empty-state';
import { IssuesTable } from '../../components/issues-table';
import { formatInteger, humanizeKind } from '../../lib/format';
import { dataIssuesStore, useDataCatalog, useDataIssues } from '../../stores/app-stores';
import { pageInfo } from '../../stores/data-issues-store';
import { SelectField, type SelectOption } from '../../components/select-field';
import { dataIssueKinds, issueSeveritySchema, type DataIssueKind, type IssueSeverity } from '../../../shared/domain/market-data';

const KIND_OPTIONS: readonly SelectOption<DataIssueKind | ''>[] = [
  { value: '', label: 'Any' },
  ...dataIssueKinds.map((kind) => ({ value: kind, label: humanizeKind(kind) })),
];

const SEVERITY_OPTIONS: readonly SelectOption<IssueSeverity | ''>[] = [
  { value: '', label: 'Any' },
  ...issueSeveritySchema.options.map((severity) => ({ value: severity, label: severity })),
];

export function IssuesView() {
  const form = useDataIssues((state) => state.form);
  const items = useDataIssues((state) => state.items);
  const total = useDataIssues((state) => state.total);
  const offset = useDataIssues((state) => state.offset);
  const loading = useDataIssues((state) => state.loading);
  const exporting = useDataIssues((state) => state.exporting);
  const datasets = useDataCatalog((state) => state.datasets);
  const page = pageInfo(offset, items.length, total);
  const store = dataIssuesStore.getState;

  return (
    <div className="issues-view">
      <form className="filters" aria-label="Issue filters" onSubmit={(event) => event.preventDefault()}>
        <label className="field-inline">
          <span>Symbol</span>
          <input
            type="search"
            value={form.symbol}
            maxLength={16}
            className="input-short"
            onChange={(event) => void store().setFilter({ symbol: event.target.value })}
          />
        </label>
        <SelectField
          inline
          label="Kind"
          value={form.kind}
          options={KIND_OPTIONS}
          onChange={(kind) => void store().setFilter({ kind })}
        />
        <SelectField
          inline
          label="Severity"
          value={form.severity}
          options={SEVERITY_OPTIONS}
          onChange={(severity) => void store().setFilter({ severity })}
        />
        <SelectField
          inline
          label="Dataset"
          value={form.datasetId === null ? '' : String(form.datasetId)}
          options={[
            { value: '', label: 'Any' },
            ...(datasets ?? []).map((dataset) => ({ value: String(dataset.id), label: `${dataset.source} v${dataset.version}` })),
          ]}
          onChange={(id) => void store().setFilter({ datasetId: id === '' ? null : Number(id) })}
        />
        <button type="button" className="btn" onClick={() => void store().resetFilter()}>
          Reset filters
        </button>
        <div className="header-spacer" />
        <button type="button" className="btn" disabled={exporting || total === 0} onClick={() => void store().exportCsv()}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </form>
      <div className="table-scroll" aria-busy={loading}>
        {items.length === 0 ? (
          <EmptyState>{loading ? 'Loading issues…' : 'No data issues match these filters.'}</EmptyState>
        ) : (
          <IssuesTable label="Data issues" issues={items} testId="data-issues" />
        )}
      </div>
      <div className="pager" role="group" aria-label="Pages">
        <button type="button" className="btn btn-small" disabled={!page.hasPrevious || loading} onClick={() => void store().previousPage()}>
          Previous page
        </button>
        <span className="num" aria-live="polite" data-testid="issues-range">
          {formatInteger(page.from)}–{formatInteger(page.to)} of {formatInteger(page.total)}
        </span>
        <button type="button" className="btn btn-small" disabled={!page.hasNext || loading} onClick={() => void store().nextPage()}>
          Next page
        </button>
      </div>
    </div>
  );
}
