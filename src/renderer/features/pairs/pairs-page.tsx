import { useEffect } from 'react';
import { PageHeader } from '../../components/page-header';
import { formatInteger } from '../../lib/format';
import { scannerStore, useScanner } from '../../stores/app-stores';
import type { PageProps } from '../shell/page-props';
import { PairView } from './pair-view';
import { ResultsTable } from './results-table';
import { ScanForm } from './scan-form';
import { ScanProgress } from './scan-progress';
import { WatchlistView } from './watchlist-view';
import './pairs.css';

function RunSummary() {
  const runs = useScanner((state) => state.runs);
  const runId = useScanner((state) => state.runId);
  const total = useScanner((state) => state.total);
  const run = runs?.find((candidate) => candidate.id === runId);
  if (run === undefined) return <p className="muted">No scan yet: set the formation window and run one.</p>;
  return (
    <div className="run-summary" data-testid="run-summary">
      <p>
        Run {run.id}: {formatInteger(run.universeSize)} symbols, {formatInteger(run.pairsTested)} pairs tested,{' '}
        <strong data-testid="survivors">{formatInteger(run.pairsSignificant)}</strong> survive{' '}
        {run.request.fdr.method === 'bh' ? `the false discovery rate of ${run.request.fdr.alpha}` : `Bonferroni at ${run.request.fdr.alpha}`}
        {' '}({run.request.formation.from} – {run.request.formation.to}, {run.request.transform} prices). Showing {formatInteger(total)}.
      </p>
      {run.survivorshipWarning !== null ? <p className="warning-text" role="note">{run.survivorshipWarning}</p> : null}
      {run.excluded.length > 0 ? (
        <details>
          <summary>{formatInteger(run.excluded.length)} symbols left out</summary>
          <ul className="excluded-list">
            {run.excluded.map((entry) => (
              <li key={entry.symbol}>
                <strong>{entry.symbol}</strong>: {entry.detail}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function ResultsFilters() {
  const query = useScanner((state) => state.query);
  return (
    <div className="results-filters">
      <label className="check">
        <input
          type="checkbox"
          name="significantOnly"
          checked={query.significantOnly}
          onChange={(e) => void scannerStore.getState().setQuery({ significantOnly: e.target.checked })}
        />
        Survivors only
      </label>
      <label className="field">
        <span>Symbol</span>
        <input
          name="symbolFilter"
          value={query.symbol}
          placeholder="any"
          onChange={(e) => void scannerStore.getState().setQuery({ symbol: e.target.value.toUpperCase() })}
        />
      </label>
    </div>
  );
}

export function PairsPage(_props: PageProps) {
  useEffect(() => {
    void scannerStore.getState().loadRuns();
    void scannerStore.getState().loadWatchlist();
  }, []);
  return (
    <section className="page pairs-page" aria-labelledby="pairs-title">
      <PageHeader title="Pairs" titleId="pairs-title" />
      <ScanForm />
      <ScanProgress />
      <RunSummary />
      <div className="pairs-body">
        <div className="results-pane">
          <ResultsFilters />
          <ResultsTable />
        </div>
        <div className="pair-pane">
          <PairView />
          <h2>Watchlist</h2>
          <WatchlistView />
        </div>
      </div>
    </section>
  );
}
