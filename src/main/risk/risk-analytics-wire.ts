import type { MonteCarloResultWire, RiskSnapshotWire, StressResultWire } from '../../shared/domain/risk-analytics';
import { formatIsoDate } from '../core/time/epoch-day';
import type { MonteCarloResult } from './analytics/monte-carlo';
import type { StressResult } from './analytics/stress-scenarios';
import type { RiskAnalyticsResult, RiskAnalyticsSettings } from './risk-analytics.service';

/** Domain → wire for the risk channels: epoch days become YYYY-MM-DD, nothing else changes. */

export function stressToWire(result: StressResult): StressResultWire {
  return { ...result, byPair: [...result.byPair], lines: [...result.lines], missingSymbols: [...result.missingSymbols] };
}

export function snapshotToWire(result: RiskAnalyticsResult, settings: RiskAnalyticsSettings): RiskSnapshotWire {
  const { snapshot } = result;
  return {
    asOf: snapshot.asOf === null ? null : formatIsoDate(snapshot.asOf),
    computedAt: result.computedAt,
    accountId: result.accountId,
    equity: snapshot.equity,
    cash: result.cash,
    positions: snapshot.positions.map((position) => ({
      pairId: position.pairId,
      leg: position.leg,
      symbol: position.symbol,
      sector: position.sector,
      quantity: position.quantity,
      averagePrice: position.averagePrice,
      lastPrice: position.lastPrice,
      lastDate: formatIsoDate(position.lastDay),
      marketValue: position.marketValue,
      unrealizedPnl: position.unrealizedPnl,
    })),
    exposure: { bySymbol: [...snapshot.exposure.bySymbol], bySector: [...snapshot.exposure.bySector], byPair: [...snapshot.exposure.byPair], totals: snapshot.exposure.totals },
    pnl: {
      ...snapshot.pnl,
      points: snapshot.pnl.points.map(({ day, ...point }) => ({ date: formatIsoDate(day), ...point })),
    },
    valueAtRisk: {
      windowDays: settings.varWindowDays,
      observations: snapshot.valueAtRisk.observations,
      from: snapshot.varWindowFrom === null ? null : formatIsoDate(snapshot.varWindowFrom),
      skippedDays: snapshot.skippedDays,
      mean: snapshot.valueAtRisk.mean,
      std: snapshot.valueAtRisk.std,
      figures: [...snapshot.valueAtRisk.figures],
    },
    beta: { ...snapshot.beta, bySymbol: [...snapshot.beta.bySymbol] },
    correlation: { pairs: [...snapshot.correlation.pairs], observations: snapshot.correlation.observations, matrix: snapshot.correlation.matrix.map((row) => [...row]) },
    stress: snapshot.stress.map(stressToWire),
    rolling: {
      windowDays: settings.rollingWindowDays,
      sharpeFloor: settings.sharpeFloor,
      sortinoFloor: settings.sortinoFloor,
      points: snapshot.rolling.map(({ day, ...point }) => ({ date: formatIsoDate(day), ...point })),
      breaches: snapshot.floorBreaches.map(({ day, ...breach }) => ({ date: formatIsoDate(day), ...breach })),
    },
    warnings: [...result.warnings],
  };
}

export function monteCarloToWire(result: MonteCarloResult): MonteCarloResultWire {
  return {
    horizonDays: result.options.horizonDays,
    paths: result.options.paths,
    blockLength: result.options.blockLength,
    seed: result.options.seed,
    observations: result.observations,
    mean: result.mean,
    quantiles: [...result.quantiles],
    var95: result.var95,
    cvar95: result.cvar95,
    var99: result.var99,
    cvar99: result.cvar99,
    histogram: { edges: [...result.histogram.edges], counts: [...result.histogram.counts] },
  };
}
