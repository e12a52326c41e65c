import { z } from 'zod';
import { defineEvent, defineRequest } from '../define';
import { tradingDateSchema } from '../../domain/market-data';
import { symbolSchema } from '../../domain/symbol';

export const modelStateSchema = z.enum(['candidate', 'challenger', 'canary', 'champion', 'retired']);
export type ModelStateWire = z.infer<typeof modelStateSchema>;

/** The hyperparameters the Model lab form sets; anything left out takes the config default. */
export const trainRequestSchema = z
  .object({
    y: symbolSchema,
    x: symbolSchema,
    target: z.enum(['regression', 'direction']).default('regression'),
    window: z.number().int().min(2).max(500).default(60),
    /** Stacked LSTM layers, input side first (the search space includes count and units, audit 4.4). */
    layers: z
      .array(z.object({ units: z.number().int().min(1).max(512), dropout: z.number().min(0).max(0.9) }).strict())
      .min(1)
      .max(4)
      .default([
        { units: 50, dropout: 0.2 },
        { units: 30, dropout: 0.2 },
      ]),
    epochs: z.number().int().min(1).max(1000).default(50),
    batchSize: z.number().int().min(1).max(4096).default(32),
    learningRate: z.number().positive().max(1).default(0.001),
    patience: z.number().int().min(1).max(1000).default(5),
    seed: z.number().int().min(0).max(0x7fffffff).default(42),
  })
  .strict();
export type TrainRequest = z.infer<typeof trainRequestSchema>;

const windowMetricsSchema = z.object({
  mse: z.number().nullable(),
  mae: z.number().nullable(),
  accuracy: z.number(),
  logLoss: z.number(),
  threshold: z.number(),
  samples: z.number().int(),
});

const rowWindowSchema = z.object({ fromRow: z.number().int(), toRow: z.number().int() });

export const modelVersionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.number().int(),
  createdAt: z.number().int(),
  state: modelStateSchema,
  stateChangedAt: z.number().int(),
  sha256: z.string(),
  target: z.enum(['regression', 'direction']),
  backend: z.string(),
  codeVersion: z.string(),
  data: z.object({ y: z.string(), x: z.string(), from: tradingDateSchema, to: tradingDateSchema, rows: z.number().int(), source: z.string(), sha256: z.string() }),
  windows: z.object({ fit: rowWindowSchema, validation: rowWindowSchema, test: rowWindowSchema.optional() }),
  hyperparameters: z.record(z.string(), z.unknown()),
  /** Validation and test metrics of the model ("lstm") and each baseline under its own name. */
  metrics: z.object({ validation: z.record(z.string(), windowMetricsSchema), test: z.record(z.string(), windowMetricsSchema) }),
  /** Share of the risk budget this version may trade in its state (canary: the configured cap). */
  riskShare: z.number(),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

const confirmed = z.literal(true, { error: 'the change must be confirmed' });
const modelRef = z.object({ modelId: z.number().int().positive() });

const driftInputSchema = z.object({ name: z.string(), psi: z.number(), ksStatistic: z.number(), ksPValue: z.number(), drifted: z.boolean() });

export const driftCheckSchema = z.object({
  id: z.number().int(),
  checkedAt: z.number().int(),
  alarm: z.boolean(),
  demoted: z.boolean(),
  inputs: z.array(driftInputSchema),
  errorRatio: z.number().nullable(),
  reasons: z.array(z.string()),
});
export type DriftCheck = z.infer<typeof driftCheckSchema>;

const lossPointSchema = z.object({ jobId: z.string(), epoch: z.number().int(), epochs: z.number().int(), trainLoss: z.number(), validationLoss: z.number() });
export type LossPoint = z.infer<typeof lossPointSchema>;

const predictionSchema = z.object({
  modelId: z.number().int(),
  date: tradingDateSchema,
  mode: z.enum(['live', 'shadow', 'canary']),
  inputHash: z.string(),
  prediction: z.number(),
  actual: z.number().nullable(),
});

const shadowReportSchema = z.object({
  championId: z.number().int(),
  challengerId: z.number().int(),
  dates: z.array(tradingDateSchema),
  championMse: z.number().nullable(),
  challengerMse: z.number().nullable(),
  dieboldMariano: z.object({ meanDifferential: z.number(), statistic: z.number(), pValue: z.number(), samples: z.number().int() }).nullable(),
});

const searchTrialsSchema = z.object({
  method: z.enum(['random', 'successive-halving']),
  /** The candidate the search chose (this version's configuration). */
  best: z.number().int(),
  stoppedByBudget: z.boolean(),
  trials: z.array(
    z.object({
      candidate: z.number().int(),
      rung: z.number().int(),
      epochs: z.number().int(),
      /** Mean purged walk-forward fold score; lower is better. */
      score: z.number(),
      units: z.array(z.number().int()),
      dropout: z.number(),
      learningRate: z.number(),
      batchSize: z.number().int(),
    }),
  ),
});
export type SearchTrials = z.infer<typeof searchTrialsSchema>;
export type ShadowReportWire = z.infer<typeof shadowReportSchema>;

export const modelsRequests = {
  'models:train': defineRequest({
    doc: 'Trains an LSTM on a pair as a worker job (progress and loss points stream; cancel with jobs:cancel); the result is registered as a candidate.',
    request: trainRequestSchema,
    response: z.object({ jobId: z.string() }),
  }),
  'models:search': defineRequest({
    doc: "A bounded hyperparameter search on a pair as a worker job (layer count, units, dropout, learning rate, batch size), scored only on purged walk-forward folds before the test window, within a time budget; the best configuration is trained and registered as a candidate.",
    request: trainRequestSchema.extend({
      method: z.enum(['random', 'successive-halving']).default('successive-halving'),
      trials: z.number().int().min(1).max(200).default(9),
      budgetSeconds: z.number().int().min(1).max(24 * 3600).default(600),
    }),
    response: z.object({ jobId: z.string() }),
  }),
  'models:list': defineRequest({
    doc: 'Every registered model version, newest first per pair, with its metrics beside the baselines.',
    request: z.object({}).strict(),
    response: z.array(modelVersionSchema),
  }),
  'models:test-forecast': defineRequest({
    doc: "A version's forecasts against what happened on its test window (the predicted-vs-actual chart).",
    request: modelRef.strict(),
    response: z.object({ dates: z.array(tradingDateSchema), predicted: z.array(z.number()), actual: z.array(z.number()), target: z.enum(['regression', 'direction']) }),
  }),
  'models:promote': defineRequest({
    doc: 'Moves a version one step up (candidate → challenger → canary → champion); confirmed and audited.',
    request: modelRef.extend({ confirmed, reason: z.string().max(2000).optional() }).strict(),
    response: modelVersionSchema,
  }),
  'models:rollback': defineRequest({
    doc: "Retires a pair's champion and reinstates the previous one; confirmed, with a reason, and audited.",
    request: z.object({ name: z.string().min(1).max(80), confirmed, reason: z.string().trim().min(1).max(2000) }).strict(),
    response: modelVersionSchema,
  }),
  'models:retire': defineRequest({
    doc: 'Retires a version; confirmed and audited.',
    request: modelRef.extend({ confirmed, reason: z.string().max(2000).optional() }).strict(),
    response: modelVersionSchema,
  }),
  'models:drift': defineRequest({
    doc: "A version's recent drift checks (PSI and KS per input, rolling error against validation) for the drift panel.",
    request: modelRef.extend({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    response: z.array(driftCheckSchema),
  }),
  'models:drift-check': defineRequest({
    doc: "Checks a version's inputs now against its training rows (and its logged errors); alarms alert and may demote a champion to shadow.",
    request: modelRef.strict(),
    response: driftCheckSchema,
  }),
  'models:predict': defineRequest({
    doc: "Every deployed version of a pair forecasts the newest stored day; each prediction is logged with its version, mode (a challenger's is shadow) and input hash.",
    request: z.object({ name: z.string().min(1).max(80) }).strict(),
    response: z.array(predictionSchema),
  }),
  'models:search-trials': defineRequest({
    doc: 'The hyperparameter search that chose a version (its trials, scored on purged walk-forward folds), or null for a version trained from the form.',
    request: modelRef.strict(),
    response: searchTrialsSchema.nullable(),
  }),
  'models:shadow-report': defineRequest({
    doc: 'Champion vs a challenger over the days both logged with a known outcome, with a Diebold-Mariano test.',
    request: z.object({ challengerId: z.number().int().positive() }).strict(),
    response: shadowReportSchema,
  }),
} as const;

export const modelsEvents = {
  'models:loss': defineEvent({ doc: 'One finished training epoch with both losses (the live loss curve).', payload: lossPointSchema }),
} as const;
