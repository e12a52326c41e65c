import { formatDateTime } from '../../lib/format';
import { modelsStore, useModels } from '../../stores/app-stores';

/** The selected version's drift checks: PSI and KS per input, rolling error against validation. */
export function DriftPanel() {
  const drift = useModels((state) => state.drift);
  const selectedId = useModels((state) => state.selectedId);
  if (selectedId === null) return null;
  const latest = drift?.[0];
  return (
    <section className="drift-panel" aria-label="Drift" data-testid="drift-panel">
      <h3>Drift</h3>
      <button type="button" className="btn btn-small" onClick={() => void modelsStore.getState().checkDrift()}>
        Check drift now
      </button>
      {latest === undefined ? (
        <p className="muted">No drift check yet.</p>
      ) : (
        <>
          <p className={latest.alarm ? 'warning-text' : 'muted'}>
            {formatDateTime(latest.checkedAt)}: {latest.alarm ? `alarm — ${latest.reasons.join('; ')}` : 'no drift'}
            {latest.demoted ? ' (the champion went back to shadow)' : ''}
            {latest.errorRatio === null ? '' : `; rolling error ${latest.errorRatio.toFixed(2)}× validation`}
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">PSI</th>
                <th scope="col">KS statistic</th>
                <th scope="col">KS p-value</th>
                <th scope="col">Drifted</th>
              </tr>
            </thead>
            <tbody>
              {latest.inputs.map((row) => (
                <tr key={row.name}>
                  <th scope="row">{row.name}</th>
                  <td>{row.psi.toFixed(3)}</td>
                  <td>{row.ksStatistic.toFixed(3)}</td>
                  <td>{row.ksPValue.toExponential(2)}</td>
                  <td>{row.drifted ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
