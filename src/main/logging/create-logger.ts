import pino, { type Logger } from 'pino';
import type { LogLevel } from '../../shared/domain/logs';
import { currentCorrelationId } from './context';
import { openRotatingLogFile } from './file-destination';
import { type LogTail, createLogTail } from './log-tail';
import { redactPaths, redactedText, scrubLogLine, scrubText } from './redact';

export type { Logger } from 'pino';

export interface LogRootOptions {
  readonly logDir: string;
  readonly level: LogLevel;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly maxAgeDays: number;
  /** How many recent entries the in-memory tail keeps. */
  readonly tailSize: number;
  /** Also write every line to stdout (development and the CLI). */
  readonly alsoStdout?: boolean;
}

/** The process's logging: one root logger, per-module children, the tail and the file. */
export interface LogRoot {
  readonly logger: Logger;
  /** A logger whose lines carry `module`, e.g. child('broker.schwab'). */
  child(module: string): Logger;
  readonly tail: LogTail;
  /** Changes the level of the root and of every child made through `child()`. */
  setLevel(level: LogLevel): void;
  /** Resolves once every line logged so far is in the log file. */
  flush(): Promise<void>;
  /** Flushes and closes the file; later log calls are dropped from the file. */
  close(): Promise<void>;
}

/**
 * Builds the pino root. Every line passes `scrubLogLine` on its way to the file, the tail and
 * stdout alike (pino's `streamWrite` hook), so no destination sees an unscrubbed byte.
 */
export function createLogRoot(options: LogRootOptions): LogRoot {
  const file = openRotatingLogFile(options);
  const tail = createLogTail(options.tailSize);
  const streams: pino.StreamEntry[] = [
    { level: 'trace', stream: file },
    { level: 'trace', stream: tail },
  ];
  if (options.alsoStdout === true) streams.push({ level: 'trace', stream: pino.destination({ fd: 1, sync: true }) });

  const logger = pino(
    {
      level: options.level,
      // The hostname is personal data of no use in a desktop app's own log.
      base: { pid: process.pid },
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId === undefined ? {} : { correlationId };
      },
      redact: { paths: [...redactPaths], censor: redactedText },
      // `error` too: pino would otherwise write an Error under that key as {}.
      serializers: { err: serializeError, error: serializeError },
      hooks: { streamWrite: scrubLogLine },
    },
    pino.multistream(streams),
  );

  // Weak, so a caller that makes short-lived children does not grow this set for ever.
  const children = new Set<WeakRef<Logger>>();
  return {
    logger,
    child(module: string): Logger {
      const child = logger.child({ module });
      children.add(new WeakRef(child));
      return child;
    },
    tail,
    setLevel(level: LogLevel): void {
      logger.level = level;
      for (const reference of children) {
        const child = reference.deref();
        if (child === undefined) children.delete(reference);
        else child.level = level;
      }
    },
    flush: () => file.flush(),
    close: () => file.close(),
  };
}

/**
 * pino's standard error serializer with message and stack scrubbed. `scrubLogLine` would catch
 * registered secrets anyway; this also applies free-text rules to the unescaped text.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error);
  serialized.message = scrubText(serialized.message);
  if (typeof serialized.stack === 'string') serialized.stack = scrubText(serialized.stack);
  return serialized;
}
