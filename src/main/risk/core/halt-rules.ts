/**
 * The automatic-halt rules, pure: each takes the numbers and returns a breach with its value
 * and limit, or null. The risk monitor holds the state (peaks, windows) and acts on breaches.
 */
export interface Breach {
  readonly value: number;
  readonly limit: number;
  readonly message: string;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

/** Today's loss as a fraction of the start-of-day equity, at or over the limit. */
export function dailyLossBreach(startOfDay: number, equity: number, limit: number): Breach | null {
  if (!(startOfDay > 0) || !Number.isFinite(equity)) return { value: Number.NaN, limit, message: `equity ${equity} or start-of-day equity ${startOfDay} is not usable: failing closed` };
  const loss = Math.max(0, 1 - equity / startOfDay);
  return loss >= limit ? { value: loss, limit, message: `daily loss ${pct(loss)} of start-of-day equity ${startOfDay.toFixed(2)} reached the limit ${pct(limit)}` } : null;
}

/** Peak-to-current drawdown at or over the limit. */
export function drawdownBreach(peak: number, equity: number, limit: number): Breach | null {
  if (!(peak > 0) || !Number.isFinite(equity)) return { value: Number.NaN, limit, message: `equity ${equity} or peak ${peak} is not usable: failing closed` };
  const drawdown = Math.max(0, 1 - equity / peak);
  return drawdown >= limit ? { value: drawdown, limit, message: `drawdown ${pct(drawdown)} from the peak ${peak.toFixed(2)} reached the limit ${pct(limit)}` } : null;
}

/** No quote for longer than the limit. */
export function staleDataBreach(lastQuoteAt: number, now: number, limitMs: number): Breach | null {
  const age = now - lastQuoteAt;
  return age > limitMs ? { value: age, limit: limitMs, message: `no quote for ${Math.round(age / 1000)} s (limit ${Math.round(limitMs / 1000)} s)` } : null;
}

/** Errors inside the trailing window, at or over the burst count. `times` oldest first. */
export function errorBurstBreach(times: readonly number[], now: number, count: number, windowMs: number): Breach | null {
  const recent = times.filter((time) => time > now - windowMs && time <= now).length;
  return recent >= count ? { value: recent, limit: count, message: `${recent} broker errors in the last ${Math.round(windowMs / 1000)} s (limit ${count})` } : null;
}

export interface PositionMismatch {
  readonly symbol: string;
  readonly ours: number;
  readonly broker: number;
}

/** Symbols where the broker's shares and ours differ by more than the tolerance. */
export function reconciliationMismatches(ours: ReadonlyMap<string, number>, broker: ReadonlyMap<string, number>, tolerance: number): PositionMismatch[] {
  const symbols = [...new Set([...ours.keys(), ...broker.keys()])].sort();
  return symbols
    .map((symbol) => ({ symbol, ours: ours.get(symbol) ?? 0, broker: broker.get(symbol) ?? 0 }))
    .filter((row) => Math.abs(row.ours - row.broker) > tolerance);
}
