import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ErrorCode, IpcError } from '../../shared/ipc/errors';
import type { ErrorNoticeOptions } from './store-deps';

export type ToastSeverity = 'critical' | 'error' | 'warning' | 'info';

export interface Toast {
  readonly id: number;
  readonly severity: ToastSeverity;
  readonly title: string;
  /** The typed error code, shown so a trader can quote it; null for plain notices. */
  readonly code: ErrorCode | null;
  readonly message: string;
  /** Sticky toasts stay until dismissed. */
  readonly sticky: boolean;
}

export type ToastInput = Omit<Toast, 'id'>;

export interface ToastsState {
  readonly toasts: readonly Toast[];
  push(input: ToastInput): number;
  pushError(error: IpcError, options?: ErrorNoticeOptions): number;
  dismiss(id: number): void;
}

/** Codes that mean the desk itself is unsafe or unusable until someone acts. */
const CRITICAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'STORE_CORRUPT',
  'STORE_MIGRATION_FAILED',
  'UNAUTHORIZED',
  'CONFIG_INVALID',
  'STORAGE_FULL',
  'STORAGE_READ_ONLY',
]);

const WARNING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['TRADING_HALTED', 'CANCELLED', 'CONFLICT', 'STORE_BUSY']);

export const MAX_TOASTS = 5;
export const AUTO_DISMISS_MS = 8000;

export function toastFromError(error: IpcError, options: ErrorNoticeOptions = {}): ToastInput {
  const critical = options.critical === true || CRITICAL_CODES.has(error.code);
  const severity: ToastSeverity = critical ? 'critical' : WARNING_CODES.has(error.code) ? 'warning' : 'error';
  return {
    severity,
    title: options.title ?? 'Request failed',
    code: error.code,
    message: error.message,
    sticky: critical,
  };
}

/**
 * Adds a toast and keeps at most `max`. When full, the oldest non-sticky toast goes first;
 * sticky ones are only dropped when nothing else is left to drop.
 */
export function addToast(toasts: readonly Toast[], toast: Toast, max = MAX_TOASTS): readonly Toast[] {
  const next = [...toasts, toast];
  while (next.length > max) {
    const droppable = next.findIndex((candidate) => !candidate.sticky);
    next.splice(droppable === -1 ? 0 : droppable, 1);
  }
  return next;
}

export interface ToastsDeps {
  readonly schedule: (callback: () => void, ms: number) => void;
}

export function createToastsStore(deps: ToastsDeps): StoreApi<ToastsState> {
  let nextId = 0;
  return createStore<ToastsState>()((set, get) => ({
    toasts: [],
    push(input) {
      // Several requests failing for one cause (a dropped link) deserve one toast, not a stack.
      const same = get().toasts.find((toast) => toast.code === input.code && toast.message === input.message);
      if (same !== undefined) return same.id;
      const id = ++nextId;
      set({ toasts: addToast(get().toasts, { ...input, id }) });
      if (!input.sticky) deps.schedule(() => get().dismiss(id), AUTO_DISMISS_MS);
      return id;
    },
    pushError(error, options) {
      return get().push(toastFromError(error, options));
    },
    dismiss(id) {
      set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
    },
  }));
}
