import type { Logger } from 'pino';
import type { EpochDay } from '../../core/time/epoch-day';
import type { PredictionRecord } from '../core/model-registry-types';

/** Where sessions close: the paper desk's market replay (PaperDesk.onSessionClosed). */
export interface SessionCloses {
  onSessionClosed(listener: (day: EpochDay, next: EpochDay | null) => void): () => void;
}

export interface ReplayShadowDeps {
  readonly sessions: SessionCloses;
  readonly predictor: {
    deployedNames(): string[];
    predictDeployed(name: string, options: { readonly asOfDay: number }): Promise<PredictionRecord[]>;
  };
  readonly logger: Pick<Logger, 'warn' | 'debug'>;
}

/**
 * Shadow deployment in the paper desk's market replay: when a replayed session closes, every
 * deployed version of every pair (champion, canary, challengers) forecasts from the window
 * ending on that close, and the prediction is logged with its version and input hash; the
 * day before gets its outcome. It only logs — it holds no venue and places no orders, so a
 * challenger in shadow trades nothing. Session closes are handled one at a time, in order
 * (the replay does not wait; the predictions run on the worker pool).
 */
export class ReplayShadow {
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private failed = 0;

  constructor(private readonly deps: ReplayShadowDeps) {}

  start(): void {
    if (this.unsubscribe !== null) return;
    this.unsubscribe = this.deps.sessions.onSessionClosed((day) => {
      this.queue = this.queue.then(() => this.predictFor(day));
    });
  }

  /** Stops listening; the closes already queued still finish (await `idle`). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Settles once every queued session close has been predicted for. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Pair-days whose predictions failed (logged as warnings with the error). */
  failures(): number {
    return this.failed;
  }

  private async predictFor(day: EpochDay): Promise<void> {
    for (const name of this.deps.predictor.deployedNames()) {
      try {
        const logged = await this.deps.predictor.predictDeployed(name, { asOfDay: day });
        this.deps.logger.debug({ name, day, versions: logged.map((row) => row.modelId) }, 'replay session: deployed predictions logged');
      } catch (error) {
        // One pair's failure (a leg without that session, a corrupt artifact) must not stop the
        // other pairs' logging or the replay; it is counted and logged with its cause.
        this.failed += 1;
        this.deps.logger.warn({ name, day, err: error }, 'replay session: a deployed prediction failed; nothing logged for it');
      }
    }
  }
}
