#!/usr/bin/env node
// Builds the bundled sample (resources/sample-data) from the S&P 500 dataset:
// prices/*.csv copied byte for byte, the matching constituents.csv rows, and ATTRIBUTION.md
// carrying the licence text the dataset's README requires of any copy.
//
// Usage: node scripts/make-sample-data.mjs [path/to/sp500-2013-2018]
// Without an argument it reads the copy vendored in the repository (test/fixtures/sp500-2013-2018,
// extracted by the same code the tests use); with one, a folder holding prices/, constituents.csv
// and the dataset's README.md.

import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { extractSp500Archive, sp500FixtureDir } from '../test/helpers/sp500-archive.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceArg = process.argv[2];
const outDir = path.join(repoRoot, 'resources', 'sample-data');

/**
 * Pairs a trader would look at first (same sector, similar business), then enough others to
 * cover every GICS sector. Each must have the full 2013-02-08..2018-02-07 history and no
 * empty fields, so the sample opens without data issues.
 */
const required = ['KO', 'PEP', 'XOM', 'CVX', 'HD', 'LOW', 'V', 'MA', 'GS', 'MS', 'JPM', 'BAC', 'UPS', 'FDX', 'DUK', 'SO', 'AAPL', 'MSFT'];
const extra = [
  'WMT', 'COST', 'PG', 'CL', 'COP', 'SLB', 'MCD', 'NKE', 'JNJ', 'PFE', 'MRK', 'ABT', 'T', 'VZ',
  'LMT', 'NOC', 'NEE', 'AEP', 'APD', 'PPG', 'PSA', 'PLD', 'EQR', 'AVB', 'GOOGL', 'INTC',
];
const tickers = [...required, ...extra];
const fullHistory = { rows: 1259, first: '2013-02-08', last: '2018-02-07' };
const minTickers = 40;
const minSectors = 8;

function fail(message) {
  console.error(`make-sample-data: ${message}`);
  process.exit(1);
}

function checkPriceFile(ticker, file) {
  if (!existsSync(file)) fail(`missing price file for ${ticker}: ${file}`);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const rows = lines.slice(1);
  if (lines[0] !== 'date,open,high,low,close,volume,Name') fail(`${file}: unexpected header ${lines[0]}`);
  if (rows.length !== fullHistory.rows) fail(`${ticker}: ${rows.length} rows, expected the full ${fullHistory.rows}`);
  if (!rows[0]?.startsWith(fullHistory.first) || !rows.at(-1)?.startsWith(fullHistory.last)) {
    fail(`${ticker}: history does not span ${fullHistory.first}..${fullHistory.last}`);
  }
  rows.forEach((row, i) => {
    const [, ...cells] = row.split(',');
    const [open, high, low, close, volume] = cells.slice(0, 5).map((cell) => (cell === '' ? Number.NaN : Number(cell)));
    const consistent = low > 0 && low <= Math.min(open, close) && high >= Math.max(open, close) && Number.isInteger(volume);
    if (!consistent) fail(`${ticker}: line ${i + 2} is empty or inconsistent (${row}); pick a clean ticker`);
  });
}

/**
 * The dataset's "Sources and licences" section, up to the next heading of the same level, as a
 * level-2 section. The README has it as `## `; the vendored ATTRIBUTION.md quotes it as `### `.
 */
function licenceSection(text, level) {
  const heading = `${'#'.repeat(level)} Sources and licences`;
  const start = text.indexOf(heading);
  if (start < 0) fail(`the dataset's licence text has no "${heading}" section to copy`);
  const rest = text.slice(start);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return `## ${(next < 0 ? rest : rest.slice(0, next)).trimEnd().slice(level + 1)}`;
}

/** Where the data and its licence text come from: a source folder, or the vendored archive. */
function resolveSource() {
  if (sourceArg !== undefined) {
    const sourceDir = path.resolve(sourceArg);
    return { sourceDir, licenceFile: path.join(sourceDir, 'README.md'), licenceLevel: 2 };
  }
  return { sourceDir: extractSp500Archive(), licenceFile: path.join(sp500FixtureDir, 'ATTRIBUTION.md'), licenceLevel: 3 };
}

function main() {
  const { sourceDir, licenceFile, licenceLevel } = resolveSource();
  const pricesIn = path.join(sourceDir, 'prices');
  const constituentsIn = path.join(sourceDir, 'constituents.csv');
  for (const p of [pricesIn, constituentsIn, licenceFile]) if (!existsSync(p)) fail(`not found: ${p}`);

  const constituents = parse(readFileSync(constituentsIn, 'utf8'), { columns: true, raw: true, skip_empty_lines: true });
  const bySymbol = new Map(constituents.map((entry) => [entry.record.Symbol, entry]));
  const header = readFileSync(constituentsIn, 'utf8').split(/\r?\n/, 1)[0];

  const sectors = new Set();
  for (const ticker of tickers) {
    checkPriceFile(ticker, path.join(pricesIn, `${ticker}.csv`));
    const entry = bySymbol.get(ticker);
    if (entry === undefined) fail(`${ticker} is not in constituents.csv, so it has no sector`);
    sectors.add(entry.record.Sector);
  }
  if (new Set(tickers).size < minTickers) fail(`only ${tickers.length} tickers, need ${minTickers}`);
  if (sectors.size < minSectors) fail(`only ${sectors.size} sectors, need ${minSectors}`);

  const pricesOut = path.join(outDir, 'prices');
  rmSync(pricesOut, { recursive: true, force: true });
  mkdirSync(pricesOut, { recursive: true });
  for (const ticker of tickers) copyFileSync(path.join(pricesIn, `${ticker}.csv`), path.join(pricesOut, `${ticker}.csv`));

  // Rows are copied as they appear in the source (quoting included), in the source's order.
  const rows = constituents.filter((entry) => tickers.includes(entry.record.Symbol)).map((entry) => entry.raw.replace(/\r?\n$/, ''));
  writeFileSync(path.join(outDir, 'constituents.csv'), `${[header, ...rows].join('\n')}\n`);

  const attribution = [
    '# Sample market data: attribution',
    '',
    `This folder is a subset (${tickers.length} tickers, ${sectors.size} sectors, full 2013-02-08 to 2018-02-07 daily history) of`,
    'the S&P 500 dataset ArbDesk uses for development. `prices/` holds unmodified copies of the per-ticker files;',
    '`constituents.csv` holds the rows for those tickers. Built by `scripts/make-sample-data.mjs`.',
    '',
    'The sources and licences, as stated by the dataset (copied verbatim):',
    '',
    licenceSection(readFileSync(licenceFile, 'utf8'), licenceLevel),
    '',
  ].join('\n');
  writeFileSync(path.join(outDir, 'ATTRIBUTION.md'), attribution);

  const written = readdirSync(pricesOut).length;
  console.log(`make-sample-data: wrote ${written} price files, ${rows.length} constituents rows, ${sectors.size} sectors to ${outDir}`);
}

main();
