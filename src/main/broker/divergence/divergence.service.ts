import { parseBacktestConfig } from '../../backtest/backtest-config';
import { runBacktest } from '../../backtest/backtest-runner';
import type { OhlcvColumns } from '../../core/market/series';
import type { EpochDay } from '../../core/time/epoch-day';
import type { SessionRecorder } from '../recording/session-recorder';
import { divergenceReport, signalsOfDecisions, signalsOfOrders, type DivergenceReport } from './divergence-report';

/** Stored bars of the symbols up to `toDay`, on the basis the session traded (the data area reads them). */
export type SessionBarsLoader = (symbols: readonly string[], toDay: EpochDay) => Promise<ReadonlyMap<string, OhlcvColumns>>;

export interface SessionDivergence {
  readonly sessionId: string;
  readonly mode: 'paper' | 'live';
  readonly from: string;
  readonly to: string;
  readonly pairs: readonly string[];
  readonly recordedDecisions: number;
  readonly recordedFills: number;
  readonly modelledFills: number;
  readonly report: DivergenceReport;
}

/**
 * The divergence report of a recorded session: its config replayed through the backtester
 * (the same runner, fill rules and cost model) on the same stored data, then compared.
 */
export class DivergenceService {
  constructor(
    private readonly recorder: SessionRecorder,
    private readonly loadBars: SessionBarsLoader,
  ) {}

  async report(sessionId: string): Promise<SessionDivergence> {
    const recorded = this.recorder.load(sessionId);
    const config = parseBacktestConfig(recorded.session.config);
    const symbols = [...new Set(config.pairs.flatMap((pair) => [pair.y, pair.x]))];
    const bars = await this.loadBars(symbols, config.toDay);
    const modelled = runBacktest(config, { bars });
    return {
      sessionId,
      mode: recorded.session.mode,
      from: config.from,
      to: config.to,
      pairs: config.pairs.map((pair) => `${pair.y}/${pair.x}`),
      recordedDecisions: recorded.decisions.length,
      recordedFills: recorded.fills.length,
      modelledFills: modelled.fills.length,
      report: divergenceReport({
        recorded: { signals: signalsOfDecisions(recorded.decisions), fills: recorded.fills },
        modelled: { signals: signalsOfOrders(modelled.orders), fills: modelled.fills },
      }),
    };
  }
}
