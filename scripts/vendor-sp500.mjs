#!/usr/bin/env node
// Vendors the S&P 500 2013-2018 daily data set into the repository, so tests and benchmarks
// never read outside it. Writes test/fixtures/sp500-2013-2018/:
//   sp500.tar.br     a deterministic tar of prices/*.csv and constituents.csv, brotli-compressed
//   MANIFEST.json    the archive's and the tar's sha256, file and row counts (the extractor checks it)
//   ATTRIBUTION.md   the sources, licences and facts of the data set
//
// Usage: node scripts/vendor-sp500.mjs SOURCE_DIR
// SOURCE_DIR holds prices/, constituents.csv and README.md (the licences). Run it once when the
// data set changes and commit the result; brotli quality 11 takes about a minute.
//
// Determinism: entries are sorted by name (byte order), every entry has mtime 2018-02-08T00:00:00Z,
// uid/gid 0, empty user and group names, mode 0644 (0755 for the directory), and no pax headers
// (no name is long enough to need one). The same input therefore gives the same tar, byte for byte;
// MANIFEST.json records its sha256 separately from the compressed archive's, because another
// brotli build may compress the same tar to different bytes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { Header, PackSync, ReadEntry } from 'tar';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'test', 'fixtures', 'sp500-2013-2018');
const archiveName = 'sp500.tar.br';
const fixedMtime = new Date('2018-02-08T00:00:00Z');
const priceHeader = 'date,open,high,low,close,volume,Name';

function fail(message) {
  console.error(`vendor-sp500: ${message}`);
  process.exit(1);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** One tar entry with every header field fixed, so nothing of this machine leaks into the archive. */
function entry(name, data) {
  const isDir = data === undefined;
  const header = new Header({
    path: name,
    type: isDir ? 'Directory' : 'File',
    mode: isDir ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    size: isDir ? 0 : data.length,
    mtime: fixedMtime,
  });
  const readEntry = new ReadEntry(header);
  readEntry.end(data);
  return readEntry;
}

function buildTar(files) {
  const chunks = [];
  const pack = new PackSync({ noPax: true, portable: false });
  pack.on('data', (chunk) => chunks.push(chunk));
  pack.add(entry('prices/'));
  for (const file of files) pack.add(entry(file.name, file.data));
  pack.end();
  return Buffer.concat(chunks);
}

/** Data rows of one price file (lines after the header), with a check that it is one. */
function countRows(name, text) {
  const lines = text.split('\n');
  if (lines[0] !== priceHeader) fail(`${name}: header is ${JSON.stringify(lines[0])}, expected ${priceHeader}`);
  if (lines.at(-1) !== '') fail(`${name}: does not end with a newline`);
  return lines.length - 2;
}

function readSource(sourceDir) {
  const pricesDir = path.join(sourceDir, 'prices');
  for (const p of [pricesDir, path.join(sourceDir, 'constituents.csv'), path.join(sourceDir, 'README.md')]) {
    if (!existsSync(p)) fail(`not found: ${p}`);
  }
  const names = readdirSync(pricesDir)
    .filter((name) => name.endsWith('.csv'))
    .sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  let rows = 0;
  const files = names.map((name) => {
    const file = path.join(pricesDir, name);
    if (!statSync(file).isFile()) fail(`${file} is not a regular file`);
    const data = readFileSync(file);
    rows += countRows(`prices/${name}`, data.toString('utf8'));
    return { name: `prices/${name}`, data };
  });
  files.push({ name: 'constituents.csv', data: readFileSync(path.join(sourceDir, 'constituents.csv')) });
  return { files, priceFiles: names.length, rows, readme: readFileSync(path.join(sourceDir, 'README.md'), 'utf8') };
}

/** The README's section under `heading`, up to the next `## ` heading. */
function section(readme, heading) {
  const start = readme.indexOf(`## ${heading}`);
  if (start < 0) fail(`the source README has no "## ${heading}" section`);
  const rest = readme.slice(start);
  const next = rest.indexOf('\n## ', 1);
  return (next < 0 ? rest : rest.slice(0, next)).trimEnd();
}

function attribution(readme, manifest) {
  return [
    '# S&P 500 daily prices 2013-2018: test fixture attribution',
    '',
    `\`${archiveName}\` is a brotli-compressed tar of the data set's \`prices/\` (${manifest.priceFiles} files,`,
    `${manifest.priceRows.toLocaleString('en-US')} rows) and \`constituents.csv\`, unmodified. Tests and benchmarks read it only`,
    'through `test/helpers/sp500.ts` (extracted once under `node_modules/.cache/arbdesk/`). It is built by',
    '`node scripts/vendor-sp500.mjs SOURCE_DIR`; `MANIFEST.json` holds its checksums and counts.',
    '',
    'It carries two licences:',
    '',
    '- `prices/`: MIT License, Copyright (c) 2017 Cam Nugent, from the `stock_data/individual_stocks_5yr` folder',
    '  of the CNuge/kaggle-code repository on GitHub (commit f110943). The full MIT notice is below.',
    '- `constituents.csv`: Open Data Commons Public Domain Dedication and License (PDDL) 1.0, from the',
    '  datasets/s-and-p-500-companies repository on GitHub (commit 5dfdfbc, April 2018); its source is',
    '  Wikipedia\'s "List of S&P 500 companies".',
    '',
    'The data set\'s own description follows, copied verbatim.',
    '',
    section(readme, 'Files').replace(/^## /, '### '),
    '',
    section(readme, 'Facts worth knowing').replace(/^## /, '### '),
    '',
    section(readme, 'Sources and licences').replace(/^## /, '### '),
    '',
  ].join('\n');
}

function main() {
  const sourceArg = process.argv[2];
  if (sourceArg === undefined) fail('usage: node scripts/vendor-sp500.mjs SOURCE_DIR');
  const sourceDir = path.resolve(sourceArg);
  const { files, priceFiles, rows, readme } = readSource(sourceDir);

  const tarBytes = buildTar(files);
  const started = Date.now();
  const archive = brotliCompressSync(tarBytes, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 11,
      [zlib.BROTLI_PARAM_LGWIN]: 24,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_SIZE_HINT]: tarBytes.length,
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  const manifest = {
    archive: archiveName,
    archiveSha256: sha256(archive),
    archiveBytes: archive.length,
    tarSha256: sha256(tarBytes),
    tarBytes: tarBytes.length,
    files: files.length,
    priceFiles,
    priceRows: rows,
    contents: ['prices/', 'constituents.csv'],
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, archiveName), archive);
  writeFileSync(path.join(outDir, 'MANIFEST.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'ATTRIBUTION.md'), attribution(readme, manifest));
  console.log(
    `vendor-sp500: ${files.length} files (${priceFiles} price files, ${rows} rows), tar ${tarBytes.length} B -> ` +
      `${archive.length} B brotli in ${seconds} s; sha256 ${manifest.archiveSha256}`,
  );
}

main();
