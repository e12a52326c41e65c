import type { Handlers } from '../ipc/handler-registry';
import type { BacktestCsvFile, BacktestRunDetail, BacktestRunSummary } from '../../shared/ipc/sections/backtest';

export type BacktestHandlers = Pick<Handlers, 'backtest:run' | 'backtest:list' | 'backtest:get' | 'backtest:export' | 'backtest:delete'>;

/** What the handlers need of the backtest service (backtest.service.ts implements it). */
export interface BacktestApi {
  launch(config: unknown, actor: string): Promise<{ jobId: string; runId: number }>;
  list(limit: number): BacktestRunSummary[];
  get(runId: number): BacktestRunDetail;
  exportFile(runId: number, format: 'csv' | 'json' | 'html', file: BacktestCsvFile): { fileName: string; mimeType: string; content: string };
  delete(runId: number): BacktestRunSummary[];
}

/** Thin adapters from the channels to the backtest service; the service speaks the wire shapes. */
export function createBacktestHandlers(service: BacktestApi): BacktestHandlers {
  return {
    'backtest:run': ({ config }, context) => service.launch(config, `ipc:${context.transport}`),
    'backtest:list': ({ limit }) => service.list(limit),
    'backtest:get': ({ runId }) => service.get(runId),
    'backtest:export': ({ runId, format, file }) => service.exportFile(runId, format, file),
    'backtest:delete': ({ runId }) => service.delete(runId),
  };
}
