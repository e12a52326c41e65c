import type { ModelMetrics, WindowMetrics } from '../core/model-registry-types';
import type { ExperimentResult } from '../model-experiment';
import type { EvaluationReport } from '../model-evaluation';

function windowMetrics(report: EvaluationReport, samples: number): Record<string, WindowMetrics> {
  const out: Record<string, WindowMetrics> = {};
  for (const [name, forecaster] of Object.entries(report)) {
    out[name] = {
      mse: forecaster.regression?.mse ?? null,
      mae: forecaster.regression?.mae ?? null,
      accuracy: forecaster.direction.accuracy,
      logLoss: forecaster.direction.logLoss,
      threshold: forecaster.direction.threshold,
      samples,
    };
  }
  return out;
}

/** An experiment's validation and test scores as the registry records them, baselines beside the model. */
export function registryMetrics(result: ExperimentResult): ModelMetrics {
  return { validation: windowMetrics(result.validation, result.dataset.validation.count), test: windowMetrics(result.test, result.dataset.test.count) };
}
