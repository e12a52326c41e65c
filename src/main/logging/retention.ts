import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** The file being written; rotated files are renamed away from it. */
export const currentLogFileName = 'arbdesk.log';

const rotatedLogPattern = /^arbdesk-\d{8}-\d{6}-\d{2,}\.log$/;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `arbdesk-20261125-000000-01.log`: the (local) start of the period it covers, then a counter. */
export function rotatedLogFileName(time: Date, index: number): string {
  const date = `${time.getFullYear()}${pad(time.getMonth() + 1)}${pad(time.getDate())}`;
  const clock = `${pad(time.getHours())}${pad(time.getMinutes())}${pad(time.getSeconds())}`;
  return `arbdesk-${date}-${clock}-${pad(index)}.log`;
}

export function isRotatedLogFileName(name: string): boolean {
  return rotatedLogPattern.test(name);
}

export interface RetentionPolicy {
  /** Files kept in total, counting the current one. */
  readonly maxFiles: number;
  readonly maxAgeDays: number;
  /** Epoch milliseconds; injected so tests need no clock. */
  readonly now: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Deletes rotated log files older than `maxAgeDays` (by modification time), then the oldest
 * ones beyond `maxFiles - 1` so that, with the current file, at most `maxFiles` remain. Only
 * files named like rotated logs are touched: the directory may hold things the user put there.
 * Returns the names removed.
 */
export function pruneLogFiles(logDir: string, policy: RetentionPolicy): string[] {
  let names: string[];
  try {
    names = readdirSync(logDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const rotated = names
    .filter(isRotatedLogFileName)
    .flatMap((name) => {
      const stats = statSync(path.join(logDir, name), { throwIfNoEntry: false });
      return stats?.isFile() === true ? [{ name, mtimeMs: stats.mtimeMs }] : [];
    })
    // Newest first; names break ties because their counter orders rotations within a period.
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));

  const oldestKept = policy.now - policy.maxAgeDays * dayMs;
  const keepCount = Math.max(0, policy.maxFiles - 1);
  const removed: string[] = [];
  rotated.forEach((file, index) => {
    if (index >= keepCount || file.mtimeMs < oldestKept) {
      rmSync(path.join(logDir, file.name), { force: true });
      removed.push(file.name);
    }
  });
  return removed;
}
