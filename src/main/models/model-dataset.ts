import type { AlignedPair } from './pair-alignment';
import type { DataSplit } from './data-splits';
import { fitScaler, type ScalerParams } from './feature-scaler';
import type { FeatureConfig } from './model-config';
import { buildSequences, type SequenceSet } from './sequences';
import { computeFeatures, fitHedge, type FeatureTable, type HedgeFit } from './spread-features';

/** Everything one training run needs, with every fitted parameter taken from `split.fit`. */
export interface ModelDataset {
  readonly split: DataSplit;
  readonly hedge: HedgeFit;
  readonly scaler: ScalerParams;
  readonly table: FeatureTable;
  readonly fit: SequenceSet;
  readonly validation: SequenceSet;
  readonly test: SequenceSet;
}

/**
 * The one path from an aligned pair to sequences (the predecessor had three copies of its
 * sequence code, audit 9.2). The hedge and the scaler see only the fit range, so nothing
 * about validation or test rows reaches the model except through its inputs at run time.
 */
export function prepareDataset(pair: AlignedPair, split: DataSplit, config: FeatureConfig): ModelDataset {
  const hedge = fitHedge(pair, split.fit.fromRow, split.fit.toRow);
  const table = computeFeatures(pair, hedge, config);
  const scaler = fitScaler(table, split.fit.fromRow, split.fit.toRow);
  return {
    split,
    hedge,
    scaler,
    table,
    fit: buildSequences(table, scaler, config.window, split.fit),
    validation: buildSequences(table, scaler, config.window, split.validation),
    test: buildSequences(table, scaler, config.window, split.test),
  };
}
