import { scannerStore, useScanner } from '../../stores/app-stores';
import { formatHalfLife, formatProbability, formatRatio } from './pair-format';

/** Watched pairs and what the daily health check last said about each. */
export function WatchlistView() {
  const watchlist = useScanner((state) => state.watchlist);
  if (watchlist === null) return <p className="muted">Loading the watchlist…</p>;
  if (watchlist.length === 0) return <p className="muted">No pairs watched yet. Open a pair and add it to the watchlist.</p>;
  return (
    <table className="grid" aria-label="Watchlist" data-testid="watchlist">
      <thead>
        <tr>
          <th scope="col">Pair</th>
          <th scope="col">Health</th>
          <th scope="col">Checked</th>
          <th scope="col" className="num">p-value</th>
          <th scope="col" className="num">Half-life</th>
          <th scope="col" className="num">β</th>
          <th scope="col">Why</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {watchlist.map((entry) => (
          <tr key={`${entry.y}/${entry.x}`} className={entry.health?.status === 'broken' ? 'broken' : undefined}>
            <td className="nowrap">
              {entry.y} / {entry.x}
            </td>
            <td>{entry.health?.status ?? 'not checked yet'}</td>
            <td className="nowrap">{entry.health?.date ?? '—'}</td>
            <td className="num">{formatProbability(entry.health?.pvalue ?? null)}</td>
            <td className="num">{formatHalfLife(entry.health?.halfLife ?? null)}</td>
            <td className="num">{formatRatio(entry.health?.beta ?? null)}</td>
            <td>{entry.health?.reasons.join('; ') ?? ''}</td>
            <td>
              <button type="button" className="link-button" onClick={() => void scannerStore.getState().unwatch(entry.y, entry.x)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
