import { mkdirSync } from 'node:fs';
import { type RotatingFileStream, createStream } from 'rotating-file-stream';
import { scrubText } from './redact';
import { currentLogFileName, pruneLogFiles, rotatedLogFileName } from './retention';

export interface RotatingLogFileOptions {
  readonly logDir: string;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly maxAgeDays: number;
  /** Epoch milliseconds; defaults to Date.now. Used only for the age limit. */
  readonly now?: () => number;
}

/** A pino destination writing logDir/arbdesk.log, rotated by size and daily. */
export interface RotatingLogFile {
  write(line: string): void;
  /** Resolves once every line written so far is in the file. */
  flush(): Promise<void>;
  /** Flushes, closes the file and drops later writes. */
  close(): Promise<void>;
}

/**
 * Opens the log file through rotating-file-stream: a new file when the current one reaches
 * `maxFileBytes` or a new local day starts (also across restarts), owner-only permissions.
 * Pruning is ours, not the library's: its history file would be one more file in the log
 * directory, and ours also honours the age limit and files left by earlier runs.
 */
export function openRotatingLogFile(options: RotatingLogFileOptions): RotatingLogFile {
  const now = options.now ?? Date.now;
  // rotating-file-stream would create a missing directory with default permissions; logs are owner-only.
  mkdirSync(options.logDir, { recursive: true, mode: 0o700 });
  const prune = (): void => {
    pruneLogFiles(options.logDir, { maxFiles: options.maxFiles, maxAgeDays: options.maxAgeDays, now: now() });
  };
  prune();

  const stream: RotatingFileStream = createStream(
    (time, index) => (time === null ? currentLogFileName : rotatedLogFileName(new Date(time), index ?? 1)),
    {
      path: options.logDir,
      size: `${options.maxFileBytes}B`,
      interval: '1d',
      intervalBoundary: true,
      initialRotation: true,
      mode: 0o600,
    },
  );
  // Runs before the stream reopens and before the write that triggered rotation completes, so
  // a flush() after rotation also waits for pruning.
  stream.on('rotated', prune);
  // A logger cannot log its own failure; stderr is the last place left to say it.
  stream.on('error', (error) => process.stderr.write(`arbdesk: log file error: ${scrubText(error.message)}\n`));
  stream.on('warning', (error) => process.stderr.write(`arbdesk: log file warning: ${scrubText(error.message)}\n`));

  let closed = false;
  const flush = (): Promise<void> =>
    new Promise((resolve, reject) => {
      // A destroyed stream (the log folder became unwritable) already said why on stderr, and
      // nothing more can reach the file; failing here would hide the error the caller is unwinding.
      if (closed || stream.writableEnded || stream.destroyed) {
        resolve();
        return;
      }
      // Writable runs writes in order, so an empty write completes after everything before it.
      stream.write('', (error) => (error ? reject(error) : resolve()));
    });

  return {
    write(line: string): void {
      if (!closed) stream.write(line);
    },
    flush,
    async close(): Promise<void> {
      if (closed) return;
      await flush();
      closed = true;
      await new Promise<void>((resolve) => stream.end(() => resolve()));
      prune();
    },
  };
}
