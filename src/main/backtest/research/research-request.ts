import { AppError } from '../../../shared/ipc/errors';
import { parseBacktestConfig, type BacktestConfig } from '../backtest-config';
import { parseSweepSpec, type SweepSpec } from '../sweep/sweep-space';
import { parseWalkForwardSpec, type WalkForwardSpec } from '../walk-forward/walk-forward';
import { windowPlanSchema, type WindowPlanSpec } from '../walk-forward/window-plan';

/**
 * Validates a research request before anything is stored or started. Every refusal is
 * CONFIG_INVALID naming its field: `config.…` problems keep the backtest config's own field
 * names (as `arbdesk backtest` reports them), the spec's are `sweep.…`, `windows.…` or
 * `walkForward.…`.
 *
 * Walk-forward: `universe` defaults to the symbols of the config's pairs (the candidates the
 * formation step re-scans), and the windows run over the config's [from, to].
 */

export interface SweepRequestParsed {
  readonly kind: 'sweep';
  readonly config: BacktestConfig;
  /** The config input as given, without research keys: what every configuration starts from. */
  readonly base: Readonly<Record<string, unknown>>;
  readonly spec: SweepSpec;
  readonly windows?: WindowPlanSpec;
  /** What is stored as the run's spec (every default filled in). */
  readonly specJson: Readonly<Record<string, unknown>>;
}

export interface WalkForwardRequestParsed {
  readonly kind: 'walk_forward';
  readonly config: BacktestConfig;
  readonly base: Readonly<Record<string, unknown>>;
  readonly spec: WalkForwardSpec;
  readonly specJson: WalkForwardSpec & Readonly<Record<string, unknown>>;
}

const RESEARCH_KEYS = new Set(['walkForward', 'sweep']);

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('CONFIG_INVALID', `${field}: must be a JSON object`, { fields: [field], issues: [{ path: field, message: 'must be a JSON object' }] });
  return value as Record<string, unknown>;
}

function baseOf(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !RESEARCH_KEYS.has(key)));
}

export function parseResearchRequest(kind: 'sweep', input: unknown): SweepRequestParsed;
export function parseResearchRequest(kind: 'walk_forward', input: unknown): WalkForwardRequestParsed;
export function parseResearchRequest(kind: 'sweep' | 'walk_forward', input: unknown): SweepRequestParsed | WalkForwardRequestParsed {
  const request = record(input, '(request)');
  const base = baseOf(record(request.config, 'config'));
  const config = parseBacktestConfig(base);
  if (kind === 'sweep') {
    const spec = parseSweepSpec(request.sweep, 'sweep');
    let windows: WindowPlanSpec | undefined;
    if (request.windows !== undefined) {
      const parsed = windowPlanSchema.safeParse(request.windows);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: ['windows', ...issue.path.map(String)].join('.'), message: issue.message }));
        throw new AppError('CONFIG_INVALID', `Invalid sweep windows: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, { fields: issues.map((issue) => issue.path), issues });
      }
      windows = parsed.data;
    }
    const specJson = JSON.parse(JSON.stringify({ sweep: spec, ...(windows === undefined ? {} : { windows }) })) as Record<string, unknown>;
    return { kind, config, base, spec, ...(windows === undefined ? {} : { windows }), specJson };
  }
  const raw = record(request.walkForward, 'walkForward');
  const universe = raw.universe ?? [...new Set(config.pairs.flatMap((pair) => [pair.y, pair.x]))];
  const spec = parseWalkForwardSpec({ ...raw, universe });
  return { kind, config, base, spec, specJson: JSON.parse(JSON.stringify(spec)) as WalkForwardSpec & Record<string, unknown> };
}
