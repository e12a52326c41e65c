/** Number formats of the Risk page: dollars to the cent, fractions as percentages. */

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatMoney(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : money.format(value);
}

/** 0.0123 → "1.23%". */
export function formatPercent(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

export function formatFixed(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** A signed value's class for colouring gains and losses. */
export function signClass(value: number): string {
  return value > 0 ? 'gain' : value < 0 ? 'loss' : '';
}
