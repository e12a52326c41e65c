import { z } from 'zod';
import { parseSymbol } from './symbol';
import { profileSchema } from './system';

/**
 * How far trading may go, most permissive first. REDUCE_ONLY lets only orders that shrink
 * exposure through; HALTED lets nothing new reach a venue until a human resumes.
 */
export const tradingStatusSchema = z.enum(['ACTIVE', 'REDUCE_ONLY', 'HALTED']);
export type TradingStatus = z.infer<typeof tradingStatusSchema>;

const STRATEGY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** True when `text` is already a canonical ticker (parseSymbol leaves it unchanged). */
function isCanonicalSymbol(text: string): boolean {
  const parsed = parseSymbol(text);
  return parsed.ok && parsed.exchange === null && parsed.symbol === text;
}

/** Why a scope string is not one, or null when it is. Shared by the schema and main's parser. */
export function scopeProblem(scope: string): string | null {
  if (scope === 'global') return null;
  if (scope.startsWith('strategy:')) {
    return STRATEGY_ID.test(scope.slice('strategy:'.length)) ? null : 'a strategy id is 1-64 of A-Z, a-z, 0-9, "_", "." or "-"';
  }
  if (scope.startsWith('pair:')) {
    const legs = scope.slice('pair:'.length).split('/');
    if (legs.length !== 2 || !legs.every(isCanonicalSymbol)) return 'a pair is written pair:<Y>/<X> with two canonical symbols, e.g. pair:KO/PEP';
    return legs[0] === legs[1] ? 'a pair needs two different symbols' : null;
  }
  return 'a scope is "global", "strategy:<id>" or "pair:<Y>/<X>"';
}

/** Where a state applies: everything, one strategy, or one pair (Y/X as the scanner writes it). */
export const tradingScopeSchema = z
  .string()
  .max(100)
  .superRefine((scope, context) => {
    const problem = scopeProblem(scope);
    if (problem !== null) context.addIssue({ code: 'custom', message: `invalid scope "${scope}": ${problem}` });
  });
export type TradingScope = z.infer<typeof tradingScopeSchema>;

export const scopeStateSchema = z.object({
  scope: tradingScopeSchema,
  status: tradingStatusSchema,
  /** Null when nobody gave one yet (a one-click halt; `trading:annotate-halt` adds it). */
  reason: z.string().nullable(),
  /** 'user', 'system', 'cli', 'risk:<check>' … */
  actor: z.string().min(1),
  /** Epoch ms the scope entered this status. */
  since: z.number().int(),
});
export type ScopeState = z.infer<typeof scopeStateSchema>;

export const tradingStateSchema = z.object({
  profile: profileSchema,
  global: scopeStateSchema,
  /** Every strategy and pair scope that is not ACTIVE, sorted by scope. */
  scopes: z.array(scopeStateSchema),
  /** The most restrictive state that applies to the asked context (global alone by default). */
  effective: scopeStateSchema,
  /** Monotonic revision so the UI can ignore out-of-order pushes. */
  revision: z.number().int().nonnegative(),
});
export type TradingState = z.infer<typeof tradingStateSchema>;

const reasonSchema = z.string().trim().min(1, 'a reason cannot be blank').max(500);

/** The context an order would trade in; the effective state is the strictest that applies. */
export const tradingContextSchema = z.object({
  strategy: z.string().regex(STRATEGY_ID).optional(),
  pair: z
    .string()
    .max(40)
    .refine((pair) => scopeProblem(`pair:${pair}`) === null, 'a pair is <Y>/<X> with two canonical symbols')
    .optional(),
});
export type TradingContext = z.infer<typeof tradingContextSchema>;

/** One action halts: the reason is optional and can be added afterwards. */
export const haltRequestSchema = z.object({
  reason: reasonSchema.optional(),
  scope: tradingScopeSchema.default('global'),
});

export const annotateHaltRequestSchema = z.object({
  reason: reasonSchema,
  scope: tradingScopeSchema.default('global'),
});

export const reduceOnlyRequestSchema = z.object({
  reason: reasonSchema,
  scope: tradingScopeSchema.default('global'),
});

/** Resuming is deliberate: the caller must type the confirmation word. */
export const resumeRequestSchema = z.object({
  confirm: z.literal('RESUME'),
  reason: reasonSchema,
  scope: tradingScopeSchema.default('global'),
});
