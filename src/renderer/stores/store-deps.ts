import type { IpcError } from '../../shared/ipc/errors';
import type { TypedClient } from '../api/client';

/** What a store needs from the client: the two typed calls, nothing transport-specific. */
export type StoreClient = Pick<TypedClient, 'invoke' | 'on'>;

export interface ErrorNoticeOptions {
  /** What the user was doing, e.g. "Loading datasets". */
  readonly title?: string;
  /** Critical notices stay until dismissed (a failed halt must never fade away). */
  readonly critical?: boolean;
}

/** How stores surface a failure to the trader; the toasts store implements it. */
export type NotifyError = (error: IpcError, options?: ErrorNoticeOptions) => void;

/** A notice that is not an error (an export cut short, a job cancelled). */
export type NotifyWarning = (title: string, message: string) => void;
