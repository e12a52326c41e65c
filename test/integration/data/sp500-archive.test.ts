import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { extractSp500Archive, sp500FixtureDir } from '../../helpers/sp500-archive.mjs';
import { makeTempHome } from '../../helpers/temp-home';

const extractor = pathToFileURL(path.resolve(import.meta.dirname, '../../helpers/sp500-archive.mjs')).href;
const manifest = JSON.parse(readFileSync(path.join(sp500FixtureDir, 'MANIFEST.json'), 'utf8')) as { archive: string; archiveSha256: string; priceFiles: number };

/** Extracts in a separate Node process, as a vitest worker or a benchmark run would. */
function extractInChild(fixtureDir: string, cacheRoot: string): Promise<string> {
  const script = `import(${JSON.stringify(extractor)}).then((m) => console.log(m.extractSp500Archive(${JSON.stringify({ fixtureDir, cacheRoot })})))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`extractor exited ${code}: ${stderr}`))));
  });
}

/** A fixture folder of its own: the real archive (linked) and a manifest that may be edited. */
function fixtureCopy(dir: string, edit: (m: typeof manifest) => typeof manifest = (m) => m): string {
  const fixtureDir = path.join(dir, 'fixture');
  mkdirSync(fixtureDir);
  symlinkSync(path.join(sp500FixtureDir, manifest.archive), path.join(fixtureDir, manifest.archive));
  const full = JSON.parse(readFileSync(path.join(sp500FixtureDir, 'MANIFEST.json'), 'utf8')) as typeof manifest;
  writeFileSync(path.join(fixtureDir, 'MANIFEST.json'), JSON.stringify(edit(full)));
  return fixtureDir;
}

let temp: ReturnType<typeof makeTempHome> | undefined;
afterEach(() => temp?.cleanup());

describe('the vendored S&P 500 archive', () => {
  it('is extracted once by concurrent processes into one complete, content-addressed folder', async () => {
    temp = makeTempHome('arbdesk-sp500-race-');
    const fixtureDir = fixtureCopy(temp.dir);
    const cacheRoot = path.join(temp.dir, 'cache');

    const dirs = await Promise.all([1, 2, 3].map(() => extractInChild(fixtureDir, cacheRoot)));

    const expected = path.join(cacheRoot, `sp500-${manifest.archiveSha256.slice(0, 16)}`);
    expect(dirs).toEqual([expected, expected, expected]);
    // The losers' staging copies are gone; only the winner's folder is left.
    expect(readdirSync(cacheRoot)).toEqual([path.basename(expected)]);
    expect(readdirSync(path.join(expected, 'prices')).filter((name) => name.endsWith('.csv'))).toHaveLength(manifest.priceFiles);
    expect(readFileSync(path.join(expected, 'prices', 'AAPL.csv'), 'utf8').split('\n', 2)[1]).toBe('2013-02-08,67.7142,68.4014,66.8928,67.8542,158168416,AAPL');
    expect(readFileSync(path.join(expected, 'constituents.csv'), 'utf8').split('\n', 1)[0]).toBe('Symbol,Name,Sector');

    // Later calls use the extracted folder without reading the archive again.
    rmSync(path.join(fixtureDir, manifest.archive));
    expect(extractSp500Archive({ fixtureDir, cacheRoot })).toBe(expected);
  });

  it('refuses an archive whose checksum differs from the manifest, extracting nothing', () => {
    temp = makeTempHome('arbdesk-sp500-bad-');
    const wrong = 'f'.repeat(64);
    const fixtureDir = fixtureCopy(temp.dir, (m) => ({ ...m, archiveSha256: wrong }));
    const cacheRoot = path.join(temp.dir, 'cache');
    expect(() => extractSp500Archive({ fixtureDir, cacheRoot })).toThrow(new RegExp(`sp500\\.tar\\.br has sha256 ${manifest.archiveSha256} .*MANIFEST\\.json says ${wrong}`));
    expect(() => readdirSync(cacheRoot)).toThrow(/ENOENT/);
  });

  it('names the missing archive when the checkout lacks it', () => {
    temp = makeTempHome('arbdesk-sp500-missing-');
    const fixtureDir = path.join(temp.dir, 'fixture');
    const cacheRoot = path.join(temp.dir, 'cache');
    mkdirSync(fixtureDir);
    copyFileSync(path.join(sp500FixtureDir, 'MANIFEST.json'), path.join(fixtureDir, 'MANIFEST.json'));
    expect(() => extractSp500Archive({ fixtureDir, cacheRoot })).toThrow(
      `The vendored S&P 500 archive is missing: ${path.join(fixtureDir, 'sp500.tar.br')}`,
    );
  });
});
