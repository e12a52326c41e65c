import type { IpcError } from '../../shared/ipc/errors';

/** Messages from the pool to a worker. */
export type ToWorker = { readonly type: 'cancel' };

/** Messages from a worker to the pool. */
export type FromWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number | null; readonly message?: string }
  | { readonly type: 'done'; readonly value: unknown }
  | { readonly type: 'failed'; readonly error: IpcError };
