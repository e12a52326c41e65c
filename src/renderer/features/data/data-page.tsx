import { useEffect, useRef, type KeyboardEvent } from 'react';
import { PageHeader } from '../../components/page-header';
import { dataCatalogStore, dataConflictsStore, dataImportStore, dataIssuesStore, useDataConflicts } from '../../stores/app-stores';
import { ConflictsView } from './conflicts-view';
import type { PageProps } from '../shell/page-props';
import { routeHref } from '../shell/hash-route';
import { navigate } from '../shell/use-hash-route';
import { DatasetDiffDialog } from './dataset-diff-dialog';
import { DatasetsView } from './datasets-view';
import { ImportDialog } from './import-dialog';
import { IssuesView } from './issues-view';
import { SymbolsView } from './symbols-view';
import './data.css';

const VIEWS = [
  { id: 'datasets', title: 'Datasets' },
  { id: 'symbols', title: 'Symbols' },
  { id: 'issues', title: 'Issues' },
  { id: 'conflicts', title: 'Conflicts' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

function viewFrom(rest: readonly string[]): ViewId {
  return VIEWS.find((view) => view.id === rest[0])?.id ?? 'datasets';
}

export function DataPage({ rest }: PageProps) {
  const view = viewFrom(rest);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    void dataCatalogStore.getState().loadDatasets();
    void dataCatalogStore.getState().loadInstruments();
    void dataIssuesStore.getState().load();
    void dataConflictsStore.getState().load();
  }, []);
  const heldCount = useDataConflicts((state) => state.held?.length ?? 0);

  /** Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab moves into the panel. */
  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + VIEWS.length) % VIEWS.length;
    const target = VIEWS[next];
    if (target === undefined) return;
    navigate(routeHref('data', target.id));
    tabs.current[next]?.focus();
  }

  return (
    <section className="page data-page" aria-labelledby="data-title">
      <PageHeader title="Data" titleId="data-title">
        <div role="tablist" aria-label="Data views" className="tabs">
          {VIEWS.map((candidate, index) => (
            <button
              key={candidate.id}
              ref={(element) => {
                tabs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`data-tab-${candidate.id}`}
              aria-selected={candidate.id === view}
              aria-controls={`data-panel-${candidate.id}`}
              tabIndex={candidate.id === view ? 0 : -1}
              className="tab"
              onClick={() => navigate(routeHref('data', candidate.id))}
              onKeyDown={(event) => onTabKey(event, index)}
            >
              {candidate.title}
              {candidate.id === 'conflicts' && heldCount > 0 ? <span className="tab-badge"> ({heldCount})</span> : null}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn-primary" onClick={() => dataImportStore.getState().openDialog()}>
          Import data…
        </button>
      </PageHeader>
      <div
        role="tabpanel"
        id={`data-panel-${view}`}
        aria-labelledby={`data-tab-${view}`}
        className="data-panel"
      >
        {view === 'datasets' ? <DatasetsView /> : null}
        {view === 'symbols' ? <SymbolsView /> : null}
        {view === 'issues' ? <IssuesView /> : null}
        {view === 'conflicts' ? <ConflictsView /> : null}
      </div>
      <ImportDialog />
      <DatasetDiffDialog />
    </section>
  );
}
