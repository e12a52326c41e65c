import type { Database } from 'better-sqlite3';

/**
 * One schema step. Migrations are append-only: a shipped migration is never edited, a
 * change is a new file with the next number (house style, habit 8).
 */
export interface Migration {
  /** Equals the database's `user_version` once applied; strictly increasing from 1. */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
