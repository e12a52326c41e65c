import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputDir, readConfigFile, writeOutputDir } from '../../../src/main/cli/commands/backtest.command';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';

/** The CLI's DIR rule on a real file system: written whole through a temporary folder, or not at all. */
const home = makeTempHome('arbdesk-backtest-out-');
afterAll(() => home.cleanup());

const files = [
  { name: 'a.csv', mimeType: 'text/csv', content: 'x\n1\n' },
  { name: 'b.json', mimeType: 'application/json', content: '{}\n' },
];

describe('the backtest output folder', () => {
  it('creates an absent DIR and fills an empty one, leaving no temporary folder', () => {
    const absent = path.join(home.dir, 'absent');
    writeOutputDir(absent, files);
    expect(readdirSync(absent).sort()).toEqual(['a.csv', 'b.json']);
    expect(readFileSync(path.join(absent, 'a.csv'), 'utf8')).toBe('x\n1\n');
    const empty = path.join(home.dir, 'empty');
    mkdirSync(empty);
    writeOutputDir(empty, files);
    expect(readdirSync(empty).sort()).toEqual(['a.csv', 'b.json']);
    expect(readdirSync(home.dir).sort()).toEqual(['absent', 'empty']);
  });

  it('removes everything it wrote when a file cannot be written', () => {
    const parent = path.join(home.dir, 'failing');
    mkdirSync(parent);
    const target = path.join(parent, 'out');
    // The second file's name points into a folder that does not exist: its write fails.
    expect(() => writeOutputDir(target, [files[0] as (typeof files)[number], { name: 'missing/c.csv', mimeType: 'text/csv', content: '' }])).toThrow(/ENOENT/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a non-empty DIR or a file, and reads configs with typed errors', () => {
    const busy = path.join(home.dir, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'x'), '');
    const refusal = (() => {
      try {
        checkOutputDir(busy);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(isAppError(refusal) && refusal.code).toBe('CONFLICT');
    expect(() => checkOutputDir(path.join(busy, 'x'))).toThrow(/exists and is not a folder/);
    expect(() => readConfigFile(path.join(home.dir, 'nope.json'))).toThrow(/No config file at/);
    const bad = path.join(home.dir, 'bad.json');
    writeFileSync(bad, '{');
    expect(() => readConfigFile(bad)).toThrow(/is not valid JSON/);
  });
});
