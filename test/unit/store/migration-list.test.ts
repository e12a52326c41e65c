import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/ipc/errors';
import { latestVersion, validateMigrations } from '../../../src/main/store/migrate';
import type { Migration } from '../../../src/main/store/migrations/migration';

function step(version: number, name = `step-${version}`): Migration {
  return { version, name, up: () => undefined };
}

function problemOf(list: readonly Migration[]): AppError {
  try {
    validateMigrations(list);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected validateMigrations to throw');
}

describe('validateMigrations', () => {
  it('accepts an empty list and a contiguous list from 1', () => {
    expect(() => validateMigrations([])).not.toThrow();
    expect(() => validateMigrations([step(1), step(2), step(3)])).not.toThrow();
  });

  it('refuses a list that does not start at 1', () => {
    const error = problemOf([step(2)]);
    expect(error.code).toBe('STORE_MIGRATION_FAILED');
    expect(error.message).toContain('requires version 1');
    expect(error.details).toEqual({ index: 0, version: 2, name: 'step-2' });
  });

  it('refuses a gap, a duplicate and a decrease', () => {
    expect(problemOf([step(1), step(3)]).details).toMatchObject({ index: 1, version: 3 });
    expect(problemOf([step(1), step(1)]).details).toMatchObject({ index: 1, version: 1 });
    expect(problemOf([step(1), step(2), step(1)]).details).toMatchObject({ index: 2, version: 1 });
  });

  it('refuses a non-integer version, an empty name and a missing up()', () => {
    expect(problemOf([step(1.5)]).message).toContain('non-integer');
    expect(problemOf([step(1, '  ')]).message).toContain('empty name');
    expect(problemOf([{ version: 1, name: 'x' } as unknown as Migration]).message).toContain('up()');
  });
});

describe('latestVersion', () => {
  it('is 0 for no migrations and the last version otherwise', () => {
    expect(latestVersion([])).toBe(0);
    expect(latestVersion([step(1), step(2)])).toBe(2);
  });
});
