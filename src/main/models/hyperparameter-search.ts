import { z } from 'zod';
import { AppError } from '../../shared/ipc/errors';
import { createSeededRandom, type SeededRandom } from '../core/random/seeded-random';
import type { Clock } from '../core/time/clock';
import type { LstmConfig, ModelLabConfig, TrainingConfig } from './model-config';
import type { AlignedPair } from './pair-alignment';
import type { RowRange } from './sequences';
import { runWalkForward, type FoldPredictor, type FoldTrainer } from './walk-forward-experiment';

const range = (min: number, max: number) => z.object({ min: z.number().default(min), max: z.number().default(max) }).prefault({});

/**
 * The bounded search (issue 15, audit 4.4): the architecture (layer count and units) is
 * searched, not only rates. Every trial is scored on purged walk-forward folds before the
 * held-out range (audit 4.1), and the whole search stops at its time budget.
 */
export const searchConfigSchema = z.object({
  method: z.enum(['random', 'successive-halving']).default('successive-halving'),
  /** Configurations drawn (the first rung of successive halving). */
  trials: z.number().int().min(1).max(200).default(9),
  layerCount: range(1, 3),
  units: range(8, 64),
  dropout: range(0, 0.4),
  /** Drawn log-uniformly. */
  learningRate: range(1e-4, 1e-2),
  batchSizes: z.array(z.number().int().min(1).max(4096)).min(1).default([32, 64, 128]),
  /** Successive halving: keep the best 1/eta of each rung and train them eta× longer. */
  eta: z.number().int().min(2).max(10).default(3),
  /** Epochs in the first rung (random search trains every trial with the base config's epochs). */
  minEpochs: z.number().int().min(1).max(1000).default(2),
  budgetMs: z.number().int().min(1000).default(10 * 60 * 1000),
  seed: z.number().int().min(0).max(0x7fffffff).default(7),
});
export type SearchConfig = z.infer<typeof searchConfigSchema>;

export interface SearchCandidate {
  readonly model: LstmConfig;
  readonly training: TrainingConfig;
}

export interface SearchTrial {
  readonly candidate: number;
  readonly rung: number;
  readonly epochs: number;
  /** Mean over folds of the test MSE (regression) or log-loss (direction); lower is better. */
  readonly score: number;
}

export interface SearchResult {
  readonly candidates: readonly SearchCandidate[];
  readonly trials: readonly SearchTrial[];
  /** The candidate with the best score in the highest rung reached. */
  readonly best: number;
  readonly stoppedByBudget: boolean;
}

function uniform(random: SeededRandom, { min, max }: { min: number; max: number }): number {
  return min + (max - min) * random.nextFloat();
}

/** Draws `trials` configurations from the space, seeded, on top of the base config. */
export function drawCandidates(base: ModelLabConfig, space: SearchConfig): SearchCandidate[] {
  if (space.layerCount.min < 1 || space.layerCount.max > 4 || space.layerCount.min > space.layerCount.max) {
    throw new AppError('VALIDATION_FAILED', `search.layerCount must lie within 1…4, got ${space.layerCount.min}…${space.layerCount.max}.`, { field: 'search.layerCount' });
  }
  const random = createSeededRandom(space.seed);
  return Array.from({ length: space.trials }, () => {
    const layers = space.layerCount.min + random.nextInt(space.layerCount.max - space.layerCount.min + 1);
    const model: LstmConfig = {
      ...base.model,
      layers: Array.from({ length: layers }, () => ({ units: Math.round(uniform(random, space.units)), dropout: Number(uniform(random, space.dropout).toFixed(3)) })),
    };
    const learningRate = Math.exp(uniform(random, { min: Math.log(space.learningRate.min), max: Math.log(space.learningRate.max) }));
    const batchSize = space.batchSizes[random.nextInt(space.batchSizes.length)] as number;
    return { model, training: { ...base.training, learningRate, batchSize } };
  });
}

/**
 * Random search or successive halving over the drawn candidates. Scores come only from
 * walk-forward folds that end `purge + embargo` rows before the held-out range, so nothing
 * in it can move a score or the choice. Folds of one trial train at once (the trainer's pool
 * runs them on both cores). The clock is checked before every trial; past the budget the
 * search stops and reports the best so far.
 */
export async function runSearch(
  pair: AlignedPair,
  holdout: RowRange,
  base: ModelLabConfig,
  space: SearchConfig,
  deps: { readonly train: FoldTrainer; readonly predict: FoldPredictor; readonly clock: Clock; readonly signal?: AbortSignal; readonly onTrial?: (trial: SearchTrial) => void },
): Promise<SearchResult> {
  const candidates = drawCandidates(base, space);
  const rows = holdout.fromRow - base.walkForward.purgeRows - base.walkForward.embargoRows;
  const started = deps.clock.now();
  const trials: SearchTrial[] = [];
  let stoppedByBudget = false;
  const score = async (candidate: number, rung: number, epochs: number): Promise<SearchTrial | null> => {
    if (deps.signal?.aborted === true) throw new AppError('CANCELLED', 'The hyperparameter search was cancelled.');
    if (deps.clock.now() - started >= space.budgetMs) {
      stoppedByBudget = true;
      return null;
    }
    const chosen = candidates[candidate] as SearchCandidate;
    const outcomes = await runWalkForward(pair, rows, { ...base, model: chosen.model, training: { ...chosen.training, epochs } }, deps.train, deps.predict);
    const perFold = outcomes.map(({ test }) => (chosen.model.target === 'regression' ? (test.lstm.regression?.mse ?? Number.NaN) : test.lstm.direction.logLoss));
    const trial = { candidate, rung, epochs, score: perFold.reduce((sum, value) => sum + value, 0) / perFold.length };
    trials.push(trial);
    deps.onTrial?.(trial);
    return trial;
  };

  let alive = candidates.map((_, index) => index);
  let rung = 0;
  let epochs = space.method === 'random' ? base.training.epochs : space.minEpochs;
  let lastRung: SearchTrial[] = [];
  for (;;) {
    const results: SearchTrial[] = [];
    for (const candidate of alive) {
      const trial = await score(candidate, rung, epochs);
      if (trial === null) break;
      results.push(trial);
    }
    if (results.length > 0) lastRung = results;
    if (space.method === 'random' || stoppedByBudget || alive.length <= 1) break;
    const keep = Math.max(1, Math.floor(results.length / space.eta));
    alive = [...results].sort(byScore).slice(0, keep).map((trial) => trial.candidate);
    rung += 1;
    epochs = Math.max(epochs, Math.min(base.training.epochs, epochs * space.eta));
  }
  if (lastRung.length === 0) throw new AppError('TIMEOUT', `The search budget of ${space.budgetMs} ms ended before the first trial finished.`, { budgetMs: space.budgetMs });
  const best = ([...lastRung].sort(byScore)[0] as SearchTrial).candidate;
  return { candidates, trials, best, stoppedByBudget };
}

/** Lower scores first; a NaN score (a fold that could not be scored) sorts last. */
function byScore(a: SearchTrial, b: SearchTrial): number {
  if (Number.isNaN(a.score)) return Number.isNaN(b.score) ? a.candidate - b.candidate : 1;
  if (Number.isNaN(b.score)) return -1;
  return a.score - b.score || a.candidate - b.candidate;
}
