import { useState, type FormEvent } from 'react';
import { strategyStore, useStrategies } from '../../stores/app-stores';

/**
 * Start or stop a pair strategy on the desk (z-score or Kalman, the backtest config's
 * fields) and see each pair's last decision with its reason. It decides at every replayed
 * session close and trades through the same path as the ticket; its session is recorded
 * for the divergence report.
 */
export function StrategiesPanel() {
  const strategies = useStrategies((state) => state.strategies);
  const busy = useStrategies((state) => state.busy);
  const [pair, setPair] = useState('KO/PEP');
  const [kind, setKind] = useState<'zscore' | 'kalman'>('zscore');
  const [from, setFrom] = useState('2016-01-04');
  const [to, setTo] = useState('2016-06-30');
  const [lookback, setLookback] = useState('20');
  const [entry, setEntry] = useState('1.5');
  const [exit, setExit] = useState('0.3');
  const [capital, setCapital] = useState('100000');

  async function onStart(event: FormEvent): Promise<void> {
    event.preventDefault();
    const [y = '', x = ''] = pair.trim().toUpperCase().split('/');
    // Numbers go as typed; main validates every field and names the one it refuses.
    await strategyStore.getState().startStrategy(kind, {
      pairs: [{ y, x }],
      from,
      to,
      capital: Number(capital),
      strategy: { kind, lookback: Number(lookback), entry: Number(entry), exit: Number(exit) },
    });
  }

  return (
    <section className="desk-strategies" aria-labelledby="strategies-title" data-testid="strategies-panel">
      <h2 id="strategies-title">Strategies</h2>
      <form onSubmit={(event) => void onStart(event)} className="ticket-form">
        <label className="field narrow">
          <span>Pair (Y/X)</span>
          <input value={pair} maxLength={40} onChange={(event) => setPair(event.target.value)} data-testid="strategy-pair" />
        </label>
        <label className="field narrow">
          <span>Kind</span>
          <select value={kind} onChange={(event) => setKind(event.target.value === 'kalman' ? 'kalman' : 'zscore')} data-testid="strategy-kind">
            <option value="zscore">z-score</option>
            <option value="kalman">Kalman</option>
          </select>
        </label>
        <label className="field narrow">
          <span>From</span>
          <input value={from} onChange={(event) => setFrom(event.target.value)} data-testid="strategy-from" />
        </label>
        <label className="field narrow">
          <span>To</span>
          <input value={to} onChange={(event) => setTo(event.target.value)} data-testid="strategy-to" />
        </label>
        <label className="field narrow">
          <span>Lookback</span>
          <input inputMode="numeric" value={lookback} onChange={(event) => setLookback(event.target.value)} />
        </label>
        <label className="field narrow">
          <span>Entry z</span>
          <input inputMode="decimal" value={entry} onChange={(event) => setEntry(event.target.value)} />
        </label>
        <label className="field narrow">
          <span>Exit z</span>
          <input inputMode="decimal" value={exit} onChange={(event) => setExit(event.target.value)} />
        </label>
        <label className="field narrow">
          <span>Capital</span>
          <input inputMode="decimal" value={capital} onChange={(event) => setCapital(event.target.value)} data-testid="strategy-capital" />
        </label>
        <button type="submit" className="btn" disabled={busy} data-testid="strategy-start">
          Start
        </button>
      </form>
      {strategies.length === 0 ? <p className="muted">No strategy on the desk. Start one, then play a market replay of its window.</p> : null}
      {strategies.length > 0 ? (
        <table className="blotter-table" data-testid="strategies-table">
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">Strategy</th>
              <th scope="col">State</th>
              <th scope="col">Decisions</th>
              <th scope="col">Last decision</th>
              <th scope="col">Session</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {strategies.map((status) => (
              <tr key={status.pair} data-testid={`strategy-row-${status.pair}`}>
                <td>{status.pair}</td>
                <td>
                  {status.strategyId} ({status.kind})
                </td>
                <td>{status.running ? 'running' : 'stopped'}</td>
                <td>{status.decisions}</td>
                <td data-testid="strategy-last-decision">
                  {status.lastDecision === null
                    ? '—'
                    : `${status.lastDecision.day} ${status.lastDecision.kind === 'none' ? 'no decision' : status.lastDecision.kind}: ${status.lastDecision.reason}${status.lastDecision.z === null ? '' : ` (z ${status.lastDecision.z.toFixed(2)})`}${status.lastDecision.detail === null ? '' : ` — ${status.lastDecision.detail}`}`}
                </td>
                <td>{status.sessionId}</td>
                <td>
                  {status.running ? (
                    <button type="button" className="btn" disabled={busy} onClick={() => void strategyStore.getState().stopStrategy(status.pair)} data-testid="strategy-stop">
                      Stop
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
