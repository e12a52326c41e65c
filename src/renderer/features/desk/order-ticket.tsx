import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { TicketPreview } from '../../../shared/domain/desk';
import { deskStore, useDesk, useTrading } from '../../stores/app-stores';
import type { TicketInput } from '../../stores/desk-store';

const money = (value: number): string => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The pair ticket: legs and quantities from the sizing rules (or typed), live quotes, every
 * cost kind, each pre-trade check; Preview (Alt+P), then a confirm step (Enter confirms,
 * Escape goes back). Disabled with main's reason when the state or a check forbids it.
 */
export function OrderTicket() {
  const preview = useDesk((state) => state.preview);
  const previewing = useDesk((state) => state.previewing);
  const placing = useDesk((state) => state.placing);
  const status = useTrading((state) => state.state?.effective.status ?? null);
  const [pair, setPair] = useState('KO/PEP');
  const [intent, setIntent] = useState<'open' | 'close'>('open');
  const [direction, setDirection] = useState<'long' | 'short'>('long');
  const [quantityY, setQuantityY] = useState('');
  const [quantityX, setQuantityX] = useState('');
  const [confirming, setConfirming] = useState(false);

  const ticket = (): TicketInput => ({
    pair: pair.trim().toUpperCase(),
    intent,
    direction,
    ...(quantityY.trim() === '' ? {} : { quantityY: Number(quantityY) }),
    ...(quantityX.trim() === '' ? {} : { quantityX: Number(quantityX) }),
  });
  const changed = (apply: () => void) => {
    apply();
    setConfirming(false);
    deskStore.getState().clearPreview();
  };

  async function onPreview(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    setConfirming(false);
    await deskStore.getState().previewTicket(ticket());
  }

  async function onConfirm(): Promise<void> {
    if (await deskStore.getState().place(ticket())) setConfirming(false);
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.altKey && event.key.toLowerCase() === 'p') {
      event.preventDefault();
      void onPreview();
    } else if (event.key === 'Escape' && confirming) {
      event.preventDefault();
      setConfirming(false);
    }
  }

  return (
    <section className="desk-ticket" aria-labelledby="ticket-title" onKeyDown={onKeyDown} data-testid="order-ticket">
      <h2 id="ticket-title">Pair ticket</h2>
      <form onSubmit={(event) => void onPreview(event)} className="ticket-form">
        <label className="field narrow">
          <span>Pair (Y/X)</span>
          <input name="pair" value={pair} maxLength={40} onChange={(event) => changed(() => setPair(event.target.value))} data-testid="ticket-pair" />
        </label>
        <label className="field narrow">
          <span>Intent</span>
          <select value={intent} onChange={(event) => changed(() => setIntent(event.target.value === 'close' ? 'close' : 'open'))} data-testid="ticket-intent">
            <option value="open">Open</option>
            <option value="close">Close</option>
          </select>
        </label>
        <label className="field narrow">
          <span>Spread</span>
          <select value={direction} disabled={intent === 'close'} onChange={(event) => changed(() => setDirection(event.target.value === 'short' ? 'short' : 'long'))}>
            <option value="long">Long (buy Y, short X)</option>
            <option value="short">Short (short Y, buy X)</option>
          </select>
        </label>
        <label className="field narrow">
          <span>Y shares (blank: sized)</span>
          <input inputMode="numeric" value={quantityY} onChange={(event) => changed(() => setQuantityY(event.target.value))} data-testid="ticket-qty-y" />
        </label>
        <label className="field narrow">
          <span>X shares (blank: sized)</span>
          <input inputMode="numeric" value={quantityX} onChange={(event) => changed(() => setQuantityX(event.target.value))} data-testid="ticket-qty-x" />
        </label>
        <button type="submit" className="btn" disabled={previewing} aria-keyshortcuts="Alt+P" data-testid="ticket-preview">
          {previewing ? 'Previewing…' : 'Preview (Alt+P)'}
        </button>
      </form>
      {status === 'HALTED' ? <p className="ticket-blocked" role="status">Trading is HALTED: tickets are disabled until a human resumes.</p> : null}
      {preview !== null ? <TicketPreviewView preview={preview} /> : null}
      {preview !== null && !confirming ? (
        <button type="button" className="btn btn-primary" disabled={!preview.allowed} title={preview.disabledReason ?? undefined} onClick={() => setConfirming(true)} data-testid="ticket-place">
          Place…
        </button>
      ) : null}
      {preview !== null && confirming ? (
        <div className="ticket-confirm" role="alertdialog" aria-label="Confirm the ticket" data-testid="ticket-confirm">
          <p>
            Send {preview.legs.map((leg) => `${leg.side} ${leg.quantity} ${leg.symbol}`).join(' and ')} for {preview.forSession}?
          </p>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            Back (Esc)
          </button>
          <button type="button" className="btn btn-primary" autoFocus disabled={placing || !preview.allowed} onClick={() => void onConfirm()} data-testid="ticket-confirm-place">
            {placing ? 'Placing…' : 'Confirm (Enter)'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function TicketPreviewView({ preview }: { readonly preview: TicketPreview }) {
  return (
    <div className="ticket-preview" data-testid="ticket-preview-view">
      {preview.disabledReason !== null ? (
        <p className="ticket-blocked" role="alert" data-testid="ticket-disabled-reason">
          {preview.disabledReason}
        </p>
      ) : null}
      <table className="grid">
        <thead>
          <tr>
            <th>Leg</th>
            <th>Side</th>
            <th className="num">Shares</th>
            <th className="num">Bid</th>
            <th className="num">Ask</th>
            <th className="num">Price</th>
            <th className="num">Notional</th>
            <th className="num">Commission</th>
            <th className="num">SEC</th>
            <th className="num">TAF</th>
            <th className="num">Slippage</th>
            <th className="num">Impact</th>
          </tr>
        </thead>
        <tbody>
          {preview.legs.map((leg) => (
            <tr key={leg.leg}>
              <td>{leg.symbol}</td>
              <td>{leg.side}</td>
              <td className="num">{leg.quantity}</td>
              <td className="num">{leg.quote?.bid ?? '—'}</td>
              <td className="num">{leg.quote?.ask ?? '—'}</td>
              <td className="num">{leg.referencePrice ?? '—'}</td>
              <td className="num">{money(leg.notional)}</td>
              <td className="num">{money(leg.estimatedCosts.commission)}</td>
              <td className="num">{money(leg.estimatedCosts.secFee)}</td>
              <td className="num">{money(leg.estimatedCosts.finraTaf)}</td>
              <td className="num">{money(leg.estimatedCosts.slippage)}</td>
              <td className="num">{money(leg.estimatedCosts.impact)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Gross {money(preview.grossNotional)} · estimated costs {money(preview.totalCosts.total)} · for session {preview.forSession} · state {preview.tradingStatus}
      </p>
      <ul className="ticket-checks" aria-label="Pre-trade checks">
        {preview.checks.map((check) => (
          <li key={check.name} className={check.passed ? 'check-pass' : 'check-fail'} data-testid={`check-${check.name}`}>
            {check.passed ? '✓' : '✗'} {check.name}: {check.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
