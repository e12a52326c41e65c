import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../../shared/ipc/errors';

const keySchema = z.string().min(1).max(200);

export interface AppStateRepo {
  /**
   * The stored value for `key` parsed with `schema`, or null when the key was never set.
   * A stored value that no longer matches the schema throws VALIDATION_FAILED rather than
   * returning null: for state like the kill switch, "unreadable" must not look like "never
   * halted", so the caller decides the safe fallback.
   */
  get<S extends z.ZodType>(key: string, schema: S): z.output<S> | null;
  /** Inserts or replaces the value (any JSON value) and stamps updated_at. */
  set(key: string, value: unknown): void;
  /** True when a row was removed. */
  delete(key: string): boolean;
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

function checkedKey(key: string): string {
  const parsed = keySchema.safeParse(key);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', `Invalid app_state key ${JSON.stringify(key)}: ${z.prettifyError(parsed.error)}`, {
      key,
      issues: issuesOf(parsed.error),
    });
  }
  return parsed.data;
}

/**
 * Key/value persistence for small facts that outlive a restart. Values are JSON validated on
 * the way in (z.json(): so undefined, NaN or a class instance is refused instead of being
 * silently changed by JSON.stringify) and parsed with the caller's schema on the way out.
 */
export function createAppStateRepo(db: Database.Database, options: { now?: () => number } = {}): AppStateRepo {
  const now = options.now ?? Date.now;
  const getStatement = db.prepare<[string], { value: string }>('SELECT value FROM app_state WHERE key = ?');
  const setStatement = db.prepare<{ key: string; value: string; updatedAt: number }>(
    `INSERT INTO app_state (key, value, updated_at) VALUES (@key, @value, @updatedAt)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const deleteStatement = db.prepare<[string]>('DELETE FROM app_state WHERE key = ?');

  return {
    get(key, schema) {
      const row = getStatement.get(checkedKey(key));
      if (row === undefined) return null;
      const parsed = schema.safeParse(JSON.parse(row.value));
      if (!parsed.success) {
        throw new AppError(
          'VALIDATION_FAILED',
          `The stored app_state value for ${JSON.stringify(key)} does not match the expected shape: ${z.prettifyError(parsed.error)}`,
          { key, issues: issuesOf(parsed.error) },
        );
      }
      return parsed.data;
    },

    set(key, value) {
      const checked = checkedKey(key);
      const json = z.json().safeParse(value);
      if (!json.success) {
        throw new AppError('VALIDATION_FAILED', `The app_state value for ${JSON.stringify(key)} is not plain JSON data.`, {
          key,
          issues: issuesOf(json.error),
        });
      }
      setStatement.run({ key: checked, value: JSON.stringify(json.data), updatedAt: now() });
    },

    delete(key) {
      return deleteStatement.run(checkedKey(key)).changes > 0;
    },
  };
}
