import type { Logger } from 'pino';
import type { HaltOrderOutcome, HaltOutcome } from '../../shared/domain/desk';
import type { Clock } from '../core/time/clock';
import type { Order } from '../engine/domain';
import { isFinal } from '../engine/order-state';
import { retryDelay, type CancelBackoff } from './core/cancel-backoff';
import { newHaltOutcome, orderOutcome, withNakedLegs, withOrderOutcome } from './core/halt-outcome';
import { CoalescedPush, DEFAULT_BLOTTER_PUSH_MS } from './coalesced-push';
import type { DeskBroker, DeskPublisher, DeskTimers } from './desk-ports';

/**
 * A halt's cancels, one per working order in scope, and their outcome per order.
 *
 * Every cancel is dispatched synchronously inside `begin` (the halt is already persisted by
 * the kill switch; nothing here awaits before the requests are out). A cancel the broker does
 * not take (unavailable, rate-limited, a timeout) is retried on the bounded backoff; a cancel
 * it took but never confirms is sent again after `confirmTimeoutMs`. An order counts as
 * confirmed only when the broker's stream says it is final (cancelled, or filled first), so
 * the UI's "unconfirmed" is the truth while the broker is silent. The halt itself holds
 * locally throughout: the gate refuses every new dispatch regardless of what the broker says.
 */
export interface HaltCoordinatorOptions {
  readonly broker: DeskBroker;
  readonly clock: Clock;
  readonly timers: DeskTimers;
  readonly backoff: CancelBackoff;
  readonly publisher: DeskPublisher;
  /** At most one halt-outcome push per this many ms, carrying the latest record (the blotter's interval by default). */
  readonly pushMs?: number;
  readonly logger: Logger;
  /** The order as the desk knows it now (the OrderManager's record). */
  readonly orderOf: (orderId: string) => Order | undefined;
  /** Called whenever a pair's cancels are all settled (flatten waits for this). */
  readonly onPairSettled: (pairId: string) => void;
}

interface CancelTask {
  readonly orderId: string;
  readonly pairId: string;
  attempts: number;
  stopTimer: (() => void) | null;
  done: boolean;
}

export class HaltCoordinator {
  private outcome: HaltOutcome | null = null;
  private readonly tasks = new Map<string, CancelTask>();
  private readonly push: CoalescedPush<HaltOutcome | null>;

  constructor(private readonly options: HaltCoordinatorOptions) {
    this.push = new CoalescedPush({ timers: options.timers, intervalMs: options.pushMs ?? DEFAULT_BLOTTER_PUSH_MS,
      snapshot: () => this.outcome,
      send: (outcome) => {
        if (outcome !== null) options.publisher.haltOutcome(outcome);
      },
    });
  }

  latest(): HaltOutcome | null {
    return this.outcome;
  }

  /** True while a cancel of `pairId` is still unconfirmed. */
  pairPending(pairId: string): boolean {
    for (const task of this.tasks.values()) if (!task.done && task.pairId === pairId) return true;
    return false;
  }

  /** Starts a halt's record and dispatches a cancel for each of `orders` (all working, in scope). */
  begin(input: { id: string; scope: string; actor: string; reason: string | null; flatten: boolean; orders: readonly Order[] }): HaltOutcome {
    const now = this.options.clock.now();
    let outcome = newHaltOutcome({ id: input.id, scope: input.scope, actor: input.actor, reason: input.reason, requestedAt: now, flatten: input.flatten });
    for (const order of input.orders) {
      outcome = withOrderOutcome(outcome, this.entry(order, 'cancel', 'unconfirmed', 0, null));
    }
    this.outcome = outcome;
    for (const order of input.orders) {
      const existing = this.tasks.get(order.id);
      if (existing !== undefined && !existing.done) continue;
      const task: CancelTask = { orderId: order.id, pairId: order.pairId, attempts: 0, stopTimer: null, done: false };
      this.tasks.set(order.id, task);
      this.attempt(task);
    }
    this.publish();
    return outcome;
  }

  /** Records a flatten leg's outcome on the latest halt. */
  recordFlatten(order: Order, outcome: HaltOrderOutcome['outcome'], detail: string | null): void {
    if (this.outcome === null) return;
    this.outcome = withOrderOutcome(this.outcome, this.entry(order, 'flatten', outcome, 1, detail));
    this.publish();
  }

  setNakedLegs(nakedLegs: HaltOutcome['nakedLegs']): void {
    if (this.outcome === null) return;
    this.outcome = withNakedLegs(this.outcome, nakedLegs);
    this.publish();
  }

  /** Follows the broker's stream: a final order settles its cancel (or its flatten). */
  onOrderChanged(order: Order, detail: string | null): void {
    const task = this.tasks.get(order.id);
    if (task !== undefined && !task.done && isFinal(order.status)) {
      task.done = true;
      task.stopTimer?.();
      this.recordCancel(order, order.status === 'cancelled' || order.status === 'expired' ? 'confirmed' : order.status === 'filled' ? 'filled' : 'confirmed', task.attempts, detail);
      this.options.onPairSettled(order.pairId);
    }
    if (this.outcome !== null && isFinal(order.status)) {
      const flatten = orderOutcome(this.outcome, order.id, 'flatten');
      if (flatten !== undefined && flatten.outcome !== 'confirmed') {
        this.outcome = withOrderOutcome(this.outcome, this.entry(order, 'flatten', order.status === 'filled' ? 'confirmed' : 'failed', flatten.attempts, detail));
        this.publish();
      }
    }
  }

  /** A cancel the broker refused on its stream: unless the order is final, ask again later. */
  onCancelRejected(orderId: string, reason: string): void {
    const task = this.tasks.get(orderId);
    if (task === undefined || task.done) return;
    this.retryLater(task, reason);
  }

  dispose(): void {
    this.push.flush();
    for (const task of this.tasks.values()) task.stopTimer?.();
  }

  private attempt(task: CancelTask): void {
    const order = this.options.orderOf(task.orderId);
    if (order === undefined || isFinal(order.status)) {
      task.done = true;
      if (order !== undefined) this.onOrderChanged(order, null);
      return;
    }
    task.attempts += 1;
    task.stopTimer = null;
    this.options.broker.cancel(task.orderId, 'kill switch').then(
      () => {
        if (task.done) return;
        this.recordCancel(order, 'unconfirmed', task.attempts, 'cancel requested; waiting for the broker to confirm');
        // Taken but not confirmed: ask again if the stream stays silent.
        task.stopTimer = this.options.timers.after(this.options.backoff.confirmTimeoutMs, () => this.attempt(task));
      },
      (error: unknown) => {
        if (task.done) return;
        this.retryLater(task, error instanceof Error ? error.message : String(error));
      },
    );
  }

  private retryLater(task: CancelTask, reason: string): void {
    const order = this.options.orderOf(task.orderId);
    if (order === undefined) return;
    task.stopTimer?.();
    if (task.attempts >= this.options.backoff.maxAttempts) {
      task.done = true;
      this.recordCancel(order, 'failed', task.attempts, `gave up after ${task.attempts} attempts: ${reason}`);
      this.options.logger.error({ orderId: task.orderId, attempts: task.attempts, reason }, 'halt cancel not confirmed after every retry');
      this.options.publisher.alert({
        kind: 'halt',
        dedupKey: `halt:cancel-failed:${task.orderId}`,
        subject: order.pairId,
        severity: 'critical',
        title: 'Cancel not confirmed',
        message: `Order ${task.orderId} (${order.symbol}) could not be cancelled after ${task.attempts} attempts: ${reason}. Trading stays halted; check the broker.`,
      });
      this.options.onPairSettled(order.pairId);
      return;
    }
    const delay = retryDelay(task.attempts, this.options.backoff);
    this.recordCancel(order, 'unconfirmed', task.attempts, `attempt ${task.attempts} failed (${reason}); retrying in ${delay} ms`);
    task.stopTimer = this.options.timers.after(delay, () => this.attempt(task));
  }

  private recordCancel(order: Order, outcome: HaltOrderOutcome['outcome'], attempts: number, detail: string | null): void {
    if (this.outcome === null || orderOutcome(this.outcome, order.id, 'cancel') === undefined) return;
    this.outcome = withOrderOutcome(this.outcome, this.entry(order, 'cancel', outcome, attempts, detail));
    this.publish();
  }

  private entry(order: Order, action: HaltOrderOutcome['action'], outcome: HaltOrderOutcome['outcome'], attempts: number, detail: string | null): HaltOrderOutcome {
    return { orderId: order.id, pair: order.pairId, leg: order.leg, symbol: order.symbol, action, outcome, attempts, detail, updatedAt: this.options.clock.now() };
  }

  private publish(): void {
    if (this.outcome !== null) this.push.request();
  }
}
