import type { StressResultWire } from '../../../shared/domain/risk-analytics';
import { riskStore, useRisk } from '../../stores/app-stores';
import type { ShockRow } from '../../stores/risk-store';
import { formatMoney, formatPercent, signClass } from './risk-format';

function StressTable({ results, testId, label }: { readonly results: readonly StressResultWire[]; readonly testId: string; readonly label: string }) {
  return (
    <table className="grid" aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Scenario</th>
          <th scope="col" className="num">P&amp;L</th>
          <th scope="col" className="num">of equity</th>
          <th scope="col">By pair</th>
          <th scope="col">Not priced</th>
        </tr>
      </thead>
      <tbody>
        {results.map((result) => (
          <tr key={result.id} data-scenario={result.id}>
            <td>{result.name}</td>
            <td className={`num ${signClass(result.pnl)}`}>{result.available ? formatMoney(result.pnl) : 'not in the stored history'}</td>
            <td className="num">{result.available ? formatPercent(result.pnlFraction) : '—'}</td>
            <td>{result.byPair.map((pair) => `${pair.pairId} ${formatMoney(pair.pnl)}`).join(', ')}</td>
            <td>{result.missingSymbols.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ShockForm() {
  const shocks = useRisk((state) => state.shocks);
  const errors = useRisk((state) => state.shockErrors);
  const stressing = useRisk((state) => state.stressing);
  const update = (index: number, change: Partial<ShockRow>): void => {
    riskStore.getState().setShocks(shocks.map((row, k) => (k === index ? { ...row, ...change } : row)));
  };
  return (
    <form
      className="shock-form"
      aria-label="User-defined shocks"
      onSubmit={(event) => {
        event.preventDefault();
        void riskStore.getState().runStress();
      }}
    >
      {shocks.map((row, index) => (
        <div className="shock-row" key={index}>
          <label className="field">
            <span>Shock</span>
            <select name={`target-${index}`} value={row.target} onChange={(e) => update(index, { target: e.target.value as ShockRow['target'] })}>
              <option value="market">Market</option>
              <option value="sector">Sector</option>
              <option value="symbol">Symbol</option>
            </select>
          </label>
          {row.target !== 'market' ? (
            <label className="field">
              <span>{row.target === 'sector' ? 'Sector' : 'Symbol'}</span>
              <input name={`name-${index}`} value={row.name} onChange={(e) => update(index, { name: e.target.value })} />
            </label>
          ) : null}
          <label className="field narrow">
            <span>Move %</span>
            <input name={`percent-${index}`} inputMode="decimal" value={row.percent} onChange={(e) => update(index, { percent: e.target.value })} />
          </label>
          <button type="button" className="link-button" onClick={() => riskStore.getState().setShocks(shocks.filter((_, k) => k !== index))}>
            Remove
          </button>
        </div>
      ))}
      <div className="toolbar">
        <button type="button" onClick={() => riskStore.getState().setShocks([...shocks, { target: 'symbol', name: '', percent: '-5' }])}>
          Add a shock
        </button>
        <button type="submit" disabled={stressing}>
          {stressing ? 'Applying…' : 'Apply shocks'}
        </button>
      </div>
      {errors.length > 0 ? (
        <ul className="form-errors" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
      <p className="muted">The most specific shock applies to each position: its symbol&apos;s, else its sector&apos;s, else the market&apos;s.</p>
    </form>
  );
}

export function StressView({ stress }: { readonly stress: readonly StressResultWire[] }) {
  const userStress = useRisk((state) => state.userStress);
  return (
    <div className="risk-section">
      <StressTable results={stress} testId="risk-stress" label="Historical stress scenarios" />
      <h3>User-defined shocks</h3>
      <ShockForm />
      {userStress !== null ? <StressTable results={[userStress]} testId="risk-user-stress" label="User-defined shock result" /> : null}
    </div>
  );
}
