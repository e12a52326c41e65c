import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogRoot } from '../../../src/main/logging/create-logger';
import { isRotatedLogFileName } from '../../../src/main/logging/retention';
import { makeTempHome } from '../../helpers/temp-home';

const dayMs = 24 * 60 * 60 * 1000;

describe('log file rotation and retention', () => {
  let logDir = '';
  let cleanup = (): void => {};
  beforeEach(() => {
    const temp = makeTempHome();
    cleanup = temp.cleanup;
    logDir = path.join(temp.dir, 'logs');
  });
  afterEach(() => cleanup());

  it('rotates by size and keeps at most maxFiles files, newest lines in arbdesk.log', async () => {
    const root = createLogRoot({ logDir, level: 'info', maxFileBytes: 2000, maxFiles: 3, maxAgeDays: 14, tailSize: 10 });
    const log = root.child('rotation-test');
    for (let i = 0; i < 300; i++) log.info({ sequence: i }, 'a line long enough to fill the small test file quickly');
    await root.flush();
    const files = readdirSync(logDir).sort();
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    expect(files).toContain('arbdesk.log');
    for (const name of files.filter((file) => file !== 'arbdesk.log')) expect(isRotatedLogFileName(name)).toBe(true);

    log.info({ sequence: 300 }, 'last');
    await root.close();
    const current = readFileSync(path.join(logDir, 'arbdesk.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(current.at(-1) ?? '{}')).toMatchObject({ sequence: 300, msg: 'last' });
    expect(readdirSync(logDir).length).toBeLessThanOrEqual(3);
    // Every surviving line is whole: rotation never splits a line across files.
    for (const name of readdirSync(logDir)) {
      for (const line of readFileSync(path.join(logDir, name), 'utf8').trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    }
    // The tail holds only the newest entries, newest last.
    expect(root.tail.recent().map((entry) => entry.fields?.['sequence'])).toEqual([291, 292, 293, 294, 295, 296, 297, 298, 299, 300]);
  });

  it('deletes rotated files older than maxAgeDays at start-up and leaves other files alone', async () => {
    mkdirSync(logDir, { recursive: true });
    const now = Date.now();
    const plant = (name: string, ageDays: number): void => {
      const file = path.join(logDir, name);
      writeFileSync(file, '{}\n');
      const seconds = (now - ageDays * dayMs) / 1000;
      utimesSync(file, seconds, seconds);
    };
    plant('arbdesk-20200101-000000-01.log', 30);
    plant('arbdesk-20200102-000000-01.log', 15);
    plant('arbdesk-20200103-000000-01.log', 2);
    plant('notes.txt', 400);

    const root = createLogRoot({ logDir, level: 'info', maxFileBytes: 1024 * 1024, maxFiles: 10, maxAgeDays: 14, tailSize: 10 });
    root.logger.info('started');
    await root.close();
    expect(readdirSync(logDir).sort()).toEqual(['arbdesk-20200103-000000-01.log', 'arbdesk.log', 'notes.txt']);
  });

  it('starts a new file when the existing one is from an earlier day', async () => {
    mkdirSync(logDir, { recursive: true });
    const current = path.join(logDir, 'arbdesk.log');
    writeFileSync(current, '{"msg":"from an earlier run"}\n');
    const twoDaysAgo = (Date.now() - 2 * dayMs) / 1000;
    utimesSync(current, twoDaysAgo, twoDaysAgo);

    const root = createLogRoot({ logDir, level: 'info', maxFileBytes: 1024 * 1024, maxFiles: 10, maxAgeDays: 14, tailSize: 10 });
    root.logger.info('today');
    await root.close();
    expect(readFileSync(current, 'utf8')).not.toContain('from an earlier run');
    expect(readFileSync(current, 'utf8')).toContain('today');
    const rotated = readdirSync(logDir).filter(isRotatedLogFileName);
    expect(rotated).toHaveLength(1);
    expect(readFileSync(path.join(logDir, rotated[0] ?? ''), 'utf8')).toContain('from an earlier run');
  });

  it('writes the log file owner-only and drops writes after close', async () => {
    const root = createLogRoot({ logDir, level: 'info', maxFileBytes: 1024 * 1024, maxFiles: 2, maxAgeDays: 14, tailSize: 10 });
    root.logger.info('before close');
    await root.close();
    root.logger.info('after close');
    await root.flush();
    const text = readFileSync(path.join(logDir, 'arbdesk.log'), 'utf8');
    expect(text).toContain('before close');
    expect(text).not.toContain('after close');
    expect(existsSync(path.join(logDir, 'arbdesk.log.txt'))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(path.join(logDir, 'arbdesk.log')).mode & 0o777).toBe(0o600);
  });
});
