import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportSourceResolver } from '../../../src/main/security/import-source';
import { PathAccessPolicy } from '../../../src/main/security/path-access';
import { PathGrants } from '../../../src/main/security/path-grants';

const scratch = mkdtempSync(path.join(tmpdir(), 'arbdesk-source-'));
const home = path.join(scratch, 'home');
mkdirSync(path.join(home, 'prices'), { recursive: true });
writeFileSync(path.join(home, 'prices', 'KO.csv'), 'date,open,high,low,close,volume\n');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function resolver(dialog: (() => Promise<{ path: string; kind: 'file' | 'directory' } | null>) | null) {
  return new ImportSourceResolver(new PathGrants(), new PathAccessPolicy({ roots: [home] }), dialog);
}

describe('where an import source comes from', () => {
  it('desktop: a typed path is refused, a dialog choice becomes a grant that resolves', async () => {
    const chosen = path.join(home, 'prices', 'KO.csv');
    const sources = resolver(async () => ({ path: chosen, kind: 'file' }));
    await expect(sources.resolve({ path: chosen }, 'electron')).rejects.toMatchObject({ code: 'PATH_NOT_ALLOWED' });
    const grant = await sources.choose();
    expect(grant).toMatchObject({ name: 'KO.csv', kind: 'file' });
    expect(JSON.stringify(grant)).not.toContain(home);
    expect(await sources.resolve({ grant: grant?.id ?? '' }, 'electron')).toBe(chosen);
  });

  it('desktop: a cancelled dialog grants nothing', async () => {
    expect(await resolver(async () => null).choose()).toBeNull();
  });

  it('browser mode: typed paths go through the path policy, and there is no dialog', async () => {
    const sources = resolver(null);
    expect(await sources.resolve({ path: path.join(home, 'prices') }, 'browser')).toBe(path.join(home, 'prices'));
    await expect(sources.resolve({ path: '/etc/passwd' }, 'browser')).rejects.toMatchObject({ code: 'PATH_NOT_ALLOWED' });
    await expect(sources.choose()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(sources.resolve({ grant: 'forged' }, 'browser')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
