import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PairResultView } from '../../../shared/domain/scanner';
import { scannerStore, useScanner } from '../../stores/app-stores';
import type { ResultSort } from '../../stores/scanner-store';
import { formatHalfLife, formatProbability, formatRatio } from './pair-format';

const ROW_HEIGHT = 28;

const COLUMNS: ReadonlyArray<{ readonly id: string; readonly title: string; readonly sort?: ResultSort; readonly numeric?: boolean }> = [
  { id: 'pair', title: 'Pair (y / x)', sort: 'y' },
  { id: 'pvalue', title: 'p-value', sort: 'pvalue', numeric: true },
  { id: 'qvalue', title: 'q-value', sort: 'qvalue', numeric: true },
  { id: 'beta', title: 'Hedge ratio', sort: 'beta', numeric: true },
  { id: 'halfLife', title: 'Half-life', sort: 'halfLife', numeric: true },
  { id: 'hurst', title: 'Hurst', sort: 'hurst', numeric: true },
  { id: 'correlation', title: 'Correlation', sort: 'correlation', numeric: true },
  { id: 'sector', title: 'Sector' },
];

function cells(row: PairResultView): string[] {
  return [
    `${row.y} / ${row.x}`,
    formatProbability(row.egPvalue),
    formatProbability(row.qvalue),
    formatRatio(row.beta),
    formatHalfLife(row.halfLife),
    formatRatio(row.hurst),
    formatRatio(row.correlation),
    row.sectorY === row.sectorX ? (row.sectorY ?? '—') : `${row.sectorY ?? '—'} / ${row.sectorX ?? '—'}`,
  ];
}

/**
 * Every pair tested, virtualized: only the rows on screen exist in the DOM, and rows are
 * fetched from main a page at a time, so 100,000 results scroll like 100. Keyboard first:
 * the grid takes focus, arrow keys move the selection, Enter opens the pair.
 */
export function ResultsTable() {
  const total = useScanner((state) => state.total);
  const rows = useScanner((state) => state.rows);
  const selected = useScanner((state) => state.selected);
  const query = useScanner((state) => state.query);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    void scannerStore.getState().ensureRows(first, last + 1);
  }, [first, last, total]);

  function onKey(event: KeyboardEvent<HTMLDivElement>): void {
    const store = scannerStore.getState();
    const current = store.selected ?? -1;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : event.key === 'PageDown' ? 20 : event.key === 'PageUp' ? -20 : 0;
    if (step !== 0 && total > 0) {
      event.preventDefault();
      const next = Math.min(total - 1, Math.max(0, current + step));
      store.select(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (event.key === 'Enter' && store.selected !== null) {
      event.preventDefault();
      void store.openSelected();
    }
  }

  function sortBy(sort: ResultSort): void {
    void scannerStore.getState().setQuery({ sort, descending: query.sort === sort ? !query.descending : false });
  }

  return (
    <div className="results-grid" role="grid" aria-label="Scan results" aria-rowcount={total + 1} data-testid="scan-results">
      <div className="results-row results-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((column) => (
          <div key={column.id} role="columnheader" className={column.numeric === true ? 'num' : undefined} aria-sort={column.sort !== undefined && query.sort === column.sort ? (query.descending ? 'descending' : 'ascending') : 'none'}>
            {column.sort === undefined ? (
              column.title
            ) : (
              <button type="button" className="link-button" onClick={() => column.sort !== undefined && sortBy(column.sort)}>
                {column.title}
                {query.sort === column.sort ? (query.descending ? ' ▼' : ' ▲') : ''}
              </button>
            )}
          </div>
        ))}
      </div>
      <div
        ref={scroller}
        className="results-body"
        tabIndex={0}
        onKeyDown={onKey}
        aria-activedescendant={selected === null ? undefined : `scan-row-${selected}`}
        data-testid="scan-results-body"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows.get(item.index);
            return (
              <div
                key={item.key}
                id={`scan-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected === item.index}
                className={`results-row${selected === item.index ? ' selected' : ''}${row?.significant === true ? ' significant' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => scannerStore.getState().select(item.index)}
                onDoubleClick={() => void scannerStore.getState().openSelected()}
              >
                {row === undefined
                  ? COLUMNS.map((column) => <div key={column.id} role="gridcell" className="muted">…</div>)
                  : cells(row).map((text, i) => (
                      <div key={COLUMNS[i]?.id ?? i} role="gridcell" className={COLUMNS[i]?.numeric === true ? 'num' : 'nowrap'} title={row.error ?? undefined}>
                        {text}
                      </div>
                    ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
