/**
 * The model registry's domain records, shared by the registry service and its repository
 * (store/repos/model-registry.repo.ts). Plain data: epoch ms, epoch days, JSON-able values.
 */

/**
 * Deployment states (issue 15): a candidate was trained and registered; a challenger runs in
 * shadow (its predictions are logged, it places no orders); a canary trades a capped share of
 * the risk budget; the champion trades; a retired model does nothing.
 */
export const modelStates = ['candidate', 'challenger', 'canary', 'champion', 'retired'] as const;
export type ModelState = (typeof modelStates)[number];

/** How a prediction was used: by the trading champion, in shadow, or by a canary. */
export type PredictionMode = 'live' | 'shadow' | 'canary';

/** An inclusive range of rows of the aligned pair (same shape as sequences.ts's RowRange). */
export interface RowWindow {
  readonly fromRow: number;
  readonly toRow: number;
}

/** The metrics of one forecaster on one window (the model's and each baseline's). */
export interface WindowMetrics {
  /** Squared and absolute error of the spread change; null for a direction-only forecaster. */
  readonly mse: number | null;
  readonly mae: number | null;
  readonly accuracy: number;
  readonly logLoss: number;
  /** The direction threshold chosen in sample. */
  readonly threshold: number;
  readonly samples: number;
}

/** Validation and test metrics, for the model and each baseline under its own name. */
export interface ModelMetrics {
  readonly validation: Readonly<Record<string, WindowMetrics>>;
  readonly test: Readonly<Record<string, WindowMetrics>>;
}

/** What the training data was: the pair, the rows' first and last day, the datasets behind them. */
export interface TrainingDataVersion {
  readonly y: string;
  readonly x: string;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly rows: number;
  /** The dataset versions that supplied the bars, or a synthetic sample's description. */
  readonly source: string;
  /** SHA-256 over both legs' days and closes, so "the same data" is checkable. */
  readonly sha256: string;
}

export interface ModelWindows {
  readonly fit: RowWindow;
  readonly validation: RowWindow;
  readonly test?: RowWindow;
}

/** Everything the registry records about one version, except its topology and weights. */
export interface ModelVersionRecord {
  readonly id: number;
  readonly name: string;
  readonly version: number;
  readonly createdAt: number;
  readonly state: ModelState;
  readonly stateChangedAt: number;
  readonly sha256: string;
  readonly target: 'regression' | 'direction';
  readonly dataVersion: TrainingDataVersion;
  readonly windows: ModelWindows;
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  readonly backend: string;
  readonly codeVersion: string;
  readonly metrics: ModelMetrics;
}

/** A version's stored artifact, as a TensorFlow.js IO handler reads and writes it. */
export interface StoredModelArtifact {
  readonly modelTopology: object;
  readonly weightSpecs: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: string }[];
  readonly weightData: ArrayBuffer;
  /** The artifact's own metadata (hedge, scaler, configs): what using the model needs. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface StateChangeRecord {
  readonly modelId: number;
  readonly at: number;
  readonly from: ModelState;
  readonly to: ModelState;
  readonly actor: string;
  readonly reason: string | null;
}

export interface PredictionRecord {
  readonly modelId: number;
  readonly day: number;
  readonly madeAt: number;
  readonly mode: PredictionMode;
  readonly inputHash: string;
  readonly prediction: number;
  readonly actual: number | null;
}

export interface DriftCheckRecord {
  readonly id: number;
  readonly modelId: number;
  readonly checkedAt: number;
  readonly alarm: boolean;
  readonly demoted: boolean;
  readonly report: Readonly<Record<string, unknown>>;
}
