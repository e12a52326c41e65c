import type { RiskSnapshotWire } from '../../../shared/domain/risk-analytics';
import { formatFixed } from './risk-format';

/** Red for positive, blue for negative correlation; its strength is the opacity. */
function cellStyle(value: number | null): { backgroundColor?: string } {
  if (value === null) return {};
  const alpha = Math.min(1, Math.abs(value)) * 0.8;
  return { backgroundColor: value >= 0 ? `rgba(239, 83, 80, ${alpha})` : `rgba(74, 163, 255, ${alpha})` };
}

/** Correlation of the open pairs' daily P&L. */
export function CorrelationHeatmap({ correlation }: { readonly correlation: RiskSnapshotWire['correlation'] }) {
  if (correlation.pairs.length < 2) return <p className="muted">Correlation needs at least two open pairs.</p>;
  return (
    <table className="grid heatmap" aria-label="Correlation of the open pairs" data-testid="risk-correlation">
      <thead>
        <tr>
          <th scope="col" />
          {correlation.pairs.map((pair) => (
            <th key={pair} scope="col" className="num">
              {pair}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {correlation.pairs.map((pair, i) => (
          <tr key={pair}>
            <th scope="row">{pair}</th>
            {(correlation.matrix[i] ?? []).map((value, j) => (
              <td key={correlation.pairs[j] ?? j} className="num" style={cellStyle(value)}>
                {formatFixed(value, 2)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
