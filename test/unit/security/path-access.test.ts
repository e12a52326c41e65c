import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/ipc/errors';
import { isAllowedUnder, PathAccessPolicy } from '../../../src/main/security/path-access';
import { PathGrants } from '../../../src/main/security/path-grants';

const scratch = mkdtempSync(path.join(tmpdir(), 'arbdesk-paths-'));
const home = path.join(scratch, 'home');
const data = path.join(scratch, 'data');
const outside = path.join(scratch, 'outside');
for (const dir of [home, path.join(home, 'prices'), path.join(home, '.ssh'), path.join(home, '.aws'), data, outside]) mkdirSync(dir, { recursive: true });
writeFileSync(path.join(home, 'prices', 'AAPL.csv'), 'date,open,high,low,close,volume\n');
writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'PRIVATE KEY');
writeFileSync(path.join(home, '.env'), 'TOKEN=secret');
writeFileSync(path.join(outside, 'passwd'), 'root:x:0:0');
symlinkSync(path.join(outside, 'passwd'), path.join(home, 'prices', 'innocent.csv'));
symlinkSync(path.join(home, '.ssh'), path.join(home, 'keys'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const policy = new PathAccessPolicy({ roots: [home, data] });

async function refusal(requested: string): Promise<string> {
  try {
    await policy.resolve(requested);
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'allowed';
}

describe('the renderer names no arbitrary file (browser mode)', () => {
  it('allows files and folders under an allowed root', async () => {
    expect(await policy.resolve(path.join(home, 'prices', 'AAPL.csv'))).toBe(path.join(home, 'prices', 'AAPL.csv'));
    expect(await policy.resolve(path.join(home, 'prices'))).toBe(path.join(home, 'prices'));
    expect(await policy.resolve(data)).toBe(data);
  });

  it.each([
    ['a file outside every root', path.join(outside, 'passwd')],
    ['/etc/passwd', '/etc/passwd'],
    ['a hidden folder under home', path.join(home, '.ssh', 'id_rsa')],
    ['another hidden folder', path.join(home, '.aws')],
    ['a hidden file under home', path.join(home, '.env')],
    ['a path that climbs out with ..', path.join(home, 'prices', '..', '..', 'outside', 'passwd')],
    ['a symbolic link pointing outside', path.join(home, 'prices', 'innocent.csv')],
    ['a symbolic link into a hidden folder', path.join(home, 'keys', 'id_rsa')],
    ['a relative path', 'prices/AAPL.csv'],
  ])('refuses %s', async (_what, requested) => {
    expect(await refusal(requested)).toBe('PATH_NOT_ALLOWED');
  });

  it('refuses before touching the file system, so a refusal says nothing about existence', async () => {
    expect(await refusal(path.join(outside, 'no-such-file'))).toBe('PATH_NOT_ALLOWED');
    expect(await refusal(path.join(home, 'prices', 'missing.csv'))).toBe('NOT_FOUND');
  });

  it('expands ~ to the user home', async () => {
    const own = new PathAccessPolicy({ roots: [os.homedir()] });
    expect(await own.resolve('~')).toBe(await own.resolve(os.homedir()));
  });

  it('judges hidden segments only below the root that allows the path', () => {
    expect(isAllowedUnder('/home/u/.config/ArbDesk/backups/x.csv', ['/home/u', '/home/u/.config/ArbDesk'])).toBe(true);
    expect(isAllowedUnder('/home/u/.config/other/x.csv', ['/home/u', '/home/u/.config/ArbDesk'])).toBe(false);
  });
});

describe('Electron path grants', () => {
  it('gives the renderer an opaque id and a display name, never the path', () => {
    const grants = new PathGrants();
    const grant = grants.grant(path.join(home, 'prices', 'AAPL.csv'), 'file');
    expect(grant.name).toBe('AAPL.csv');
    expect(grant.id).not.toContain(home);
    expect(grants.resolve(grant.id)).toBe(path.join(home, 'prices', 'AAPL.csv'));
  });

  it('refuses an id it never issued', () => {
    expect(() => new PathGrants().resolve('made-up')).toThrow(/expired; choose the file/);
  });
});
