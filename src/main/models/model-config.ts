import { z } from 'zod';

/**
 * Every number the model lab uses comes from these schemas (audit 4.4: the predecessor
 * hard-coded 60 steps, 50/30 units, 0.2 dropout and a 0.5 threshold). Defaults reproduce
 * the predecessor's architecture so results stay comparable; a search varies any of them,
 * including the layer count and units.
 */

export const featureConfigSchema = z.object({
  /** Rows per input window (the predecessor's 60 steps). */
  window: z.number().int().min(2).max(500).default(60),
  /** Rows in the rolling mean and deviation of the spread z-score. */
  zScoreLookback: z.number().int().min(2).max(500).default(20),
  /** Rows in the rolling volatility of spread changes. */
  volatilityLookback: z.number().int().min(2).max(500).default(20),
  /**
   * The longest run of missing closes a leg may have carried forward (audit 4.3: the
   * predecessor forward-filled without limit and then zero-filled). A longer gap makes its
   * rows unusable; windows that touch them are skipped.
   */
  maxForwardFillRows: z.number().int().min(0).max(20).default(3),
});
export type FeatureConfig = z.infer<typeof featureConfigSchema>;

export const lstmLayerSchema = z.object({
  units: z.number().int().min(1).max(512),
  /** Dropout applied to the layer's output during training only. */
  dropout: z.number().min(0).max(0.9),
});
export type LstmLayerConfig = z.infer<typeof lstmLayerSchema>;

export const modelTargetSchema = z.enum(['regression', 'direction']);
export type ModelTarget = z.infer<typeof modelTargetSchema>;

export const lstmConfigSchema = z.object({
  target: modelTargetSchema.default('regression'),
  /** Stacked LSTM layers, input side first (predecessor: 50 then 30, both with 0.2 dropout). */
  layers: z
    .array(lstmLayerSchema)
    .min(1)
    .max(4)
    .default([
      { units: 50, dropout: 0.2 },
      { units: 30, dropout: 0.2 },
    ]),
});
export type LstmConfig = z.infer<typeof lstmConfigSchema>;

export const trainingConfigSchema = z.object({
  epochs: z.number().int().min(1).max(1000).default(50),
  batchSize: z.number().int().min(1).max(4096).default(32),
  learningRate: z.number().positive().max(1).default(0.001),
  /** Epochs without a validation improvement of at least minDelta before stopping. */
  patience: z.number().int().min(1).max(1000).default(5),
  minDelta: z.number().min(0).default(0),
  /** Seeds the initialiser, the batch order and every dropout mask. */
  seed: z.number().int().min(0).max(0x7fffffff).default(42),
});
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

export const splitConfigSchema = z
  .object({
    trainFraction: z.number().gt(0).lt(1).default(0.7),
    validationFraction: z.number().gt(0).lt(1).default(0.15),
    /** Rows dropped between consecutive ranges so no sample's target lies in the next range. */
    purgeRows: z.number().int().min(0).default(1),
    /** Further rows dropped after the purge, against serial correlation across the boundary. */
    embargoRows: z.number().int().min(0).default(5),
  })
  .refine((split) => split.trainFraction + split.validationFraction < 1, {
    message: 'trainFraction + validationFraction must leave rows for the test range',
    path: ['validationFraction'],
  });
export type SplitConfig = z.infer<typeof splitConfigSchema>;

export const walkForwardConfigSchema = z.object({
  folds: z.number().int().min(1).max(100).default(5),
  /** Rows in each fold's test range. */
  testRows: z.number().int().min(2).default(120),
  /** Rows in each fold's training range (fit + validation); ignored when anchored. */
  trainRows: z.number().int().min(10).default(750),
  /** Anchored folds train on everything before the test range; rolling ones on trainRows. */
  anchored: z.boolean().default(false),
  purgeRows: z.number().int().min(0).default(1),
  embargoRows: z.number().int().min(0).default(5),
  /** Share of a fold's training range held out (at its end) for early stopping. */
  validationFraction: z.number().gt(0).lt(1).default(0.15),
});
export type WalkForwardConfig = z.infer<typeof walkForwardConfigSchema>;

export const evaluationConfigSchema = z.object({
  /**
   * Probabilities above which "up" is called; the best on the in-sample window is used out
   * of sample (audit 9.2: never a fixed 0.5).
   */
  thresholdCandidates: z.array(z.number().gt(0).lt(1)).min(1).default([0.4, 0.45, 0.5, 0.55, 0.6]),
});
export type EvaluationConfig = z.infer<typeof evaluationConfigSchema>;

export const modelLabConfigSchema = z.object({
  features: featureConfigSchema.default(featureConfigSchema.parse({})),
  model: lstmConfigSchema.default(lstmConfigSchema.parse({})),
  training: trainingConfigSchema.default(trainingConfigSchema.parse({})),
  split: splitConfigSchema.default(splitConfigSchema.parse({})),
  walkForward: walkForwardConfigSchema.default(walkForwardConfigSchema.parse({})),
  evaluation: evaluationConfigSchema.default(evaluationConfigSchema.parse({})),
});
export type ModelLabConfig = z.infer<typeof modelLabConfigSchema>;

/** The defaults, parsed once: the predecessor's architecture with honest validation. */
export function defaultModelLabConfig(): ModelLabConfig {
  return modelLabConfigSchema.parse({});
}
