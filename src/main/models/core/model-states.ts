import { AppError } from '../../../shared/ipc/errors';
import type { ModelState, PredictionMode } from './model-registry-types';

/**
 * The deployment ladder (issue 15, audit 4.2): candidate → challenger (shadow) → canary
 * (capped risk) → champion. No state may be skipped on the way up, so every champion has
 * run in shadow and as a canary first. Any state but retired may be retired; a champion
 * demoted by drift goes back to challenger (shadow), where it keeps logging predictions.
 */
const promotions: Readonly<Record<ModelState, ModelState | null>> = {
  candidate: 'challenger',
  challenger: 'canary',
  canary: 'champion',
  champion: null,
  retired: null,
};

/** The state a promotion moves to, or an error naming why it cannot. */
export function nextState(current: ModelState): ModelState {
  const next = promotions[current];
  if (next === null) {
    throw new AppError('CONFLICT', current === 'champion' ? 'The model is already the champion.' : 'A retired model cannot be promoted; register a new version.', { state: current });
  }
  return next;
}

/** Whether `from → to` is a step the registry allows (promotion, demotion to shadow, retirement). */
export function isAllowedTransition(from: ModelState, to: ModelState): boolean {
  if (from === to) return false;
  if (to === 'retired') return from !== 'retired';
  if (promotions[from] === to) return true;
  // Demotion: a champion or canary back to shadow (drift, or a trader's call).
  if (to === 'challenger') return from === 'champion' || from === 'canary';
  // Rollback: a retired former champion may be reinstated (checked against its history by the registry).
  if (to === 'champion') return from === 'retired';
  return false;
}

/** Whether a model in this state has its predictions logged, and in which mode. */
export function predictionModeOf(state: ModelState): PredictionMode | null {
  switch (state) {
    case 'champion':
      return 'live';
    case 'canary':
      return 'canary';
    case 'challenger':
      return 'shadow';
    case 'candidate':
    case 'retired':
      return null;
    default:
      return assertNeverState(state);
  }
}

/**
 * The share of the risk budget a model may trade: all of it as champion, at most the
 * configured cap as a canary, none in shadow or before. Sizing multiplies by this.
 */
export function riskShareOf(state: ModelState, canaryRiskShare: number): number {
  switch (state) {
    case 'champion':
      return 1;
    case 'canary':
      return Math.min(1, Math.max(0, canaryRiskShare));
    case 'challenger':
    case 'candidate':
    case 'retired':
      return 0;
    default:
      return assertNeverState(state);
  }
}

function assertNeverState(state: never): never {
  throw new AppError('INTERNAL', `Unknown model state ${String(state)}.`);
}
