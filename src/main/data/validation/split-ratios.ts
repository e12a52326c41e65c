/**
 * Split ratios to match price jumps against. `numerator:denominator` is new shares per old
 * shares, so after a 7:1 split the price divides by 7 (prevClose / close ≈ 7); after a 1:10
 * reverse split it multiplies by 10 (prevClose / close ≈ 0.1). Ratios closer to 1 than 3:2
 * (5:4, 4:3) are left out on purpose: a 20–25% daily move is ordinary news for a single
 * stock, and naming it a split would mislead more often than help.
 */
export interface SplitRatio {
  readonly numerator: number;
  readonly denominator: number;
}

export const COMMON_SPLIT_RATIOS: readonly SplitRatio[] = [
  { numerator: 3, denominator: 2 },
  { numerator: 2, denominator: 1 },
  { numerator: 3, denominator: 1 },
  { numerator: 4, denominator: 1 },
  { numerator: 5, denominator: 1 },
  { numerator: 7, denominator: 1 },
  { numerator: 8, denominator: 1 },
  { numerator: 10, denominator: 1 },
  { numerator: 15, denominator: 1 },
  { numerator: 20, denominator: 1 },
  { numerator: 2, denominator: 3 },
  { numerator: 1, denominator: 2 },
  { numerator: 1, denominator: 3 },
  { numerator: 1, denominator: 4 },
  { numerator: 1, denominator: 5 },
  { numerator: 1, denominator: 8 },
  { numerator: 1, denominator: 10 },
  { numerator: 1, denominator: 15 },
  { numerator: 1, denominator: 20 },
  { numerator: 1, denominator: 25 },
  { numerator: 1, denominator: 50 },
];

export interface SplitMatch extends SplitRatio {
  /** numerator / denominator: the factor prices divide by. */
  readonly factor: number;
  /** |observed / factor − 1|. */
  readonly relativeError: number;
}

/**
 * The split ratio nearest to an observed price ratio (prevClose / close), if it lies within
 * `tolerance` (relative, 0.04 = 4%). Nearness is measured on the log scale, so 2:1 and 1:2
 * are treated symmetrically.
 */
export function matchSplitRatio(observedRatio: number, tolerance: number): SplitMatch | null {
  if (!(observedRatio > 0) || !Number.isFinite(observedRatio)) return null;
  let best: SplitMatch | null = null;
  let bestDistance = Infinity;
  for (const ratio of COMMON_SPLIT_RATIOS) {
    const factor = ratio.numerator / ratio.denominator;
    const distance = Math.abs(Math.log(observedRatio / factor));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = { ...ratio, factor, relativeError: Math.abs(observedRatio / factor - 1) };
    }
  }
  return best !== null && best.relativeError <= tolerance ? best : null;
}

export function describeSplit(match: SplitRatio): string {
  return match.numerator >= match.denominator
    ? `${match.numerator}:${match.denominator} split`
    : `${match.numerator}:${match.denominator} reverse split`;
}
