import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError, assertNever } from '../../../shared/ipc/errors';
import { tradingDayStatus } from '../../core/calendar/nyse-calendar';
import { formatIsoDate } from '../../core/time/epoch-day';
import type { EpochDay } from '../../core/time/epoch-day';

/**
 * Adjustment factors between price bases. Pure functions, no I/O.
 *
 * NOTATION. R_t is the raw (as-traded) close on day t, V_t the raw volume. Split k has
 * ex-date e_k (the first day trading at the new price) and ratio f_k = N_k / D_k new shares
 * per old share. Dividend j has ex-date x_j and cash c_j per share AS TRADED ON x_j (the
 * raw basis of the ex-date: a share that already reflects any split with e_k ≤ x_j).
 * Only actions with a date ≤ A ("applied through", the day the adjusted source was produced;
 * by default the series' last day) count: a file downloaded in 2018 does not reflect a 2020
 * split, and applying it would scale the whole history by a ratio the source never used.
 *
 * SPLITS. S(t) = ∏ f_k over splits with t < e_k ≤ A. The split basis is
 *     P^s_t = R_t / S(t),   V^s_t = V_t · S(t),
 * so a bar on or after the last split is unchanged and AAPL's 474.98 on 2013-02-08 becomes
 * 474.98 / 7 = 67.85 for the 7:1 split of 2014-06-09.
 *
 * DIVIDENDS (CRSP / Yahoo multiplicative convention). Let r_j be the last bar strictly
 * before x_j (the reference bar) and C_j = c_j / S(x_j) the cash on the split basis
 * (splits after the ex-date shrink the per-share amount). Dividends sharing a reference bar
 * (two ex-dates inside one gap of the series) are one group g with C_g = Σ C_j, so that
 *     F_g = 1 − C_g / P^s_{r_g}                      (0 < F_g < 1)
 * and D(t) = ∏ F_g over groups whose (earliest) ex-date x_g satisfies t < x_g ≤ A. Then
 *     P^sd_t = P^s_t · D(t) = R_t · D(t) / S(t),   V^sd_t = V^s_t
 * (volume is adjusted for splits only, as Yahoo and CRSP do: a dividend does not change how
 * many shares changed hands). The reference price is taken on the SPLIT basis, with the
 * cash converted to the same basis; on the raw basis this is the familiar 1 − c_j / R_{x−1},
 * and it stays correct when a split goes ex on the dividend's ex-date (then
 * P^s_{r} = R_{r} / (S(x)·f), the pre-split close expressed in post-split shares).
 * A dividend with no bar before it (x_j ≤ first day) adjusts nothing and is skipped.
 *
 * INVERTING. From the split basis P^s_r is read directly; from raw, P^s_r = R_r / S(r).
 * From the split-dividend basis the reference price is itself adjusted, so groups are
 * solved from the latest backwards: with L_g = ∏ F_h over groups after g,
 *     P^sd_r = P^s_r · F_g · L_g = (P^s_r − C_g) · L_g   ⇒   P^s_r = P^sd_r / L_g + C_g,
 * which is exact (no iteration) and is why same-gap dividends are summed rather than
 * chained. Round trips raw → split_dividend → raw therefore reproduce the input to rounding.
 *
 * FACTORS. φ_b(t) is the price multiplier from raw to basis b: φ_raw = 1, φ_split = 1/S(t),
 * φ_split_dividend = D(t)/S(t); ψ_b(t) the volume multiplier: ψ_raw = 1, ψ_split =
 * ψ_split_dividend = S(t). Both are step functions of the calendar day, so they are
 * defined between bars too (for a fill dated on any day).
 */

export type ActionSourceLike = 'imported' | 'inferred';

/** The action fields price conversion needs; the store's CorporateAction fits this shape. */
export type BasisAction =
  | { readonly kind: 'split'; readonly day: EpochDay; readonly numerator: number; readonly denominator: number; readonly source?: ActionSourceLike }
  | { readonly kind: 'dividend'; readonly day: EpochDay; readonly cashAmount: number; readonly source?: ActionSourceLike };

/** Days and closes of one symbol on a known basis: what dividend factors are measured from. */
export interface ReferenceCloses {
  readonly days: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly basis: AdjustmentBasis;
}

export interface BasisOptions {
  /** Last day whose actions the adjusted data reflects; defaults to the series' last day. */
  readonly appliedThrough?: EpochDay;
}

export type BasisWarningCode =
  | 'no_dividend_actions'
  | 'inferred_split_used'
  | 'actions_after_applied_through'
  | 'dividend_reference_estimated';

/**
 * Why a result may not be what the trader assumes. Conversions stay defined when actions
 * are missing (no known dividend means "no dividend"), so the caller decides whether a
 * warning matters: the engine may refuse a split_dividend backtest on `no_dividend_actions`.
 */
export interface BasisWarning {
  readonly code: BasisWarningCode;
  readonly day: EpochDay | null;
  readonly message: string;
}

interface Step {
  /** Event days ascending (repeats allowed). */
  readonly days: readonly number[];
  /** suffix[k] = ∏ values[i] for i ≥ k; suffix[n] = 1. */
  readonly suffix: readonly number[];
}

/** Split and dividend step functions of one symbol, valid for any day. */
export interface AdjustmentFactors {
  readonly appliedThrough: EpochDay;
  readonly splits: Step;
  readonly dividends: Step;
  readonly warnings: readonly BasisWarning[];
}

type Split = Extract<BasisAction, { kind: 'split' }>;
type Dividend = Extract<BasisAction, { kind: 'dividend' }>;

/** Builds the factor tables from a series' closes (for dividends) and the symbol's actions. */
export function adjustmentFactors(reference: ReferenceCloses, actions: readonly BasisAction[], options: BasisOptions = {}): AdjustmentFactors {
  const { days, close } = reference;
  checkDays(days, close.length);
  const lastDay = days.length === 0 ? undefined : days[days.length - 1];
  const appliedThrough = options.appliedThrough ?? lastDay;
  if (appliedThrough === undefined) {
    throw new AppError('VALIDATION_FAILED', 'An empty series needs an explicit appliedThrough day to place its actions', {});
  }
  const warnings: BasisWarning[] = [];
  const { splits, dividends } = selectActions(actions, appliedThrough, warnings);
  const splitStep = makeStep(splits.map((s) => ({ day: s.day, value: s.numerator / s.denominator })));
  const firstDay = days[0];
  const inRange = dividends.filter((d) => firstDay !== undefined && d.day > firstDay);
  if (inRange.length === 0 && days.length > 0) {
    warnings.push({
      code: 'no_dividend_actions',
      day: null,
      message: `no dividend is known between ${formatIsoDate(firstDay ?? appliedThrough)} and ${formatIsoDate(appliedThrough)}; the dividend-adjusted basis equals the split basis, which is right only if none was paid`,
    });
  }
  const groups = groupByReference(days, inRange, splitStep, warnings);
  const dividendStep = makeStep(solveDividendFactors(reference, groups, splitStep));
  return { appliedThrough, splits: splitStep, dividends: dividendStep, warnings };
}

/** φ_b(day): the multiplier from a raw price to a price on `basis`. */
export function priceFactor(factors: AdjustmentFactors, day: EpochDay, basis: AdjustmentBasis): number {
  switch (basis) {
    case 'raw':
      return 1;
    case 'split':
      return 1 / stepAt(factors.splits, day);
    case 'split_dividend':
      return stepAt(factors.dividends, day) / stepAt(factors.splits, day);
    default:
      return assertNever(basis, 'adjustment basis');
  }
}

/** ψ_b(day): the multiplier from a raw volume (or share count) to volume on `basis`. */
export function volumeFactor(factors: AdjustmentFactors, day: EpochDay, basis: AdjustmentBasis): number {
  switch (basis) {
    case 'raw':
      return 1;
    case 'split':
    case 'split_dividend':
      return stepAt(factors.splits, day);
    default:
      return assertNever(basis, 'adjustment basis');
  }
}

/** S(t) = ∏ split ratios with ex-date after `day` (within appliedThrough). */
export function splitFactorAfter(factors: AdjustmentFactors, day: EpochDay): number {
  return stepAt(factors.splits, day);
}

function stepAt(step: Step, day: number): number {
  let lo = 0;
  let hi = step.days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((step.days[mid] ?? Infinity) <= day) lo = mid + 1;
    else hi = mid;
  }
  return step.suffix[lo] ?? 1;
}

function makeStep(events: readonly { readonly day: number; readonly value: number }[]): Step {
  const sorted = [...events].sort((a, b) => a.day - b.day);
  const suffix = new Array<number>(sorted.length + 1).fill(1);
  for (let k = sorted.length - 1; k >= 0; k--) suffix[k] = (suffix[k + 1] ?? 1) * (sorted[k]?.value ?? 1);
  return { days: sorted.map((e) => e.day), suffix };
}

function checkDays(days: ArrayLike<number>, closeLength: number): void {
  if (days.length !== closeLength) {
    throw new AppError('VALIDATION_FAILED', `The series has ${days.length} days but ${closeLength} closes`, { days: days.length, closes: closeLength });
  }
  for (let i = 1; i < days.length; i++) {
    if (!((days[i] ?? NaN) > (days[i - 1] ?? NaN))) {
      throw new AppError('VALIDATION_FAILED', `Series days must be strictly ascending; index ${i} is not`, { index: i });
    }
  }
}

/**
 * Valid actions on or before appliedThrough, one per (kind, day): an imported action wins
 * over an inferred one for the same day (the importer may have inferred the very split a
 * file later confirmed, and applying both would double it).
 */
function selectActions(actions: readonly BasisAction[], appliedThrough: EpochDay, warnings: BasisWarning[]): { splits: Split[]; dividends: Dividend[] } {
  const chosen = new Map<string, BasisAction>();
  let after = 0;
  for (const action of actions) {
    validateAction(action);
    const key = `${action.kind}:${action.day}`;
    const held = chosen.get(key);
    if (held === undefined) {
      chosen.set(key, action);
      continue;
    }
    const heldSource = held.source ?? 'imported';
    const source = action.source ?? 'imported';
    if (heldSource === source) {
      throw new AppError('VALIDATION_FAILED', `Two ${source} ${action.kind} actions on ${formatIsoDate(action.day)}; keep one`, { kind: action.kind, day: action.day });
    }
    if (source === 'imported') chosen.set(key, action);
  }
  const splits: Split[] = [];
  const dividends: Dividend[] = [];
  for (const action of chosen.values()) {
    if (action.day > appliedThrough) {
      after++;
      continue;
    }
    if (action.kind === 'split') {
      splits.push(action);
      if (action.source === 'inferred') {
        warnings.push({ code: 'inferred_split_used', day: action.day, message: `the ${action.numerator}:${action.denominator} split on ${formatIsoDate(action.day)} was inferred from prices, not imported` });
      }
    } else {
      dividends.push(action);
    }
  }
  if (after > 0) {
    warnings.push({
      code: 'actions_after_applied_through',
      day: appliedThrough,
      message: `${after} action(s) after ${formatIsoDate(appliedThrough)} were not applied; pass appliedThrough if the source was adjusted later`,
    });
  }
  return { splits, dividends };
}

function validateAction(action: BasisAction): void {
  const ok =
    Number.isInteger(action.day) &&
    (action.kind === 'split'
      ? action.numerator > 0 && action.denominator > 0 && Number.isFinite(action.numerator) && Number.isFinite(action.denominator)
      : action.cashAmount > 0 && Number.isFinite(action.cashAmount));
  if (!ok) throw new AppError('VALIDATION_FAILED', `Invalid ${action.kind} action on day ${action.day}`, { action: { ...action } });
}

interface DividendGroup {
  /** Index of the last bar before every ex-date in the group. */
  readonly reference: number;
  readonly exDay: EpochDay;
  /** Σ c_j / S(x_j): the group's cash on the split basis. */
  readonly splitCash: number;
}

function groupByReference(days: ArrayLike<number>, dividends: readonly Dividend[], splits: Step, warnings: BasisWarning[]): DividendGroup[] {
  const byReference = new Map<number, { exDay: number; splitCash: number }>();
  const lastIndex = days.length - 1;
  for (const dividend of dividends) {
    const reference = lastBarBefore(days, dividend.day);
    if (reference === lastIndex && tradedBetween(days[lastIndex] ?? dividend.day, dividend.day)) {
      warnings.push({
        code: 'dividend_reference_estimated',
        day: dividend.day,
        message: `the dividend on ${formatIsoDate(dividend.day)} falls after the last bar; its factor uses the last close, which may not be the close before the ex-date`,
      });
    }
    const cash = dividend.cashAmount / stepAt(splits, dividend.day);
    const group = byReference.get(reference);
    if (group === undefined) byReference.set(reference, { exDay: dividend.day, splitCash: cash });
    else byReference.set(reference, { exDay: Math.min(group.exDay, dividend.day), splitCash: group.splitCash + cash });
  }
  return [...byReference.entries()].map(([reference, g]) => ({ reference, ...g })).sort((a, b) => b.reference - a.reference);
}

/** Whether the exchange may have traded strictly between two days (unknown outside the calendar counts as yes). */
function tradedBetween(from: EpochDay, to: EpochDay): boolean {
  if (to - from > 10) return true;
  for (let day = from + 1; day < to; day++) {
    const status = tradingDayStatus(day);
    if (status !== 'weekend' && status !== 'holiday') return true;
  }
  return false;
}

/** Index of the last day strictly before `day`; callers ensure one exists. */
function lastBarBefore(days: ArrayLike<number>, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] ?? Infinity) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** F_g for every group, latest first (groups arrive sorted by reference descending). */
function solveDividendFactors(reference: ReferenceCloses, groups: readonly DividendGroup[], splits: Step): { day: number; value: number }[] {
  const out: { day: number; value: number }[] = [];
  let later = 1;
  for (const group of groups) {
    const day = reference.days[group.reference] ?? NaN;
    const close = reference.close[group.reference] ?? NaN;
    if (!(close > 0) || !Number.isFinite(close)) {
      throw new AppError('VALIDATION_FAILED', `The close on ${formatIsoDate(day)} (${close}) cannot anchor the dividend of ${formatIsoDate(group.exDay)}`, { day, close });
    }
    const splitClose = splitBasisClose(close, day, reference.basis, later, group.splitCash, splits);
    const factor = 1 - group.splitCash / splitClose;
    if (!(factor > 0)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `The dividend of ${formatIsoDate(group.exDay)} (${group.splitCash} on the split basis) is not below the prior close ${splitClose}; the amount is probably on the wrong basis`,
        { exDay: group.exDay, cash: group.splitCash, close: splitClose },
      );
    }
    out.push({ day: group.exDay, value: factor });
    later *= factor;
  }
  return out;
}

/** P^s at a reference bar from its close on `basis` (see INVERTING above). */
function splitBasisClose(close: number, day: number, basis: AdjustmentBasis, later: number, splitCash: number, splits: Step): number {
  switch (basis) {
    case 'raw':
      return close / stepAt(splits, day);
    case 'split':
      return close;
    case 'split_dividend':
      return close / later + splitCash;
    default:
      return assertNever(basis, 'adjustment basis');
  }
}
