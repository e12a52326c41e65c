/**
 * Which orders and positions a halt scope covers. Pairs are written "Y/X" (the scanner's
 * form, and the engine's pair id on the desk); a strategy scope covers the pairs that strategy
 * placed. Pure: the desk service asks, the halt coordinator acts.
 */
export interface ScopedItem {
  readonly pairId: string;
  /** The strategy that placed the pair order; null for a manual ticket. */
  readonly strategy: string | null;
}

export function inScope(scope: string, item: ScopedItem): boolean {
  // 'global' as trading-state.ts's GLOBAL_SCOPE names it (pure core may not import the trading service).
  if (scope === 'global') return true;
  if (scope.startsWith('pair:')) return item.pairId === scope.slice('pair:'.length);
  if (scope.startsWith('strategy:')) return item.strategy === scope.slice('strategy:'.length);
  return false;
}

/** The two legs of a "Y/X" pair id. */
export function pairLegs(pairId: string): { readonly y: string; readonly x: string } | null {
  const parts = pairId.split('/');
  if (parts.length !== 2) return null;
  const [y, x] = parts;
  if (y === undefined || x === undefined || y === '' || x === '' || y === x) return null;
  return { y, x };
}
