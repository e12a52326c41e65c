import { z } from 'zod';
import { AppError } from '../../../shared/ipc/errors';
import type { EpochDay } from '../../core/time/epoch-day';

/**
 * The walk-forward window planner: pure index arithmetic over a trading-day calendar.
 * Window k (F = formationDays, T = tradingDays, P = purgeDays, E = embargoDays):
 *   formation  [s_k, s_k + F − 1]                    (in sample: selection and parameter fit)
 *   purge      the P days after the formation         (neither fitted on nor traded)
 *   trading    [s_k + F + P, s_k + F + P + T − 1]     (out of sample)
 *   embargo    the E days after the trading window    (not traded; the next window trades after them)
 * with s_{k+1} = s_k + T + E, so consecutive trading windows are disjoint and E days apart, and
 * the next formation window rolls forward over data that is by then in the past. The last
 * trading window may be shorter than T when the calendar ends. Every trading window lies
 * strictly after its own formation window and its purge: out of sample by construction.
 */

export const windowPlanSchema = z.object({
  formationDays: z.number().int().min(20).default(252),
  tradingDays: z.number().int().min(1).default(63),
  purgeDays: z.number().int().nonnegative().default(5),
  embargoDays: z.number().int().nonnegative().default(0),
});

export type WindowPlanSpec = z.output<typeof windowPlanSchema>;

export interface IndexRange {
  /** Inclusive indices into the calendar. */
  readonly start: number;
  readonly end: number;
}

export interface PlannedWindow {
  readonly index: number;
  readonly formation: IndexRange;
  readonly trading: IndexRange;
  readonly formationDays: { readonly from: EpochDay; readonly to: EpochDay };
  readonly tradingDays: { readonly from: EpochDay; readonly to: EpochDay };
}

export function planWindows(days: ArrayLike<EpochDay>, spec: WindowPlanSpec, firstIndex = 0): PlannedWindow[] {
  const { formationDays: f, tradingDays: t, purgeDays: p, embargoDays: e } = spec;
  const last = days.length - 1;
  const windows: PlannedWindow[] = [];
  for (let start = firstIndex; ; start += t + e) {
    const formationEnd = start + f - 1;
    const tradingStart = formationEnd + p + 1;
    if (tradingStart > last) break;
    const tradingEnd = Math.min(tradingStart + t - 1, last);
    windows.push({
      index: windows.length,
      formation: { start, end: formationEnd },
      trading: { start: tradingStart, end: tradingEnd },
      formationDays: { from: days[start] as number, to: days[formationEnd] as number },
      tradingDays: { from: days[tradingStart] as number, to: days[tradingEnd] as number },
    });
  }
  if (windows.length === 0) {
    throw new AppError('VALIDATION_FAILED', `walkForward: ${days.length} trading days cannot hold one formation window of ${f} days, a purge of ${p} and a trading day`, { field: 'walkForward.formationDays' });
  }
  return windows;
}
