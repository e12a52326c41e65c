import path from 'node:path';

/** A backup file name that sorts by time and never collides within a millisecond. */
export function timestampedBackupPath(backupDir: string, prefix = 'arbdesk', now: Date = new Date()): string {
  return path.join(backupDir, `${prefix}-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`);
}
