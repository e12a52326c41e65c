import type { Handlers } from '../ipc/handler-registry';

/**
 * One area of ArbDesk (data, scanner, backtest, trading, models …) as the composition root
 * sees it: the IPC handlers it owns and its lifecycle. Every area has the same shape:
 * - a pure core (no I/O; time only from an injected Clock),
 * - one service, called alike by its `<area>.ipc.ts`, the CLI and workers,
 * - long work as typed worker jobs, results persisted by the area's own repository,
 * - this module, which wires them and is registered once in create-app-core.ts.
 */
export interface CapabilityModule<K extends keyof Handlers = never> {
  readonly name: string;
  readonly handlers: Pick<Handlers, K>;
  /** Runs once after every module is wired (e.g. the first-start sample import). */
  start(): Promise<void>;
  /** Waits for the module's own background work and releases what it holds. */
  stop(): Promise<void>;
}
