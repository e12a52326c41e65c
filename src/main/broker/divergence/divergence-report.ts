import type { EpochDay } from '../../core/time/epoch-day';
import { costKinds, sideSign, totalCost, type CostBreakdown, type CostKind, type Fill, type Order, type OrderSide } from '../../engine/domain';
import { CompensatedSum } from '../../engine/compensated-sum';
import type { RecordedDecision, RecordedFill } from '../recording/session-recorder';

/**
 * The divergence report (issue 14), pure: a recorded session against the backtester's run of
 * the same config on the same data. Every difference is listed, with totals:
 *   - signals: a decision (pair, decision close, leg sides) the model made and the session did
 *     not (missed), or the reverse (extra);
 *   - fills, matched by (pair, leg, decision close, side) and aggregated over partial fills:
 *     price vs modelled (in dollars on the matched shares, positive = worse for the desk:
 *     paid more on a buy, received less on a sale), quantity, cost vs modelled (per kind,
 *     positive = paid more), timing (first fill session, recorded − modelled in days);
 *     a fill on one side only is a missing or extra fill.
 * Totals are compensated sums of the listed items, in list order, so they reconcile with
 * the items exactly as printed.
 */

export interface Signal {
  readonly pairId: string;
  readonly day: EpochDay;
  /** "x:BUY,y:SELL_SHORT": the legs' sides, sorted by leg. */
  readonly sides: string;
}

export type Difference =
  | { readonly kind: 'missed_signal' | 'extra_signal'; readonly pairId: string; readonly day: EpochDay; readonly sides: string }
  | {
      readonly kind: 'fill_price';
      readonly key: string;
      readonly symbol: string;
      readonly side: OrderSide;
      readonly quantity: number;
      readonly recordedPrice: number;
      readonly modelledPrice: number;
      readonly dollars: number;
    }
  | { readonly kind: 'quantity'; readonly key: string; readonly symbol: string; readonly recorded: number; readonly modelled: number }
  | {
      readonly kind: 'cost';
      readonly key: string;
      readonly symbol: string;
      readonly recorded: number;
      readonly modelled: number;
      readonly dollars: number;
      readonly byKind: Readonly<Record<CostKind, number>>;
    }
  | { readonly kind: 'timing'; readonly key: string; readonly symbol: string; readonly recordedDay: EpochDay; readonly modelledDay: EpochDay; readonly days: number }
  | { readonly kind: 'missing_fill' | 'extra_fill'; readonly key: string; readonly symbol: string; readonly quantity: number; readonly price: number };

export interface DivergenceTotals {
  readonly missedSignals: number;
  readonly extraSignals: number;
  readonly fillsCompared: number;
  readonly priceDifferences: number;
  /** Σ fill_price dollars (positive = the desk did worse than the model). */
  readonly priceDollars: number;
  readonly costDifferences: number;
  /** Σ cost dollars (positive = the desk paid more than modelled). */
  readonly costDollars: number;
  readonly quantityDifferences: number;
  readonly timingDifferences: number;
  readonly missingFills: number;
  readonly extraFills: number;
}

export interface DivergenceReport {
  readonly differences: readonly Difference[];
  readonly totals: DivergenceTotals;
}

export interface DivergenceInput {
  readonly recorded: { readonly signals: readonly Signal[]; readonly fills: readonly RecordedFill[] };
  readonly modelled: { readonly signals: readonly Signal[]; readonly fills: readonly Fill[] };
}

/** Prices closer than this are the same price (they come from the same arithmetic on the same bars). */
const PRICE_TOLERANCE = 1e-9;

type FillLike = Pick<Fill, 'pairId' | 'leg' | 'symbol' | 'side' | 'quantity' | 'price' | 'signalDay' | 'fillDay'> & { readonly costs: CostBreakdown };

interface Aggregate {
  readonly key: string;
  readonly symbol: string;
  readonly side: OrderSide;
  quantity: number;
  notional: number;
  firstDay: EpochDay;
  costs: Record<CostKind, number>;
}

export function signalsOfDecisions(decisions: readonly RecordedDecision[]): Signal[] {
  return decisions.map((decision) => ({ pairId: decision.pairId, day: decision.day, sides: sidesOf(decision.legs) }));
}

/** The backtester's decisions from its orders: one per pair order and decision close. */
export function signalsOfOrders(orders: readonly Order[]): Signal[] {
  const groups = new Map<string, { pairId: string; day: EpochDay; legs: Array<{ leg: string; side: string }> }>();
  for (const order of orders) {
    // Order ids are "<pair order id>/<leg><attempt>" (engine/order-manager.ts).
    const pairOrderId = order.id.slice(0, order.id.lastIndexOf('/'));
    const key = `${pairOrderId}@${order.decidedOn}`;
    const group = groups.get(key) ?? { pairId: order.pairId, day: order.decidedOn, legs: [] };
    group.legs.push({ leg: order.leg, side: order.side });
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({ pairId: group.pairId, day: group.day, sides: sidesOf(group.legs) }));
}

export function divergenceReport(input: DivergenceInput): DivergenceReport {
  const differences: Difference[] = [];
  diffSignals(input.modelled.signals, input.recorded.signals, differences);
  const recorded = aggregate(input.recorded.fills);
  const modelled = aggregate(input.modelled.fills);
  let compared = 0;
  for (const [key, model] of modelled) {
    const actual = recorded.get(key);
    if (actual === undefined) {
      differences.push({ kind: 'missing_fill', key, symbol: model.symbol, quantity: model.quantity, price: model.notional / model.quantity });
      continue;
    }
    compared++;
    compareFill(key, actual, model, differences);
  }
  for (const [key, actual] of recorded) {
    if (!modelled.has(key)) differences.push({ kind: 'extra_fill', key, symbol: actual.symbol, quantity: actual.quantity, price: actual.notional / actual.quantity });
  }
  return { differences, totals: totalsOf(differences, compared) };
}

function diffSignals(modelled: readonly Signal[], recorded: readonly Signal[], out: Difference[]): void {
  const key = (signal: Signal): string => `${signal.pairId}|${signal.day}|${signal.sides}`;
  const recordedKeys = new Map<string, number>();
  for (const signal of recorded) recordedKeys.set(key(signal), (recordedKeys.get(key(signal)) ?? 0) + 1);
  const modelledKeys = new Map<string, number>();
  for (const signal of modelled) modelledKeys.set(key(signal), (modelledKeys.get(key(signal)) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const signal of modelled) {
    const count = (seen.get(key(signal)) ?? 0) + 1;
    seen.set(key(signal), count);
    if (count > (recordedKeys.get(key(signal)) ?? 0)) out.push({ kind: 'missed_signal', ...signal });
  }
  seen.clear();
  for (const signal of recorded) {
    const count = (seen.get(key(signal)) ?? 0) + 1;
    seen.set(key(signal), count);
    if (count > (modelledKeys.get(key(signal)) ?? 0)) out.push({ kind: 'extra_signal', ...signal });
  }
}

function compareFill(key: string, actual: Aggregate, model: Aggregate, out: Difference[]): void {
  const recordedPrice = actual.notional / actual.quantity;
  const modelledPrice = model.notional / model.quantity;
  if (Math.abs(recordedPrice - modelledPrice) > PRICE_TOLERANCE * Math.max(1, Math.abs(modelledPrice))) {
    const quantity = Math.min(actual.quantity, model.quantity);
    out.push({ kind: 'fill_price', key, symbol: actual.symbol, side: actual.side, quantity, recordedPrice, modelledPrice, dollars: sideSign(actual.side) * (recordedPrice - modelledPrice) * quantity });
  }
  if (actual.quantity !== model.quantity) out.push({ kind: 'quantity', key, symbol: actual.symbol, recorded: actual.quantity, modelled: model.quantity });
  const recordedCost = sumCosts(actual.costs);
  const modelledCost = sumCosts(model.costs);
  if (costKinds.some((kind) => actual.costs[kind] !== model.costs[kind])) {
    const byKind = Object.fromEntries(costKinds.map((kind) => [kind, roundCentsDiff(actual.costs[kind] - model.costs[kind])])) as Record<CostKind, number>;
    out.push({ kind: 'cost', key, symbol: actual.symbol, recorded: recordedCost, modelled: modelledCost, dollars: roundCentsDiff(recordedCost - modelledCost), byKind });
  }
  if (actual.firstDay !== model.firstDay) out.push({ kind: 'timing', key, symbol: actual.symbol, recordedDay: actual.firstDay, modelledDay: model.firstDay, days: actual.firstDay - model.firstDay });
}

function aggregate(fills: readonly FillLike[]): Map<string, Aggregate> {
  const out = new Map<string, Aggregate>();
  for (const fill of fills) {
    const key = `${fill.pairId}|${fill.leg}|${fill.signalDay}|${fill.side}`;
    const item = out.get(key) ?? { key, symbol: fill.symbol, side: fill.side, quantity: 0, notional: 0, firstDay: fill.fillDay, costs: { commission: 0, secFee: 0, finraTaf: 0, slippage: 0, impact: 0 } };
    item.quantity += fill.quantity;
    item.notional += fill.quantity * fill.price;
    item.firstDay = Math.min(item.firstDay, fill.fillDay);
    for (const kind of costKinds) item.costs[kind] = roundCentsDiff(item.costs[kind] + fill.costs[kind]);
    out.set(key, item);
  }
  return out;
}

function totalsOf(differences: readonly Difference[], fillsCompared: number): DivergenceTotals {
  const price = new CompensatedSum();
  const cost = new CompensatedSum();
  const count = (kind: Difference['kind']): number => differences.filter((item) => item.kind === kind).length;
  for (const item of differences) {
    if (item.kind === 'fill_price') price.add(item.dollars);
    if (item.kind === 'cost') cost.add(item.dollars);
  }
  return {
    missedSignals: count('missed_signal'),
    extraSignals: count('extra_signal'),
    fillsCompared,
    priceDifferences: count('fill_price'),
    priceDollars: price.value,
    costDifferences: count('cost'),
    costDollars: roundCentsDiff(cost.value),
    quantityDifferences: count('quantity'),
    timingDifferences: count('timing'),
    missingFills: count('missing_fill'),
    extraFills: count('extra_fill'),
  };
}

function sidesOf(legs: readonly { readonly leg: string; readonly side: string }[]): string {
  return legs
    .map((leg) => `${leg.leg}:${leg.side}`)
    .sort()
    .join(',');
}

function sumCosts(costs: CostBreakdown): number {
  return roundCentsDiff(totalCost(costs));
}

/** Costs are booked in cents; sums and differences of them are re-rounded so 0.1 + 0.2 prints 0.3. */
function roundCentsDiff(amount: number): number {
  return Math.round(amount * 100) / 100;
}
