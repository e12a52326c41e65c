import type { LogEntry, LogLevel } from '../../shared/domain/logs';
import { logLevelSchema } from '../../shared/domain/logs';
import { scrubText } from './redact';

/** Numeric order of levels, trace lowest. */
export const logLevelRank: Readonly<Record<LogLevel, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

export interface LogTail {
  /** Newest last; at most `limit` entries at `minLevel` or above. */
  recent(options?: { limit?: number; minLevel?: LogLevel }): LogEntry[];
  /** Calls `listener` for each new entry at `minLevel` (default trace) or above; returns the unsubscribe. */
  subscribe(listener: (entry: LogEntry) => void, options?: { minLevel?: LogLevel }): () => void;
}

/** The tail plus the pino destination that feeds it (lines arrive already scrubbed). */
export interface LogTailSink extends LogTail {
  write(line: string): void;
}

/** Fields pino adds that the Logs page does not need. */
const envelopeKeys = new Set(['time', 'level', 'module', 'msg', 'correlationId', 'pid', 'hostname']);

/**
 * A fixed-size ring buffer of recent entries for the Logs page and `log:entry` events.
 * `onListenerError` is told when a subscriber throws, so one faulty subscriber can neither
 * break logging nor silence the others.
 */
export function createLogTail(capacity: number, onListenerError: (error: unknown) => void = reportListenerError): LogTailSink {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`tail capacity must be a positive integer, got ${capacity}`);
  const buffer: (LogEntry | undefined)[] = new Array<LogEntry | undefined>(capacity);
  let next = 0;
  let count = 0;
  const listeners = new Set<{ listener: (entry: LogEntry) => void; minRank: number }>();

  let dispatching = false;

  const push = (entry: LogEntry): void => {
    buffer[next] = entry;
    next = (next + 1) % capacity;
    count = Math.min(count + 1, capacity);
    // A listener that logs (say, a publisher that logs each event) would otherwise feed itself
    // for ever; entries logged during dispatch are kept in the buffer but not pushed again.
    if (dispatching) return;
    dispatching = true;
    try {
      const rank = logLevelRank[entry.level];
      for (const subscription of [...listeners]) {
        if (rank < subscription.minRank) continue;
        try {
          subscription.listener(entry);
        } catch (error) {
          onListenerError(error);
        }
      }
    } finally {
      dispatching = false;
    }
  };

  return {
    write(line: string): void {
      const entry = toLogEntry(line);
      if (entry !== undefined) push(entry);
    },
    recent({ limit = capacity, minLevel = 'trace' } = {}): LogEntry[] {
      const minRank = logLevelRank[minLevel];
      const result: LogEntry[] = [];
      // Walk newest to oldest so `limit` keeps the newest, then restore chronological order.
      for (let i = 1; i <= count && result.length < limit; i++) {
        const entry = buffer[(next - i + capacity) % capacity];
        if (entry !== undefined && logLevelRank[entry.level] >= minRank) result.push(entry);
      }
      return result.reverse();
    },
    subscribe(listener, { minLevel = 'trace' } = {}): () => void {
      const subscription = { listener, minRank: logLevelRank[minLevel] };
      listeners.add(subscription);
      return () => {
        listeners.delete(subscription);
      };
    },
  };
}

/** Turns one serialized pino line into a LogEntry; lines that are not ours are dropped. */
export function toLogEntry(line: string): LogEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    // pino only writes JSON; a non-JSON line would come from a foreign writer and is not shown.
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const level = logLevelSchema.safeParse(record['level']);
  if (!level.success || typeof record['time'] !== 'number') return undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!envelopeKeys.has(key)) fields[key] = value;
  const entry: LogEntry = {
    time: Math.trunc(record['time']),
    level: level.data,
    module: typeof record['module'] === 'string' ? record['module'] : 'app',
    msg: typeof record['msg'] === 'string' ? record['msg'] : '',
  };
  if (typeof record['correlationId'] === 'string') entry.correlationId = record['correlationId'];
  if (Object.keys(fields).length > 0) entry.fields = fields;
  return entry;
}

function reportListenerError(error: unknown): void {
  // Logging the failure through the logger could recurse into the same listener.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`arbdesk: a log subscriber threw: ${scrubText(message)}\n`);
}
