import type { CloseMatrix } from '../../core/market/series';
import { epochDayFromIso, type EpochDay } from '../../core/time/epoch-day';
import { closeAt, columnIndex, type MarkedPosition } from './risk-inputs';

/**
 * Stress scenarios: what today's positions would make or lose if a given day's moves hit
 * them now. A position's stressed P&L is MV · r, MV today's market value and r the shock.
 * - Historical: r is the symbol's close-to-close return on that day (its close on the day
 *   over its close on the previous stored row). A symbol without both closes is listed as
 *   missing and contributes nothing, so the result says what it could not price.
 * - User shocks: a return per symbol, per sector or for the whole market; the most specific
 *   one applies (symbol, then sector, then market), so "tech −10%, AAPL −20%" does what it says.
 */

export interface HistoricalScenario {
  readonly id: string;
  readonly name: string;
  readonly day: EpochDay;
}

/** The three days; all three are in the bundled sample and the vendored S&P set. */
export const HISTORICAL_SCENARIOS: readonly HistoricalScenario[] = [
  { id: 'china-2015-08-24', name: '24 Aug 2015: China devaluation sell-off', day: epochDayFromIso('2015-08-24') },
  { id: 'brexit-2016-06-24', name: '24 Jun 2016: Brexit referendum result', day: epochDayFromIso('2016-06-24') },
  { id: 'volmageddon-2018-02-05', name: '5 Feb 2018: volatility spike', day: epochDayFromIso('2018-02-05') },
];

export interface UserShocks {
  /** Return applied to every symbol without a more specific shock, e.g. −0.05. */
  readonly market?: number;
  readonly sectors?: Readonly<Record<string, number>>;
  readonly symbols?: Readonly<Record<string, number>>;
}

export type ShockSource = 'history' | 'symbol' | 'sector' | 'market' | 'none';

export interface StressLine {
  readonly pairId: string;
  readonly leg: MarkedPosition['leg'];
  readonly symbol: string;
  readonly marketValue: number;
  /** The return applied; null when the symbol could not be priced on the scenario day. */
  readonly shock: number | null;
  readonly source: ShockSource;
  readonly pnl: number;
}

export interface StressResult {
  readonly id: string;
  readonly name: string;
  /** False when the scenario day is not in the stored history at all. */
  readonly available: boolean;
  readonly pnl: number;
  /** pnl / equity (0 when equity is not positive). */
  readonly pnlFraction: number;
  readonly byPair: readonly { readonly pairId: string; readonly pnl: number }[];
  readonly lines: readonly StressLine[];
  readonly missingSymbols: readonly string[];
}

function assemble(id: string, name: string, available: boolean, lines: StressLine[], equity: number): StressResult {
  const pnl = lines.reduce((sum, line) => sum + line.pnl, 0);
  const pairTotals = new Map<string, number>();
  for (const line of lines) pairTotals.set(line.pairId, (pairTotals.get(line.pairId) ?? 0) + line.pnl);
  return {
    id,
    name,
    available,
    pnl,
    pnlFraction: equity > 0 ? pnl / equity : 0,
    byPair: [...pairTotals.entries()].map(([pairId, total]) => ({ pairId, pnl: total })).sort((a, b) => a.pairId.localeCompare(b.pairId)),
    lines,
    missingSymbols: [...new Set(lines.filter((line) => line.shock === null).map((line) => line.symbol))].sort(),
  };
}

export function replayHistoricalScenario(scenario: HistoricalScenario, positions: readonly MarkedPosition[], history: CloseMatrix, equity: number): StressResult {
  let row = -1;
  history.days.forEach((day, index) => {
    if (day === scenario.day) row = index;
  });
  const columns = columnIndex(history);
  const lines = positions.map((position): StressLine => {
    const column = columns.get(position.symbol);
    const now = row >= 1 && column !== undefined ? closeAt(history, row, column) : Number.NaN;
    const before = row >= 1 && column !== undefined ? closeAt(history, row - 1, column) : Number.NaN;
    const priced = Number.isFinite(now) && Number.isFinite(before) && before !== 0;
    const shock = priced ? now / before - 1 : null;
    return { pairId: position.pairId, leg: position.leg, symbol: position.symbol, marketValue: position.marketValue, shock, source: priced ? 'history' : 'none', pnl: shock === null ? 0 : position.marketValue * shock };
  });
  return assemble(scenario.id, scenario.name, row >= 1, lines, equity);
}

export function applyUserShocks(shocks: UserShocks, positions: readonly MarkedPosition[], equity: number, name = 'User-defined shock'): StressResult {
  const lines = positions.map((position): StressLine => {
    const bySymbol = shocks.symbols?.[position.symbol];
    const bySector = shocks.sectors?.[position.sector];
    const [shock, source]: [number, ShockSource] =
      bySymbol !== undefined ? [bySymbol, 'symbol'] : bySector !== undefined ? [bySector, 'sector'] : shocks.market !== undefined ? [shocks.market, 'market'] : [0, 'none'];
    return { pairId: position.pairId, leg: position.leg, symbol: position.symbol, marketValue: position.marketValue, shock, source, pnl: position.marketValue * shock };
  });
  return assemble('user', name, true, lines, equity);
}

export function replayAllHistoricalScenarios(positions: readonly MarkedPosition[], history: CloseMatrix, equity: number): StressResult[] {
  return HISTORICAL_SCENARIOS.map((scenario) => replayHistoricalScenario(scenario, positions, history, equity));
}
