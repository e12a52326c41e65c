import type { AlertSink } from '../../alerts/alert-sink';
import type { Clock } from '../../core/time/clock';
import type { ModelRegistryRepo } from '../../store/repos/model-registry.repo';
import type { PredictionRecord } from '../core/model-registry-types';
import { errorDrift, inputDrift, type DriftConfig, type InputDrift } from '../drift-statistics';
import type { ModelRegistry } from './model-registry';

/** What the monitor needs of the thresholds (config `models.drift`). */
export interface DriftMonitorConfig extends DriftConfig {
  /** Predictions with known outcomes needed before the rolling error is judged. */
  readonly minErrorSamples: number;
  /** Whether an alarm on a champion sends it back to shadow. */
  readonly demoteChampionOnAlarm: boolean;
}

/** Where drift alarms go: the alerts area's sink (persisted, deduplicated, pushed). */
export type ModelAlertSink = Pick<AlertSink, 'raise'>;

/** Input columns the model was trained on (its fit rows) and the same columns recently. */
export interface DriftInputs {
  readonly featureNames: readonly string[];
  readonly reference: readonly ArrayLike<number>[];
  readonly current: readonly ArrayLike<number>[];
}

export interface DriftReport {
  readonly inputs: InputDrift[];
  /** Rolling MSE over validation MSE on the newest predictions with outcomes, or null when too few. */
  readonly error: { readonly ratio: number; readonly alarm: boolean; readonly samples: number; readonly rollingMse: number[] } | null;
  readonly alarm: boolean;
  readonly reasons: string[];
}

/** PSI and KS on every input, and the rolling error against the validation error. */
export function evaluateDrift(inputs: DriftInputs, predictions: readonly PredictionRecord[], validationMse: number, config: DriftMonitorConfig): DriftReport {
  const perInput = inputDrift(inputs.featureNames, inputs.reference, inputs.current, config);
  const reasons = perInput
    .filter((row) => row.drifted)
    .map((row) => `${row.name}: PSI ${row.psi.toFixed(3)} (alarm ${config.psiAlarm}), KS p ${row.ksPValue.toExponential(2)} (alpha ${config.ksAlpha})`);
  const known = predictions.filter((row): row is PredictionRecord & { actual: number } => row.actual !== null);
  let error: DriftReport['error'] = null;
  if (known.length >= Math.max(config.minErrorSamples, config.errorWindow)) {
    const drift = errorDrift(
      known.map((row) => row.prediction),
      known.map((row) => row.actual),
      validationMse,
      config,
    );
    error = { ratio: drift.ratio, alarm: drift.alarm, samples: known.length, rollingMse: Array.from(drift.rollingMse, (value) => (Number.isFinite(value) ? value : Number.NaN)) };
    if (drift.alarm) reasons.push(`rolling MSE ${drift.ratio.toFixed(2)}× the validation MSE (alarm ${config.errorRatioAlarm}×)`);
  }
  return { inputs: perInput, error, alarm: reasons.length > 0, reasons };
}

export interface DriftCheckOutcome {
  readonly checkId: number;
  readonly report: DriftReport;
  readonly demoted: boolean;
}

/**
 * Runs a drift check on one model, stores it, raises an alert on an alarm and, when the
 * config says so, demotes an alarming champion to shadow (audited as the drift monitor).
 */
export class DriftMonitor {
  constructor(
    private readonly deps: {
      readonly repo: ModelRegistryRepo;
      readonly registry: ModelRegistry;
      readonly alerts: ModelAlertSink;
      readonly clock: Clock;
      readonly config: () => DriftMonitorConfig;
    },
  ) {}

  check(modelId: number, inputs: DriftInputs): DriftCheckOutcome {
    const { repo, registry, alerts, clock } = this.deps;
    const config = this.deps.config();
    const record = repo.require(modelId);
    const validationMse = record.metrics.validation['lstm']?.mse ?? Number.NaN;
    const report = evaluateDrift(inputs, repo.predictions(modelId), validationMse, config);
    const demote = report.alarm && config.demoteChampionOnAlarm && record.state === 'champion';
    const checkId = repo.saveDriftCheck(modelId, clock.now(), report.alarm, demote, report as unknown as Record<string, unknown>);
    if (report.alarm) {
      alerts.raise({
        kind: 'model-drift',
        subject: record.name,
        dedupKey: `model-drift:${record.name} v${record.version}`,
        details: { modelId, checkId, demoted: demote },
        severity: demote ? 'critical' : 'warning',
        title: `Model drift: ${record.name} v${record.version}`,
        message: `${report.reasons.join('; ')}${demote ? '. The champion was sent back to shadow.' : ''}`,
      });
    }
    if (demote) registry.demote(modelId, { actor: 'system:drift-monitor', confirmed: true, reason: report.reasons.join('; '), driftCheckId: checkId });
    return { checkId, report, demoted: demote };
  }
}
