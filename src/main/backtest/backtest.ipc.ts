import type { Handlers } from '../ipc/handler-registry';
import type { BacktestService } from './backtest.service';

export type BacktestHandlers = Pick<Handlers, 'backtest:run' | 'backtest:list' | 'backtest:get' | 'backtest:export' | 'backtest:delete'>;

/** Thin adapters from the channels to the backtest service; the service speaks the wire shapes. */
export function createBacktestHandlers(service: BacktestService): BacktestHandlers {
  return {
    'backtest:run': ({ config }, context) => service.launch(config, `ipc:${context.transport}`),
    'backtest:list': ({ limit }) => service.list(limit),
    'backtest:get': ({ runId }) => service.get(runId),
    'backtest:export': ({ runId, format, file }) => service.exportFile(runId, format, file),
    'backtest:delete': ({ runId }) => service.delete(runId),
  };
}
