import type { CloseMatrix } from '../../core/market/series';
import type { EpochDay } from '../../core/time/epoch-day';
import { computeBeta, type BetaReport } from './beta';
import { computeExposure, type ExposureReport } from './exposure';
import { computePairCorrelation, type PairCorrelationReport } from './pair-correlation';
import { computePnlAndDrawdown, type PnlReport } from './pnl-drawdown';
import { positionPnlHistory } from './position-pnl-history';
import { markPositions, type EquityPoint, type MarkedPosition, type RiskPosition } from './risk-inputs';
import { checkPerformanceFloors, rollingSharpeSortino, type FloorBreach, type PerformanceFloors, type RollingPoint } from './rolling-performance';
import { replayAllHistoricalScenarios, type StressResult } from './stress-scenarios';
import { computeValueAtRisk, DEFAULT_CONFIDENCES, type VarReport } from './value-at-risk';

/** Everything on the Risk page except the Monte Carlo (a job) and user shocks (on request). */

export interface RiskSnapshotInput {
  readonly positions: readonly RiskPosition[];
  /** The account's equity now (cash + market value). */
  readonly equity: number;
  readonly equityHistory: readonly EquityPoint[];
  /** Closes of the held symbols and of the index universe, over at least the VaR window and the scenario days. */
  readonly history: CloseMatrix;
  readonly sectors: ReadonlyMap<string, string>;
}

export interface RiskSnapshotOptions {
  /** Days of position P&L history VaR, β and correlations use. */
  readonly varWindow: number;
  readonly confidences?: readonly number[];
  readonly rollingWindow: number;
  readonly riskFreeRate: number;
  readonly floors: PerformanceFloors;
}

export interface RiskSnapshot {
  readonly asOf: EpochDay | null;
  readonly equity: number;
  readonly positions: readonly MarkedPosition[];
  readonly exposure: ExposureReport;
  readonly pnl: PnlReport;
  readonly valueAtRisk: VarReport;
  readonly varWindowFrom: EpochDay | null;
  readonly skippedDays: number;
  readonly beta: BetaReport;
  readonly correlation: PairCorrelationReport;
  readonly stress: readonly StressResult[];
  readonly rolling: readonly RollingPoint[];
  readonly floorBreaches: readonly FloorBreach[];
}

export function computeRiskSnapshot(input: RiskSnapshotInput, options: RiskSnapshotOptions): RiskSnapshot {
  const positions = markPositions(input.positions, input.history, input.sectors);
  const pnlHistory = positionPnlHistory(positions, input.history, options.varWindow);
  const rolling = rollingSharpeSortino(input.equityHistory, options.rollingWindow, options.riskFreeRate);
  const lastDay = input.history.days[input.history.days.length - 1];
  return {
    asOf: lastDay ?? null,
    equity: input.equity,
    positions,
    exposure: computeExposure(positions, input.equity),
    pnl: computePnlAndDrawdown(input.equityHistory, positions),
    valueAtRisk: computeValueAtRisk(positions.length > 0 ? pnlHistory.pnl : new Float64Array(0), options.confidences ?? DEFAULT_CONFIDENCES),
    varWindowFrom: pnlHistory.days[0] ?? null,
    skippedDays: pnlHistory.skippedDays,
    beta: computeBeta(pnlHistory, input.history, input.equity),
    correlation: computePairCorrelation(pnlHistory),
    stress: replayAllHistoricalScenarios(positions, input.history, input.equity),
    rolling,
    floorBreaches: checkPerformanceFloors(rolling, options.floors),
  };
}
