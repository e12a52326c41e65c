import type { DriftCheck, ModelVersion } from '../../shared/ipc/sections/models';
import { formatIsoDate } from '../core/time/epoch-day';
import type { DriftCheckRecord, ModelVersionRecord } from './core/model-registry-types';
import { riskShareOf } from './core/model-states';
import type { InputDrift } from './drift-statistics';

/** A registry record on the wire: ISO dates, the risk share its state allows. */
export function modelToWire(record: ModelVersionRecord, canaryRiskShare: number): ModelVersion {
  const data = record.dataVersion;
  return {
    id: record.id,
    name: record.name,
    version: record.version,
    createdAt: record.createdAt,
    state: record.state,
    stateChangedAt: record.stateChangedAt,
    sha256: record.sha256,
    target: record.target,
    backend: record.backend,
    codeVersion: record.codeVersion,
    data: { y: data.y, x: data.x, from: formatIsoDate(data.firstDay), to: formatIsoDate(data.lastDay), rows: data.rows, source: data.source, sha256: data.sha256 },
    windows: record.windows,
    hyperparameters: { ...record.hyperparameters },
    metrics: { validation: { ...record.metrics.validation }, test: { ...record.metrics.test } },
    riskShare: riskShareOf(record.state, canaryRiskShare),
  };
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A stored drift check's report, as the drift panel shows it (JSON has no NaN or Infinity). */
export function driftToWire(record: DriftCheckRecord): DriftCheck {
  const report = record.report as { inputs?: InputDrift[]; error?: { ratio?: number } | null; reasons?: string[] };
  return {
    id: record.id,
    checkedAt: record.checkedAt,
    alarm: record.alarm,
    demoted: record.demoted,
    inputs: (report.inputs ?? []).map((row) => ({ name: row.name, psi: finiteOrNull(row.psi) ?? 0, ksStatistic: finiteOrNull(row.ksStatistic) ?? 0, ksPValue: finiteOrNull(row.ksPValue) ?? 1, drifted: row.drifted })),
    errorRatio: finiteOrNull(report.error?.ratio),
    reasons: report.reasons ?? [],
  };
}
