import { createHash } from 'node:crypto';
import type { Clock } from '../../core/time/clock';
import { AppError } from '../../../shared/ipc/errors';
import type { ModelRegistryRepo } from '../../store/repos/model-registry.repo';
import type { PredictionMode, PredictionRecord } from '../core/model-registry-types';
import { predictionModeOf } from '../core/model-states';
import { dieboldMariano, type DieboldMarianoResult } from '../drift-statistics';

/** SHA-256 of an input window's float32 bytes: the same window always hashes the same. */
export function inputWindowHash(window: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(window.buffer, window.byteOffset, window.byteLength)).digest('hex');
}

export interface PredictionEntry {
  readonly modelId: number;
  readonly day: number;
  /** The scaled input window the model saw, [window × features] row-major. */
  readonly inputs: Float32Array;
  readonly prediction: number;
  readonly actual?: number | null;
}

/**
 * Every prediction a deployed model makes is logged with its version and a hash of its
 * input window. The mode follows the model's state: a challenger's predictions are shadow
 * (logged, never traded), a canary's and champion's are traded. A candidate or retired model
 * does not predict for the desk.
 */
export class PredictionLog {
  constructor(
    private readonly repo: ModelRegistryRepo,
    private readonly clock: Clock,
  ) {}

  log(entry: PredictionEntry): PredictionRecord {
    const record = this.repo.require(entry.modelId);
    const mode = predictionModeOf(record.state);
    if (mode === null) throw new AppError('CONFLICT', `${record.name} v${record.version} is ${record.state} and does not predict for the desk.`, { modelId: record.id, state: record.state });
    if (!Number.isFinite(entry.prediction)) throw new AppError('VALIDATION_FAILED', `The prediction for day ${entry.day} is not a finite number.`, { day: entry.day });
    const logged = { modelId: entry.modelId, day: entry.day, madeAt: this.clock.now(), mode, inputHash: inputWindowHash(entry.inputs), prediction: entry.prediction, actual: entry.actual ?? null };
    this.repo.logPrediction(logged);
    return logged;
  }

  recordActual(modelId: number, day: number, actual: number): void {
    this.repo.recordActual(modelId, day, actual);
  }

  predictions(modelId: number, fromDay?: number, toDay?: number): PredictionRecord[] {
    return this.repo.predictions(modelId, fromDay, toDay);
  }
}

export interface ShadowReport {
  readonly championId: number;
  readonly challengerId: number;
  /** Days both predicted and whose outcome is known. */
  readonly days: number[];
  readonly championMse: number;
  readonly challengerMse: number;
  /** Positive mean differential favours the challenger; null with fewer than 3 common days. */
  readonly dieboldMariano: DieboldMarianoResult | null;
  readonly challengerModes: readonly PredictionMode[];
}

/**
 * Champion vs challenger over the shadow period (audit 4.2): the days both logged a
 * prediction with a known outcome, each side's MSE, and a Diebold-Mariano test of equal
 * accuracy on squared errors.
 */
export function shadowReport(
  champion: readonly PredictionRecord[],
  challenger: readonly PredictionRecord[],
  // The versions compared, named by the caller: a version that has logged nothing yet still has its id.
  ids: { readonly championId: number; readonly challengerId: number },
): ShadowReport {
  const { championId, challengerId } = ids;
  const byDay = new Map(champion.filter((row) => row.actual !== null).map((row) => [row.day, row]));
  const days: number[] = [];
  const actual: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const modes = new Set<PredictionMode>();
  for (const row of challenger) {
    const other = byDay.get(row.day);
    if (other === undefined || other.actual === null) continue;
    days.push(row.day);
    actual.push(other.actual);
    a.push(other.prediction);
    b.push(row.prediction);
    modes.add(row.mode);
  }
  const mse = (forecast: readonly number[]): number => (forecast.length === 0 ? Number.NaN : forecast.reduce((sum, value, index) => sum + (value - (actual[index] as number)) ** 2, 0) / forecast.length);
  return {
    championId,
    challengerId,
    days,
    championMse: mse(a),
    challengerMse: mse(b),
    dieboldMariano: days.length >= 3 ? dieboldMariano(actual, a, b) : null,
    challengerModes: [...modes],
  };
}
