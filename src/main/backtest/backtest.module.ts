import { AppError } from '../../shared/ipc/errors';
import type { CapabilityModule } from '../app/capability-module';
import { createBacktestHandlers, type BacktestApi, type BacktestHandlers } from './backtest.ipc';

export type BacktestModule = CapabilityModule<keyof BacktestHandlers>;

// Placeholder until backtest.service.ts lands: the contract is committed first so the
// Backtest page can be built against it; every channel answers UNAVAILABLE meanwhile.
const pending = (): never => {
  throw new AppError('UNAVAILABLE', 'The backtest service is not wired yet.');
};
const pendingApi: BacktestApi = { launch: async () => pending(), list: pending, get: pending, exportFile: pending, delete: pending };

export function createBacktestModule(): BacktestModule {
  return {
    name: 'backtest',
    handlers: createBacktestHandlers(pendingApi),
    async start() {},
    async stop() {},
  };
}
