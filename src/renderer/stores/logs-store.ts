import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LogEntry, LogLevel } from '../../shared/domain/logs';
import type { NotifyError, StoreClient } from './store-deps';

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
/** Enough for a session's context without letting a chatty module grow memory without bound. */
export const MAX_LOG_ENTRIES = 2000;

export function levelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

export function atLeast(entries: readonly LogEntry[], minLevel: LogLevel): LogEntry[] {
  const floor = levelRank(minLevel);
  return entries.filter((entry) => levelRank(entry.level) >= floor);
}

/** Appends and drops the oldest beyond `max`. */
export function appendBounded<T>(entries: readonly T[], incoming: readonly T[], max: number): readonly T[] {
  if (incoming.length === 0) return entries;
  const next = [...entries, ...incoming];
  return next.length > max ? next.slice(next.length - max) : next;
}

function entryKey(entry: LogEntry): string {
  return `${entry.time}|${entry.level}|${entry.module}|${entry.correlationId ?? ''}|${entry.msg}`;
}

/**
 * The tail is fetched after subscribing, so pushes that arrived meanwhile may also be in it.
 * Keep the tail's order and add only the live entries it does not hold.
 */
export function mergeTail(tail: readonly LogEntry[], live: readonly LogEntry[], max: number): readonly LogEntry[] {
  const known = new Set(tail.map(entryKey));
  return appendBounded(tail, live.filter((entry) => !known.has(entryKey(entry))), max);
}

export interface LogsState {
  readonly entries: readonly LogEntry[];
  readonly minLevel: LogLevel;
  readonly autoScroll: boolean;
  readonly loaded: boolean;
  setMinLevel(level: LogLevel): void;
  setAutoScroll(on: boolean): void;
  /** Subscribes to 'log:entry' then loads the tail; returns the unsubscribe. */
  start(): () => void;
}

export interface LogsDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
}

export function createLogsStore(deps: LogsDeps): StoreApi<LogsState> {
  const { client, notify } = deps;
  return createStore<LogsState>()((set, get) => ({
    entries: [],
    minLevel: 'info',
    autoScroll: true,
    loaded: false,
    setMinLevel(level) {
      set({ minLevel: level });
    },
    setAutoScroll(on) {
      set({ autoScroll: on });
    },
    start() {
      const unsubscribe = client.on('log:entry', (entry) => {
        set({ entries: appendBounded(get().entries, [entry], MAX_LOG_ENTRIES) });
      });
      void client.invoke('logs:tail', { limit: 1000, minLevel: 'trace' }).then((result) => {
        if (!result.ok) {
          notify(result.error, { title: 'Loading recent log entries' });
          return;
        }
        set({ entries: mergeTail(result.value, get().entries, MAX_LOG_ENTRIES), loaded: true });
      });
      return unsubscribe;
    },
  }));
}
