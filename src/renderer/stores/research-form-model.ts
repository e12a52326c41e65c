import { parseSymbol } from '../../shared/domain/symbol';
import type { FieldErrors } from './backtest-form-model';

/**
 * The Backtest page's research section as the user edits it (strings, as typed), and the
 * backtest:walk-forward / backtest:sweep requests it becomes. The base config is the form
 * above it (configFromForm); this model adds the window plan, the walk-forward's universe and
 * top N, and the parameter grid. Like the backtest form it checks only that numbers are
 * numbers; every rule (formation ≥ 20 days, a grid parameter needs values, a known symbol) is
 * main's, and its typed refusals come back onto the field whose key is the request path.
 */

export type SweepMode = 'grid' | 'random';

/** One swept parameter: a strategy.* or sizing.* path with its values (grid) or range (random). */
export interface ParameterRow {
  readonly path: string;
  /** Comma-separated values, e.g. "1.5, 2, 2.5". */
  readonly values: string;
  readonly min: string;
  readonly max: string;
  readonly integer: boolean;
}

export interface ResearchForm {
  readonly formationDays: string;
  readonly tradingDays: string;
  readonly purgeDays: string;
  readonly embargoDays: string;
  readonly topN: string;
  readonly maxPValue: string;
  /** Candidate symbols, comma or space separated; empty = the pairs' symbols (main's default). */
  readonly universe: string;
  /** Whether the walk-forward optimises the parameters below in sample. */
  readonly walkForwardGrid: boolean;
  readonly sweepMode: SweepMode;
  readonly count: string;
  readonly seed: string;
  /** Whether the sweep is also scored walk-forward over the window plan (OOS spread). */
  readonly sweepWindows: boolean;
  readonly parameters: readonly ParameterRow[];
}

/** The parameters a sweep may vary, as the config names them (docs/backtest.md). */
export const SWEEPABLE_PATHS: readonly string[] = [
  'strategy.entry',
  'strategy.exit',
  'strategy.stop',
  'strategy.lookback',
  'strategy.delta',
  'strategy.observationVariance',
  'sizing.fraction',
  'sizing.annualVolatility',
  'sizing.kellyFraction',
];

export const EMPTY_PARAMETER_ROW: ParameterRow = { path: 'strategy.entry', values: '', min: '', max: '', integer: false };

export const DEFAULT_RESEARCH_FORM: ResearchForm = {
  formationDays: '252',
  tradingDays: '126',
  purgeDays: '5',
  embargoDays: '5',
  topN: '2',
  maxPValue: '0.05',
  universe: '',
  walkForwardGrid: true,
  sweepMode: 'grid',
  count: '20',
  seed: '0',
  sweepWindows: true,
  parameters: [{ path: 'strategy.entry', values: '1.5, 2, 2.5', min: '1', max: '3', integer: false }],
};

export type ResearchBuild<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fieldErrors: FieldErrors };

type Errors = Record<string, string>;

function numberOf(text: string, key: string, errors: Errors): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) errors[key] = 'must be a number';
  return value;
}

/** Comma/space separated numbers; an empty or non-numeric entry names the row. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return null;
  const values = parts.map(Number);
  return values.every((value) => Number.isFinite(value)) ? values : null;
}

function planOf(form: ResearchForm, errors: Errors): Record<string, number> {
  return {
    formationDays: numberOf(form.formationDays, 'plan.formationDays', errors),
    tradingDays: numberOf(form.tradingDays, 'plan.tradingDays', errors),
    purgeDays: numberOf(form.purgeDays, 'plan.purgeDays', errors),
    embargoDays: numberOf(form.embargoDays, 'plan.embargoDays', errors),
  };
}

function sweepOf(form: ResearchForm, errors: Errors): Record<string, unknown> {
  const parameters = form.parameters.map((row, index) => {
    const key = `sweep.parameters.${index}`;
    const out: Record<string, unknown> = { path: row.path, integer: row.integer };
    if (form.sweepMode === 'grid' || row.values.trim() !== '') {
      const values = parseNumberList(row.values);
      if (values === null) errors[key] = 'values must be numbers separated by commas';
      else out['values'] = values;
    } else {
      out['min'] = numberOf(row.min, key, errors);
      out['max'] = numberOf(row.max, key, errors);
    }
    return out;
  });
  const spec: Record<string, unknown> = { mode: form.sweepMode, parameters, seed: numberOf(form.seed, 'sweep.seed', errors) };
  if (form.sweepMode === 'random') spec['count'] = numberOf(form.count, 'sweep.count', errors);
  return spec;
}

/** The universe as typed, canonicalised by the shared symbol rule; empty = main's default. */
function universeOf(text: string, errors: Errors): string[] | undefined {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  const out: string[] = [];
  for (const part of parts) {
    const parsed = parseSymbol(part);
    if (!parsed.ok) errors['walkForward.universe'] = `${part}: ${parsed.reason}`;
    else if (!out.includes(parsed.symbol)) out.push(parsed.symbol);
  }
  return out;
}

export function walkForwardRequest(form: ResearchForm, config: Record<string, unknown>): ResearchBuild<{ config: Record<string, unknown>; walkForward: Record<string, unknown> }> {
  const errors: Errors = {};
  const walkForward: Record<string, unknown> = {
    plan: planOf(form, errors),
    topN: numberOf(form.topN, 'walkForward.topN', errors),
    maxPValue: numberOf(form.maxPValue, 'walkForward.maxPValue', errors),
  };
  const universe = universeOf(form.universe, errors);
  if (universe !== undefined) walkForward['universe'] = universe;
  if (form.walkForwardGrid) {
    const grid = sweepOf({ ...form, sweepMode: 'grid' }, errors);
    walkForward['grid'] = grid;
  }
  return Object.keys(errors).length > 0 ? { ok: false, fieldErrors: errors } : { ok: true, value: { config, walkForward } };
}

export function sweepRequest(form: ResearchForm, config: Record<string, unknown>): ResearchBuild<{ config: Record<string, unknown>; sweep: Record<string, unknown>; windows?: Record<string, number> }> {
  const errors: Errors = {};
  const sweep = sweepOf(form, errors);
  const windows = form.sweepWindows ? planOf(form, errors) : undefined;
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, value: { config, sweep, ...(windows === undefined ? {} : { windows }) } };
}

/**
 * The research field a request path belongs to: the walk-forward's plan and the sweep's
 * windows share the plan inputs; a grid parameter's problems land on its row. Paths of the
 * base config (strategy.entry, pairs.0.y …) belong to the form above: null here.
 */
export function researchFieldOf(path: string): string | null {
  const plan = /^(?:walkForward\.plan|windows)\.(formationDays|tradingDays|purgeDays|embargoDays)$/.exec(path);
  if (plan !== null) return `plan.${plan[1] ?? ''}`;
  if (path === 'walkForward.plan' || path === 'windows') return 'plan.formationDays';
  const row = /^(?:walkForward\.grid|sweep)\.parameters\.(\d+)/.exec(path);
  if (row !== null) return `sweep.parameters.${row[1] ?? ''}`;
  if (path === 'walkForward.grid.parameters' || path === 'sweep.parameters' || path === 'walkForward.grid' || path === 'sweep') return 'sweep.parameters';
  if (path.startsWith('walkForward.universe')) return 'walkForward.universe';
  if (path === 'walkForward.topN' || path === 'walkForward.maxPValue' || path === 'sweep.count' || path === 'sweep.seed') return path;
  if (path === 'sweep.maxConfigs') return 'sweep.parameters';
  return null;
}
