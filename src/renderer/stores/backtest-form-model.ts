import { parseSymbol } from '../../shared/domain/symbol';
import { assertNever } from '../../shared/ipc/errors';

/**
 * The Backtest page's form, as the user edits it (strings, as typed), and the config JSON it
 * becomes (the CLI's format, docs/backtest.md). The page checks only what it must to build
 * the JSON (a number is a number); every rule of the config (rates ≥ 0, the entry outside the
 * exit band, from ≤ to, known symbols) is main's, and its typed errors come back onto the
 * field they name. Field keys are the config's own paths, so a server error lands by path.
 */

export interface PairInput {
  readonly y: string;
  readonly x: string;
}

export type CostsChoice = 'none' | 'default' | 'custom';
export type FillChoice = 'next_open' | 'next_close' | 'vwap_proxy';
export type SizingMethod = 'fixed_fraction' | 'vol_target' | 'kelly';
export type LegsChoice = 'beta_neutral' | 'dollar_neutral';
/** The strategy kinds of the config (docs/backtest.md, "Strategies"); `model` needs the model lab. */
export type StrategyKind = 'zscore' | 'kalman';
export type KalmanZSource = 'innovation' | 'spread';

/** One row of the dated borrow table (costs.borrow.table), as typed. */
export interface BorrowRow {
  readonly symbol: string;
  /** YYYY-MM-DD from which the row applies (until the symbol's next row). */
  readonly from: string;
  /** Annual rate, e.g. 0.05; empty means general collateral. */
  readonly rate: string;
  /** Unchecked: no borrow, the short is rejected. */
  readonly available: boolean;
  /** A recall on `from`: open shorts are bought in at the next fill. */
  readonly recall: boolean;
}

export const EMPTY_BORROW_ROW: BorrowRow = { symbol: '', from: '', rate: '', available: true, recall: false };

export interface BacktestForm {
  readonly pairs: readonly PairInput[];
  readonly from: string;
  readonly to: string;
  readonly capital: string;
  readonly strategyKind: StrategyKind;
  readonly lookback: string;
  readonly entry: string;
  readonly exit: string;
  readonly stop: string;
  /** The Kalman kind's own parameters, used when `strategyKind` is 'kalman'. */
  readonly kalmanDelta: string;
  readonly kalmanObservationVariance: string;
  readonly kalmanZSource: KalmanZSource;
  readonly fill: FillChoice;
  readonly costs: CostsChoice;
  /** The edited rates, used when `costs` is 'custom'; they start at the realistic defaults. */
  readonly commissionPerShare: string;
  readonly commissionMinimum: string;
  readonly slippageBps: string;
  readonly impactCoefficient: string;
  readonly borrowRate: string;
  readonly marginInterestRate: string;
  readonly shortRebateRate: string;
  readonly borrowTable: readonly BorrowRow[];
  readonly sizingMethod: SizingMethod;
  /** Per method: fixed_fraction uses the fraction; vol_target the volatility and the max
   * fraction; kelly the Kelly fraction, its cap and the max fraction. */
  readonly sizingFraction: string;
  readonly sizingVolatility: string;
  readonly kellyFraction: string;
  readonly kellyCap: string;
  readonly sizingMaxFraction: string;
  readonly lotSize: string;
  readonly correlationAware: boolean;
  readonly legs: LegsChoice;
}

/** The issue's example config, and the realistic cost model's documented defaults. */
export const DEFAULT_BACKTEST_FORM: BacktestForm = {
  pairs: [],
  from: '2014-02-10',
  to: '2018-02-07',
  capital: '1000000',
  strategyKind: 'zscore',
  lookback: '60',
  entry: '2.0',
  exit: '0.5',
  stop: '4.0',
  // The engine's defaults (docs/backtest.md): δ 1e-7; Ve estimated from the warm-up window's OLS residuals.
  kalmanDelta: '1e-7',
  kalmanObservationVariance: 'auto',
  kalmanZSource: 'innovation',
  fill: 'next_open',
  costs: 'default',
  commissionPerShare: '0.005',
  commissionMinimum: '1',
  slippageBps: '2',
  impactCoefficient: '0.5',
  borrowRate: '0.0025',
  marginInterestRate: '0.06',
  shortRebateRate: '0',
  borrowTable: [],
  sizingMethod: 'fixed_fraction',
  sizingFraction: '0.1',
  sizingVolatility: '0.1',
  kellyFraction: '0.5',
  kellyCap: '0.2',
  sizingMaxFraction: '0.2',
  lotSize: '1',
  correlationAware: false,
  legs: 'beta_neutral',
};

/** The config path each numeric form field is sent as (and server errors come back on). */
export const NUMERIC_FIELDS = {
  capital: 'capital',
  lookback: 'strategy.lookback',
  entry: 'strategy.entry',
  exit: 'strategy.exit',
  stop: 'strategy.stop',
  kalmanDelta: 'strategy.delta',
  kalmanObservationVariance: 'strategy.observationVariance',
  commissionPerShare: 'costs.commission.perShare',
  commissionMinimum: 'costs.commission.minimum',
  slippageBps: 'costs.slippageBps',
  impactCoefficient: 'costs.impact.coefficient',
  borrowRate: 'costs.borrow.generalCollateralRate',
  marginInterestRate: 'costs.marginInterestRate',
  shortRebateRate: 'costs.shortRebateRate',
  sizingFraction: 'sizing.fraction',
  sizingVolatility: 'sizing.annualVolatility',
  kellyFraction: 'sizing.kellyFraction',
  kellyCap: 'sizing.cap',
  sizingMaxFraction: 'sizing.maxFraction',
  lotSize: 'sizing.lotSize',
} as const satisfies Partial<Record<keyof BacktestForm, string>>;

type NumericKey = keyof typeof NUMERIC_FIELDS;

/** The sizing parameters each method reads (engine/sizing.ts); the others are not sent. */
const SIZING_FIELDS: Readonly<Record<SizingMethod, readonly NumericKey[]>> = {
  fixed_fraction: ['sizingFraction'],
  vol_target: ['sizingVolatility', 'sizingMaxFraction'],
  kelly: ['kellyFraction', 'kellyCap', 'sizingMaxFraction'],
};
const METHOD_FIELDS: readonly NumericKey[] = ['sizingFraction', 'sizingVolatility', 'kellyFraction', 'kellyCap', 'sizingMaxFraction'];

/** The config path of every form field: where its value goes and its errors come back. */
export const FIELD_PATHS: Readonly<Record<keyof BacktestForm, string>> = {
  ...NUMERIC_FIELDS,
  pairs: 'pairs',
  from: 'from',
  to: 'to',
  fill: 'fill',
  costs: 'costs',
  borrowTable: 'costs.borrow.table',
  strategyKind: 'strategy.kind',
  kalmanZSource: 'strategy.zSource',
  sizingMethod: 'sizing.method',
  legs: 'sizing.legs',
  correlationAware: 'sizing.correlationAware',
};

/** Every field path the form shows an error on; anything else is shown above the form. */
export const FORM_FIELD_PATHS: readonly string[] = Object.values(FIELD_PATHS);

export type FieldErrors = Readonly<Record<string, string>>;

export type FormBuild = { readonly ok: true; readonly config: Record<string, unknown> } | { readonly ok: false; readonly fieldErrors: FieldErrors };

/**
 * A typed pair (Y and X boxes) in canonical form, or why not. The symbol rule is the shared
 * one; "/" is not a pair separator because the rule reads BRK/B as one class share.
 */
export function parsePairInput(yText: string, xText: string): { ok: true; pair: PairInput } | { ok: false; problem: string } {
  const y = parseSymbol(yText);
  if (!y.ok) return { ok: false, problem: `Y: ${y.reason}` };
  const x = parseSymbol(xText);
  if (!x.ok) return { ok: false, problem: `X: ${x.reason}` };
  return { ok: true, pair: { y: y.symbol, x: x.symbol } };
}

/** Adds a pair unless the list has it already (the same Y and X, in that order). */
export function addPair(pairs: readonly PairInput[], pair: PairInput): readonly PairInput[] {
  return pairs.some((p) => p.y === pair.y && p.x === pair.x) ? pairs : [...pairs, pair];
}

export function configFromForm(form: BacktestForm): FormBuild {
  const fieldErrors: Record<string, string> = {};
  const numbers: Partial<Record<NumericKey, number>> = {};
  for (const [key, path] of Object.entries(NUMERIC_FIELDS) as Array<[NumericKey, string]>) {
    const text = form[key].trim();
    // Cost rates matter only when edited, Kalman parameters only for that kind: a half-typed
    // one must not block a run that does not use it.
    if (path.startsWith('costs.') && form.costs !== 'custom') continue;
    if ((key === 'kalmanDelta' || key === 'kalmanObservationVariance') && form.strategyKind !== 'kalman') continue;
    // 'auto' (or blank) leaves Ve to the engine's estimate.
    if (key === 'kalmanObservationVariance' && (text === '' || text.toLowerCase() === 'auto')) continue;
    if (METHOD_FIELDS.includes(key) && !SIZING_FIELDS[form.sizingMethod].includes(key)) continue;
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) fieldErrors[path] = 'must be a number';
    else numbers[key] = value;
  }
  const table = form.costs === 'custom' ? borrowTableConfig(form.borrowTable) : { ok: true as const, rows: [] };
  if (!table.ok) fieldErrors['costs.borrow.table'] = table.problem;
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const num = (key: NumericKey): number | undefined => numbers[key];
  const config: Record<string, unknown> = {
    pairs: form.pairs.map((pair) => ({ y: pair.y, x: pair.x })),
    from: form.from.trim(),
    to: form.to.trim(),
    capital: num('capital'),
    strategy: strategyConfig(form, num),
    fill: form.fill,
    sizing: sizingConfig(form, num),
  };
  switch (form.costs) {
    case 'none':
      config['costs'] = 'none';
      break;
    case 'default':
      // Leaving `costs` out is how the config asks for the realistic default model.
      break;
    case 'custom':
      config['costs'] = {
        commission: { kind: 'per_share', perShare: num('commissionPerShare'), minimum: num('commissionMinimum'), maxPercentOfValue: 0.01 },
        slippageBps: num('slippageBps'),
        impact: { coefficient: num('impactCoefficient') },
        borrow: { generalCollateralRate: num('borrowRate'), table: table.ok ? table.rows : [] },
        marginInterestRate: num('marginInterestRate'),
        shortRebateRate: num('shortRebateRate'),
      };
      break;
    default:
      return assertNever(form.costs, 'costs choice');
  }
  return { ok: true, config };
}

function strategyConfig(form: BacktestForm, num: (key: NumericKey) => number | undefined): Record<string, unknown> {
  const bands = { lookback: num('lookback'), entry: num('entry'), exit: num('exit'), stop: num('stop') };
  switch (form.strategyKind) {
    case 'zscore':
      return { kind: 'zscore', ...bands };
    case 'kalman':
      return { kind: 'kalman', ...bands, delta: num('kalmanDelta'), observationVariance: num('kalmanObservationVariance') ?? 'auto', zSource: form.kalmanZSource };
    default:
      return assertNever(form.strategyKind, 'strategy kind');
  }
}

/**
 * The borrow rows as config entries: blank rows are dropped, symbols canonical by the shared
 * rule, an empty rate left out (general collateral). Dates and rates are main's to judge.
 */
function borrowTableConfig(rows: readonly BorrowRow[]): { ok: true; rows: Record<string, unknown>[] } | { ok: false; problem: string } {
  const out: Record<string, unknown>[] = [];
  for (const [index, row] of rows.entries()) {
    if (row.symbol.trim() === '' && row.from.trim() === '' && row.rate.trim() === '') continue;
    const symbol = parseSymbol(row.symbol);
    if (!symbol.ok) return { ok: false, problem: `row ${index + 1}: ${symbol.reason}` };
    const rate = row.rate.trim() === '' ? undefined : Number(row.rate);
    if (rate !== undefined && !Number.isFinite(rate)) return { ok: false, problem: `row ${index + 1}: the rate must be a number (or empty for general collateral)` };
    out.push({ symbol: symbol.symbol, from: row.from.trim(), ...(rate === undefined ? {} : { rate }), available: row.available, recall: row.recall });
  }
  return { ok: true, rows: out };
}

function sizingConfig(form: BacktestForm, num: (key: NumericKey) => number | undefined): Record<string, unknown> {
  const common = { method: form.sizingMethod, legs: form.legs, lotSize: num('lotSize'), correlationAware: form.correlationAware };
  switch (form.sizingMethod) {
    case 'fixed_fraction':
      return { ...common, fraction: num('sizingFraction') };
    case 'vol_target':
      return { ...common, annualVolatility: num('sizingVolatility'), maxFraction: num('sizingMaxFraction') };
    case 'kelly':
      return { ...common, kellyFraction: num('kellyFraction'), cap: num('kellyCap'), maxFraction: num('sizingMaxFraction') };
    default:
      return assertNever(form.sizingMethod, 'sizing method');
  }
}

export interface ErrorPlacement {
  /** Messages on the form field whose path they name. */
  readonly fields: FieldErrors;
  /** Messages for no field the form shows (or no field at all). */
  readonly general: readonly string[];
}

/** The form field a config path belongs to: pairs.0.y → pairs, strategy.entry → itself. */
export function formFieldOf(path: string): string | null {
  if (path === 'pairs' || path.startsWith('pairs.')) return 'pairs';
  if (path.startsWith('costs.borrow.table')) return 'costs.borrow.table';
  return FORM_FIELD_PATHS.includes(path) ? path : null;
}

/** One refusal of main's: the config path it names and what is wrong there. */
interface ServerIssue {
  readonly path: string;
  readonly message: string;
}

function issuesOf(details: Readonly<Record<string, unknown>>): ServerIssue[] {
  const raw = details['issues'];
  if (!Array.isArray(raw)) return [];
  const out: ServerIssue[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message } = item as Record<string, unknown>;
    if (typeof path === 'string' && typeof message === 'string') out.push({ path, message });
  }
  return out;
}

/**
 * Places main's typed error on the form. A refused config (CONFIG_INVALID) lists each problem
 * as { path, message } in details.issues (backtest-config.ts, the research specs); a data
 * refusal (VALIDATION_FAILED, NOT_FOUND) names one field in details.field. `fieldOf` maps
 * the paths of a request that nests the config (research: `config.strategy.entry`) back.
 */
export function placeServerError(
  error: { readonly message: string; readonly details?: Readonly<Record<string, unknown>> | undefined },
  fieldOf: (path: string) => string | null = formFieldOf,
): ErrorPlacement {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  const put = (path: string, message: string): void => {
    const field = fieldOf(path);
    if (field === null) general.push(path === '' ? message : `${path}: ${message}`);
    else fields[field] = fields[field] === undefined ? message : `${fields[field]}; ${message}`;
  };
  const details = error.details ?? {};
  const issues = issuesOf(details);
  const single = typeof details['field'] === 'string' ? details['field'] : null;
  if (issues.length > 0) {
    for (const issue of issues) put(issue.path, issue.message);
  } else if (single !== null) {
    // The message may start with the path it is about ("pairs.0.y: unknown symbol …"); the
    // field already says where, so the text under it starts with what is wrong. A symbol
    // prefix ("ZZZQ: unknown symbol") is upper case and stays: it says which one.
    put(single, error.message.replace(/^[a-z][A-Za-z0-9_./]*: /, ''));
  } else {
    general.push(error.message);
  }
  return { fields, general };
}
