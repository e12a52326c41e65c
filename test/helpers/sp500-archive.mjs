// The one extractor of the vendored S&P 500 data set (test/fixtures/sp500-2013-2018/sp500.tar.br,
// built by scripts/vendor-sp500.mjs). Plain Node so scripts/make-sample-data.mjs can use it;
// test/helpers/sp500.ts (tests and benchmarks) wraps it.
//
// The archive is extracted once into a content-addressed cache, <tmpdir>/arbdesk-test-data/
// sp500-<sha256 prefix>/ (outside any hidden folder: tests import from it through the renderer's
// file-access rules, which refuse hidden folders), so a new archive gets a new folder and a stale one is never read.
// Parallel vitest workers and benchmark processes may all ask at once: each extracts into its own
// temporary sibling and renames it into place; rename is atomic, so a reader sees a complete
// folder or none, and a process that loses the race drops its copy and uses the winner's.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { UnpackSync } from 'tar';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const sp500FixtureDir = path.join(repoRoot, 'test', 'fixtures', 'sp500-2013-2018');
export const sp500CacheRoot = path.join(tmpdir(), 'arbdesk-test-data');

/** Written last inside the extracted folder; its presence after the rename means "complete". */
const stampName = '.extracted-from.json';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function readManifest(fixtureDir) {
  const file = path.join(fixtureDir, 'MANIFEST.json');
  if (!existsSync(file)) throw new Error(`The vendored S&P 500 data set has no manifest at ${file}; rebuild it with scripts/vendor-sp500.mjs.`);
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of ['archive', 'archiveSha256', 'tarSha256', 'files', 'priceFiles']) {
    if (manifest[key] === undefined) throw new Error(`${file} lacks "${key}"`);
  }
  return manifest;
}

/** Archive bytes, refused unless they match the manifest (a Git LFS pointer or a truncated file would not). */
function readVerifiedArchive(fixtureDir, manifest) {
  const file = path.join(fixtureDir, manifest.archive);
  if (!existsSync(file)) throw new Error(`The vendored S&P 500 archive is missing: ${file}`);
  const archive = readFileSync(file);
  const actual = sha256(archive);
  if (actual !== manifest.archiveSha256) {
    throw new Error(
      `${file} has sha256 ${actual} (${archive.length} bytes) but MANIFEST.json says ${manifest.archiveSha256} ` +
        `(${manifest.archiveBytes} bytes); the checkout is incomplete or the archive was changed without scripts/vendor-sp500.mjs.`,
    );
  }
  return archive;
}

function unpackInto(dir, tarBytes, label) {
  const problems = [];
  const unpack = new UnpackSync({
    cwd: dir,
    strict: true,
    onwarn: (code, message) => problems.push(`${code}: ${message}`),
  });
  unpack.end(tarBytes);
  if (problems.length > 0) throw new Error(`Extracting ${label} failed: ${problems.join('; ')}`);
}

function checkExtracted(dir, manifest, label) {
  const prices = readdirSync(path.join(dir, 'prices')).filter((name) => name.endsWith('.csv')).length;
  if (prices !== manifest.priceFiles || !existsSync(path.join(dir, 'constituents.csv'))) {
    throw new Error(`${label} unpacked to ${prices} price files (expected ${manifest.priceFiles}) in ${dir}`);
  }
}

/**
 * Extracts the archive described by `fixtureDir`/MANIFEST.json under `cacheRoot` (once) and returns
 * the folder holding `prices/` and `constituents.csv`. Synchronous, so a test module can use it at
 * load time. Throws with the reason when the archive is missing, altered or does not unpack.
 */
export function extractSp500Archive({ fixtureDir = sp500FixtureDir, cacheRoot = sp500CacheRoot } = {}) {
  const manifest = readManifest(fixtureDir);
  const target = path.join(cacheRoot, `sp500-${manifest.archiveSha256.slice(0, 16)}`);
  if (existsSync(path.join(target, stampName))) return target;

  const label = path.join(fixtureDir, manifest.archive);
  const tarBytes = brotliDecompressSync(readVerifiedArchive(fixtureDir, manifest));
  if (sha256(tarBytes) !== manifest.tarSha256) throw new Error(`${label} decompressed to a tar whose sha256 differs from MANIFEST.json`);

  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(`${target}.partial-${process.pid}-`);
  try {
    unpackInto(staging, tarBytes, label);
    checkExtracted(staging, manifest, label);
    writeFileSync(path.join(staging, stampName), `${JSON.stringify({ archive: label, archiveSha256: manifest.archiveSha256 }, null, 2)}\n`);
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process renamed its complete copy first (rename onto a non-empty folder fails).
      const lostRace = (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && existsSync(path.join(target, stampName));
      if (!lostRace) throw new Error(`Could not move the extracted S&P 500 data set into ${target}; if that folder is left over, delete it`, { cause: error });
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}
