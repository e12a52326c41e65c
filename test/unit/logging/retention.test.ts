import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRotatedLogFileName, pruneLogFiles, rotatedLogFileName } from '../../../src/main/logging/retention';
import { makeTempHome } from '../../helpers/temp-home';

const dayMs = 24 * 60 * 60 * 1000;
const now = Date.UTC(2026, 10, 25, 12);

describe('pruneLogFiles', () => {
  let dir = '';
  let cleanup = (): void => {};
  beforeEach(() => ({ dir, cleanup } = makeTempHome()));
  afterEach(() => cleanup());

  const plant = (name: string, ageMs: number): void => {
    const file = path.join(dir, name);
    writeFileSync(file, 'x');
    utimesSync(file, (now - ageMs) / 1000, (now - ageMs) / 1000);
  };

  it('names rotated files so the retention pattern recognises them', () => {
    const name = rotatedLogFileName(new Date(2026, 0, 2, 3, 4, 5), 7);
    expect(name).toBe('arbdesk-20260102-030405-07.log');
    expect(isRotatedLogFileName(name)).toBe(true);
    expect(isRotatedLogFileName('arbdesk.log')).toBe(false);
  });

  it('keeps the newest maxFiles - 1 rotated files and everything that is not a rotated log', () => {
    plant('arbdesk.log', 0);
    for (let i = 1; i <= 5; i++) plant(`arbdesk-20261120-000000-0${i}.log`, (10 - i) * 60_000);
    plant('arbdesk-notes.log', 9 * dayMs);
    mkdirSync(path.join(dir, 'arbdesk-20261101-000000-01.log'));
    const removed = pruneLogFiles(dir, { maxFiles: 3, maxAgeDays: 30, now });
    expect(removed.sort()).toEqual(['arbdesk-20261120-000000-01.log', 'arbdesk-20261120-000000-02.log', 'arbdesk-20261120-000000-03.log']);
    expect(readdirSync(dir).sort()).toEqual([
      'arbdesk-20261101-000000-01.log',
      'arbdesk-20261120-000000-04.log',
      'arbdesk-20261120-000000-05.log',
      'arbdesk-notes.log',
      'arbdesk.log',
    ]);
  });

  it('removes rotated files older than maxAgeDays even under the count limit', () => {
    plant('arbdesk-20261001-000000-01.log', 15 * dayMs);
    plant('arbdesk-20261002-000000-01.log', 13 * dayMs);
    expect(pruneLogFiles(dir, { maxFiles: 100, maxAgeDays: 14, now })).toEqual(['arbdesk-20261001-000000-01.log']);
  });

  it('treats a missing directory as empty', () => {
    expect(pruneLogFiles(path.join(dir, 'absent'), { maxFiles: 1, maxAgeDays: 1, now })).toEqual([]);
  });
});
