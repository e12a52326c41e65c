import { EmptyState } from '../../components/empty-state';
import { formatInteger } from '../../lib/format';
import { dataConflictsStore, useDataConflicts } from '../../stores/app-stores';
import { conflictKey } from '../../stores/data-conflicts-store';
import type { Conflict, ConflictClassification } from '../../../shared/domain/market-data';
import { ADJUSTMENT_LABEL } from './datasets-view';

const CLASSIFICATION_LABEL: Readonly<Record<ConflictClassification, string>> = {
  basis_mismatch: 'Likely basis or split mismatch',
  corrupt_rows: 'Likely corrupt rows',
};

/** A path-keyed source shows its last two segments; the full key is the cell's title. */
function shortSource(source: string): string {
  const parts = source.split(/[\\/]/).filter((part) => part !== '');
  return parts.length <= 2 ? source : `…/${parts.slice(-2).join('/')}`;
}

function factorText(factor: number | null): string {
  return factor === null ? 'no single factor' : `×${Math.round(factor * 10_000) / 10_000}`;
}

/**
 * Bars from another source that disagree with the stored series: held, never applied, until
 * the trader keeps the stored series or takes the new bars. One row per import and symbol.
 */
export function ConflictsView() {
  const held = useDataConflicts((state) => state.held);
  const resolving = useDataConflicts((state) => state.resolving);
  if (held === null) return <EmptyState>Loading held conflicts…</EmptyState>;
  if (held.length === 0) return <EmptyState>No held conflicts: every imported source agrees with the stored series.</EmptyState>;
  return (
    <div className="table-scroll">
      <table className="grid conflicts-table" aria-label="Held conflicts">
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Source</th>
            <th scope="col">Classification</th>
            <th scope="col" className="num">Factor</th>
            <th scope="col" className="num">Differing days</th>
            <th scope="col" className="num">Held bars</th>
            <th scope="col">Range</th>
            <th scope="col">First difference (close)</th>
            <th scope="col">
              <span className="visually-hidden">Resolve</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {held.map((conflict) => (
            <ConflictRow key={conflictKey(conflict)} conflict={conflict} busy={resolving === conflictKey(conflict)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConflictRow({ conflict, busy }: { conflict: Conflict; busy: boolean }) {
  const label = `${conflict.symbol} from ${conflict.source} v${conflict.version}`;
  return (
    <tr data-testid={`conflict-${conflict.symbol}`} title={conflict.detail}>
      <th scope="row">{conflict.symbol}</th>
      <td className="nowrap" title={conflict.source}>
        {shortSource(conflict.source)} v{conflict.version} <span className="muted">({ADJUSTMENT_LABEL[conflict.basis]})</span>
      </td>
      <td>{CLASSIFICATION_LABEL[conflict.classification]}</td>
      <td className="num">{factorText(conflict.factor)}</td>
      <td className="num">
        {formatInteger(conflict.differingDays)} of {formatInteger(conflict.overlapDays)}
      </td>
      <td className="num">{formatInteger(conflict.barCount)}</td>
      <td className="nowrap">
        {conflict.firstDate} → {conflict.lastDate}
      </td>
      <td className="muted">
        {conflict.sample.slice(0, 1).map((bar) => (
          <span key={bar.date}>
            {bar.date}: {bar.existing.close} → {bar.incoming.close}
          </span>
        ))}
      </td>
      <td className="nowrap">
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          aria-label={`Keep the stored series of ${label}`}
          onClick={() => void dataConflictsStore.getState().resolve(conflict, 'keep')}
        >
          Keep stored
        </button>{' '}
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          aria-label={`Take the new bars of ${label}`}
          onClick={() => void dataConflictsStore.getState().resolve(conflict, 'take')}
        >
          Take new
        </button>
      </td>
    </tr>
  );
}
