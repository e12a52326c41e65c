import { useMemo } from 'react';
import { EmptyState } from '../../components/empty-state';
import { IssuesTable } from '../../components/issues-table';
import { formatCount, formatInteger } from '../../lib/format';
import { dataCatalogStore, useDataCatalog, useTheme } from '../../stores/app-stores';
import { searchInstruments } from '../../stores/data-catalog-store';
import { ChartAttribution, PriceChart } from './price-chart';
import { ADJUSTMENT_LABEL } from './datasets-view';

export function SymbolsView() {
  const instruments = useDataCatalog((state) => state.instruments);
  const query = useDataCatalog((state) => state.instrumentQuery);
  const selected = useDataCatalog((state) => state.selectedSymbol);
  const series = useDataCatalog((state) => state.series);
  const loading = useDataCatalog((state) => state.seriesLoading);
  const theme = useTheme((state) => state.resolved);
  const matches = useMemo(() => searchInstruments(instruments ?? [], query), [instruments, query]);

  return (
    <div className="symbols-view">
      <aside className="instrument-pane" aria-label="Instrument list">
        <label className="field">
          <span>Search instruments</span>
          <input
            type="search"
            value={query}
            placeholder="Symbol, name or sector"
            onChange={(event) => dataCatalogStore.getState().setInstrumentQuery(event.target.value)}
          />
        </label>
        {instruments === null ? (
          <EmptyState>Loading instruments…</EmptyState>
        ) : matches.length === 0 ? (
          <EmptyState>{instruments.length === 0 ? 'No instruments yet.' : 'No instrument matches.'}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="grid instruments-table" aria-label="Instruments">
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Coverage</th>
                  <th scope="col" className="num">Bars</th>
                  <th scope="col" className="num">Issues</th>
                </tr>
              </thead>
              <tbody>
                {matches.map((instrument) => (
                  <tr key={instrument.symbol} className={instrument.symbol === selected ? 'selected' : undefined}>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Show ${instrument.symbol}`}
                        aria-pressed={instrument.symbol === selected}
                        title={instrument.name ?? undefined}
                        onClick={() => void dataCatalogStore.getState().selectSymbol(instrument.symbol)}
                      >
                        {instrument.symbol}
                      </button>
                    </td>
                    <td className="nowrap" title={instrument.basis === null ? undefined : `Stored series: ${ADJUSTMENT_LABEL[instrument.basis]} prices`}>
                      {instrument.firstDate ?? '—'} → {instrument.lastDate ?? '—'}
                    </td>
                    <td className="num">{formatInteger(instrument.barCount)}</td>
                    <td className={`num${instrument.issueCount > 0 ? ' warning-text' : ''}`}>
                      {formatInteger(instrument.issueCount)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </aside>
      <div className="chart-pane">
        {selected === null ? (
          <EmptyState>Choose a symbol to see its bars and data issues.</EmptyState>
        ) : (
          <>
            <div className="chart-title">
              <h2>{selected}</h2>
              {loading ? <span className="muted">Loading…</span> : null}
              {series !== null && series.symbol === selected ? (
                <span className="muted">
                  {formatCount(series.bars.length, 'bar')}, {formatCount(series.issues.length, 'issue')}, {formatCount(series.actions.length, 'corporate action')}
                </span>
              ) : null}
            </div>
            <PriceChart
              symbol={selected}
              bars={series?.symbol === selected ? series.bars : []}
              issues={series?.symbol === selected ? series.issues : []}
              actions={series?.symbol === selected ? series.actions : []}
              theme={theme}
            />
            <ChartAttribution />
            {series !== null && series.symbol === selected && series.issues.length > 0 ? (
              <div className="table-scroll symbol-issues">
                <IssuesTable label={`Issues for ${selected}`} issues={series.issues} showSymbol={false} />
              </div>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
