import type { MonteCarloResultWire } from '../../../shared/domain/risk-analytics';
import { riskStore, useRisk } from '../../stores/app-stores';
import { formatMoney } from './risk-format';

const WIDTH = 600;
const HEIGHT = 180;

/** The bootstrap's horizon P&L as a histogram; losses red, gains green, the 5% quantile marked. */
function Histogram({ result }: { readonly result: MonteCarloResultWire }) {
  const { edges, counts } = result.histogram;
  const top = Math.max(...counts, 1);
  const lo = edges[0] ?? 0;
  const hi = edges[edges.length - 1] ?? 1;
  const x = (value: number): number => ((value - lo) / (hi - lo || 1)) * WIDTH;
  const q05 = result.quantiles.find((quantile) => quantile.p === 0.05)?.value ?? null;
  return (
    <svg className="histogram" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Distribution of the ${result.horizonDays}-day P&L over ${result.paths} paths`} data-testid="risk-mc-histogram">
      {counts.map((count, k) => {
        const left = edges[k] ?? lo;
        const right = edges[k + 1] ?? hi;
        const height = (count / top) * (HEIGHT - 10);
        return <rect key={k} x={x(left)} y={HEIGHT - height} width={Math.max(1, x(right) - x(left) - 1)} height={height} className={right <= 0 ? 'loss-bar' : 'gain-bar'} />;
      })}
      {q05 !== null ? <line x1={x(q05)} x2={x(q05)} y1={0} y2={HEIGHT} className="quantile-line" /> : null}
    </svg>
  );
}

export function MonteCarloView({ hasPositions }: { readonly hasPositions: boolean }) {
  const result = useRisk((state) => state.monteCarlo);
  const simulating = useRisk((state) => state.simulating);
  return (
    <div className="risk-section" data-testid="risk-montecarlo">
      <div className="toolbar">
        <button type="button" disabled={simulating || !hasPositions} onClick={() => void riskStore.getState().runMonteCarlo()}>
          {simulating ? 'Simulating…' : 'Run the bootstrap'}
        </button>
      </div>
      {result === null ? (
        <p className="muted">A seeded block bootstrap of today&apos;s positions over the VaR window.</p>
      ) : (
        <>
          <Histogram result={result} />
          <p className="muted">
            {result.paths.toLocaleString('en-US')} paths of {result.horizonDays} days, blocks of {result.blockLength}, seed {result.seed}, from {result.observations} days. Mean {formatMoney(result.mean)}; VaR 95%{' '}
            {formatMoney(result.var95)} (CVaR {formatMoney(result.cvar95)}), VaR 99% {formatMoney(result.var99)} (CVaR {formatMoney(result.cvar99)}).
          </p>
          <table className="grid" aria-label="Monte Carlo quantiles">
            <thead>
              <tr>
                {result.quantiles.map((quantile) => (
                  <th key={quantile.p} scope="col" className="num">
                    {(quantile.p * 100).toFixed(0)}%
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {result.quantiles.map((quantile) => (
                  <td key={quantile.p} className="num">
                    {formatMoney(quantile.value)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
