import { useState } from 'react';
import type { BlotterSnapshot, DeskOrder } from '../../../shared/domain/desk';
import { deskStore } from '../../stores/app-stores';

const WORKING = new Set<DeskOrder['status']>(['new', 'submitted', 'accepted', 'partially_filled', 'pending_cancel', 'pending_replace', 'unknown']);
const money = (value: number): string => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Working and recent orders (cancel / replace), positions per pair and leg, fills, live P&L; every row pushed from main. */
export function BlotterView({ blotter }: { readonly blotter: BlotterSnapshot }) {
  return (
    <section className="desk-blotter" aria-labelledby="blotter-title" data-testid="blotter">
      <h2 id="blotter-title">Blotter</h2>
      <p data-testid="blotter-pnl">
        P&amp;L {money(blotter.pnl.total)} (realized {money(blotter.pnl.realized)}, unrealized {money(blotter.pnl.unrealized)}, costs {money(blotter.pnl.costs)})
      </p>
      <h3>Orders</h3>
      <table className="grid" data-testid="blotter-orders">
        <thead>
          <tr>
            <th>Order</th>
            <th>Pair</th>
            <th>Symbol</th>
            <th>Side</th>
            <th className="num">Qty</th>
            <th className="num">Filled</th>
            <th>Type</th>
            <th>Status</th>
            <th>Detail</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {blotter.orders.map((order) => (
            <OrderRow key={order.id} order={order} />
          ))}
        </tbody>
      </table>
      <h3>Positions</h3>
      <table className="grid" data-testid="blotter-positions">
        <thead>
          <tr>
            <th>Pair</th>
            <th>Leg</th>
            <th className="num">Shares</th>
            <th className="num">Avg cost</th>
            <th className="num">Last</th>
            <th className="num">Unrealized</th>
            <th className="num">Realized</th>
          </tr>
        </thead>
        <tbody>
          {blotter.positions.flatMap((pair) =>
            pair.legs.map((leg) => (
              <tr key={`${pair.pair}-${leg.symbol}`} className={pair.naked ? 'naked-leg' : undefined}>
                <td>
                  {pair.pair}
                  {pair.naked ? ' (naked leg)' : ''}
                </td>
                <td>{leg.symbol}</td>
                <td className="num">{leg.quantity}</td>
                <td className="num">{money(leg.averageCost)}</td>
                <td className="num">{leg.lastPrice === null ? '—' : money(leg.lastPrice)}</td>
                <td className="num">{money(leg.unrealizedPnl)}</td>
                <td className="num">{money(leg.realizedPnl)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <h3>Fills</h3>
      <table className="grid" data-testid="blotter-fills">
        <thead>
          <tr>
            <th>Order</th>
            <th>Symbol</th>
            <th>Side</th>
            <th className="num">Qty</th>
            <th className="num">Price</th>
            <th className="num">Costs</th>
            <th>Session</th>
          </tr>
        </thead>
        <tbody>
          {blotter.fills.map((fill, index) => (
            <tr key={`${fill.orderId}-${index}`}>
              <td className="mono">{fill.orderId}</td>
              <td>{fill.symbol}</td>
              <td>{fill.side}</td>
              <td className="num">{fill.quantity}</td>
              <td className="num">{fill.price}</td>
              <td className="num">{money(fill.costs.total)}</td>
              <td>{fill.fillDay}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OrderRow({ order }: { readonly order: DeskOrder }) {
  const [editing, setEditing] = useState(false);
  const [quantity, setQuantity] = useState(String(order.quantity));
  const [limit, setLimit] = useState(order.limitPrice === null ? '' : String(order.limitPrice));
  const working = WORKING.has(order.status);
  async function replace(): Promise<void> {
    const change = { ...(Number(quantity) !== order.quantity ? { quantity: Number(quantity) } : {}), ...(order.type === 'LIMIT' && limit !== '' ? { limitPrice: Number(limit) } : {}) };
    if (await deskStore.getState().replace(order.id, change)) setEditing(false);
  }
  return (
    <tr data-testid="blotter-order" data-status={order.status} data-symbol={order.symbol}>
      <td className="mono">{order.id}</td>
      <td>{order.pair}</td>
      <td>{order.symbol}</td>
      <td>{order.side}</td>
      <td className="num">{editing ? <input aria-label={`New quantity of ${order.id}`} inputMode="numeric" value={quantity} onChange={(event) => setQuantity(event.target.value)} /> : order.quantity}</td>
      <td className="num">{order.filledQuantity}</td>
      <td>
        {order.type}
        {order.type === 'LIMIT' ? (editing ? <input aria-label={`New limit of ${order.id}`} value={limit} onChange={(event) => setLimit(event.target.value)} /> : ` ${order.limitPrice ?? ''}`) : ''}
      </td>
      <td>
        {order.status}
        {order.queuedForOpen ? ' (pending: queued for the open)' : ''}
      </td>
      <td>{order.detail ?? ''}</td>
      <td className="nowrap">
        {working && !editing ? (
          <>
            <button type="button" className="btn btn-small" onClick={() => void deskStore.getState().cancel(order.id)} data-testid="cancel-order">
              Cancel
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
              Replace…
            </button>
          </>
        ) : null}
        {editing ? (
          <>
            <button type="button" className="btn btn-small" onClick={() => void replace()}>
              Send replace
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
              Keep
            </button>
          </>
        ) : null}
      </td>
    </tr>
  );
}
