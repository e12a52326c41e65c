import type { RiskSnapshotWire } from '../../../shared/domain/risk-analytics';
import { formatFixed, formatMoney } from './risk-format';

/** One-day VaR and CVaR, historical and normal, and the β of the book to the equal-weight index. */
export function VarView({ valueAtRisk, beta }: { readonly valueAtRisk: RiskSnapshotWire['valueAtRisk']; readonly beta: RiskSnapshotWire['beta'] }) {
  return (
    <div className="risk-section">
      <table className="grid" aria-label="Value at risk" data-testid="risk-var">
        <thead>
          <tr>
            <th scope="col">Confidence</th>
            <th scope="col" className="num">Historical VaR</th>
            <th scope="col" className="num">Historical CVaR</th>
            <th scope="col" className="num">Normal VaR</th>
            <th scope="col" className="num">Normal CVaR</th>
          </tr>
        </thead>
        <tbody>
          {valueAtRisk.figures.map((figure) => (
            <tr key={figure.confidence}>
              <td>{(figure.confidence * 100).toFixed(0)}%</td>
              <td className="num">{formatMoney(figure.historicalVar)}</td>
              <td className="num">{formatMoney(figure.historicalCvar)}</td>
              <td className="num">{formatMoney(figure.parametricVar)}</td>
              <td className="num">{formatMoney(figure.parametricCvar)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        One day, today&apos;s positions replayed over {valueAtRisk.observations} trading days{valueAtRisk.from !== null ? ` from ${valueAtRisk.from}` : ''}
        {valueAtRisk.skippedDays > 0 ? ` (${valueAtRisk.skippedDays} days without a close for every held symbol left out)` : ''}.
      </p>
      <p data-testid="risk-beta">
        β to the equal-weight index: <strong>{formatFixed(beta.portfolioBeta, 3)}</strong> (dollar β {formatMoney(beta.dollarBeta)} per 100% index move, {beta.observations} days)
      </p>
    </div>
  );
}
