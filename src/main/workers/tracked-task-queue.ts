import type { TaskQueue } from 'piscina';

type QueuedTask = Parameters<TaskQueue['push']>[0];

/**
 * piscina's FIFO queue, plus one fact piscina does not expose: whether a given task is still
 * waiting for a thread. Cancelling a waiting task must drop it from the queue, while
 * cancelling a dispatched one must ask it to stop (piscina's own abort would terminate its
 * warm thread). Without this, a task dispatched a moment before its "started" message
 * arrived was mistaken for a queued one and cost the pool a thread.
 */
export class TrackedTaskQueue implements TaskQueue {
  private readonly tasks: QueuedTask[] = [];
  private readonly waiting = new WeakSet<object>();

  get size(): number {
    return this.tasks.length;
  }

  push(task: QueuedTask): void {
    this.tasks.push(task);
    this.mark(task, true);
  }

  unshift(task: QueuedTask): void {
    this.tasks.unshift(task);
    this.mark(task, true);
  }

  shift(): QueuedTask | null {
    const task = this.tasks.shift() ?? null;
    if (task !== null) this.mark(task, false);
    return task;
  }

  remove(task: QueuedTask): void {
    const index = this.tasks.indexOf(task);
    if (index >= 0) this.tasks.splice(index, 1);
    this.mark(task, false);
  }

  /** True while the task whose payload is `envelope` sits in the queue. */
  isWaiting(envelope: object): boolean {
    return this.waiting.has(envelope);
  }

  private mark(task: QueuedTask, waiting: boolean): void {
    // piscina queues a TaskInfo whose `task` is the payload passed to run().
    const payload = (task as unknown as { readonly task?: unknown }).task;
    if (typeof payload !== 'object' || payload === null) return;
    if (waiting) this.waiting.add(payload);
    else this.waiting.delete(payload);
  }
}
