import { useState } from 'react';
import type { HaltOutcome } from '../../../shared/domain/desk';
import { deskStore } from '../../stores/app-stores';

/**
 * What the latest halt did to each order: cancels confirmed or still unconfirmed (the broker
 * has not answered; retries continue), flattens pending for the open, naked legs said out loud.
 * Flattening takes a second confirmation here; the halt itself never does.
 */
export function HaltOutcomePanel({ outcome, halted }: { readonly outcome: HaltOutcome | null; readonly halted: boolean }) {
  const [confirmFlatten, setConfirmFlatten] = useState(false);
  return (
    <section className="desk-halt" aria-labelledby="halt-outcome-title" data-testid="halt-outcome">
      <h2 id="halt-outcome-title">Kill switch</h2>
      {outcome === null ? <p className="muted">No halt this session.</p> : null}
      {outcome !== null ? (
        <>
          <p data-testid="halt-outcome-summary">
            Halt of {outcome.scope} by {outcome.actor}
            {outcome.reason === null ? '' : ` (${outcome.reason})`}: {outcome.orders.filter((entry) => entry.action === 'cancel').length} cancel(s),{' '}
            {outcome.orders.filter((entry) => entry.outcome === 'unconfirmed').length} unconfirmed{outcome.complete ? ', all confirmed' : ''}.
          </p>
          <table className="grid">
            <thead>
              <tr>
                <th>Order</th>
                <th>Symbol</th>
                <th>Action</th>
                <th>Outcome</th>
                <th className="num">Attempts</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {outcome.orders.map((entry) => (
                <tr key={`${entry.action}-${entry.orderId}`} data-testid="halt-order" data-outcome={entry.outcome}>
                  <td className="mono">{entry.orderId}</td>
                  <td>{entry.symbol}</td>
                  <td>{entry.action}</td>
                  <td className={entry.outcome === 'unconfirmed' || entry.outcome === 'failed' ? 'outcome-warn' : undefined}>{entry.outcome}</td>
                  <td className="num">{entry.attempts}</td>
                  <td>{entry.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {outcome.nakedLegs.length > 0 ? (
            <ul className="naked-legs" role="alert">
              {outcome.nakedLegs.map((leg) => (
                <li key={`${leg.pair}-${leg.symbol}`}>{leg.detail}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {halted && !confirmFlatten ? (
        <button type="button" className="btn btn-danger" onClick={() => setConfirmFlatten(true)} data-testid="flatten">
          Flatten all positions…
        </button>
      ) : null}
      {halted && confirmFlatten ? (
        <div role="alertdialog" aria-label="Confirm flatten" className="ticket-confirm">
          <p>Close every position, both legs of each pair together? Outside regular hours the orders rest as marketable limits until the open.</p>
          <button type="button" className="btn" onClick={() => setConfirmFlatten(false)}>
            Keep positions
          </button>
          <button
            type="button"
            className="btn btn-danger"
            data-testid="confirm-flatten"
            onClick={() => {
              setConfirmFlatten(false);
              void deskStore.getState().flatten('global');
            }}
          >
            Yes, flatten
          </button>
        </div>
      ) : null}
    </section>
  );
}
