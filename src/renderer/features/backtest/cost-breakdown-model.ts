/**
 * The tear sheet's cost breakdown: transaction costs by kind (positive dollars paid) and the
 * financing accruals (signed dollars, negative paid), in one fixed order so two runs read
 * alike. Kinds the page does not know yet are kept, after the known ones, under their own
 * name: a new cost the engine adds is shown, never dropped.
 */

export interface CostRow {
  readonly kind: string;
  readonly label: string;
  /** Dollars the run paid for this kind (a rebate or a dividend received is negative). */
  readonly paid: number;
  /** This kind's share of everything paid (0 when nothing was paid), for the bar. */
  readonly share: number;
}

export interface CostBreakdownView {
  readonly rows: readonly CostRow[];
  /** Net dollars paid over every kind. */
  readonly totalPaid: number;
}

const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['commission', 'Commission'],
  ['secFee', 'SEC Section 31 fee'],
  ['finraTaf', 'FINRA TAF'],
  ['slippage', 'Half-spread slippage'],
  ['impact', 'Market impact'],
  ['borrow_fee', 'Short borrow fee'],
  ['margin_interest', 'Margin interest'],
  ['short_rebate', 'Short credit rebate'],
  ['dividend', 'Dividends'],
];

function labelOf(kind: string): string {
  return LABELS.find(([known]) => known === kind)?.[1] ?? kind.replaceAll('_', ' ');
}

/**
 * Rows from the run's costs (≥ 0, paid) and accruals (signed, negative = paid). Accruals are
 * turned into "paid" so one column reads the same way for both.
 */
export function costBreakdown(costsByKind: Readonly<Record<string, number>>, accrualsByKind: Readonly<Record<string, number>> = {}): CostBreakdownView {
  const paid = new Map<string, number>();
  for (const [kind, amount] of Object.entries(costsByKind)) paid.set(kind, (paid.get(kind) ?? 0) + amount);
  for (const [kind, amount] of Object.entries(accrualsByKind)) paid.set(kind, (paid.get(kind) ?? 0) - amount);
  const order = (kind: string): number => {
    const index = LABELS.findIndex(([known]) => known === kind);
    return index < 0 ? LABELS.length : index;
  };
  const kinds = [...paid.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const grossPaid = kinds.reduce((sum, kind) => sum + Math.max(0, paid.get(kind) ?? 0), 0);
  const rows = kinds.map((kind) => {
    const amount = paid.get(kind) ?? 0;
    return { kind, label: labelOf(kind), paid: amount, share: grossPaid > 0 ? Math.max(0, amount) / grossPaid : 0 };
  });
  return { rows, totalPaid: kinds.reduce((sum, kind) => sum + (paid.get(kind) ?? 0), 0) };
}
