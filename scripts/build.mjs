#!/usr/bin/env node
// Builds main (esbuild: CLI, Electron main, preload, workers) and the renderer (Vite).
// Kept in plain Node so `npm start` can run it before anything else is compiled.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'main');
const onlyMain = process.argv.includes('--main-only');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Dependencies stay in node_modules: native addons (better-sqlite3, keytar) cannot be
  // bundled, and electron-builder rebuilds them for Electron's ABI.
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};

const workerDir = path.join(root, 'src', 'main', 'workers');
const workerEntries = readdirSync(workerDir)
  .filter((name) => name.endsWith('.worker.ts'))
  .map((name) => path.join('src', 'main', 'workers', name));

// The CLI loads each command's module only when that command runs (src/main/cli/main.ts), so
// its bundle is split along those dynamic imports into chunks beside cli.mjs (same folder:
// paths taken from import.meta.url, such as ./workers and ../../resources, stay right).
// Chunk names carry a content hash, so the previous build's chunks are removed first.
const chunkPrefix = 'cli-';
// A fresh clone has no output folder yet.
for (const name of existsSync(out) ? readdirSync(out) : []) {
  if (name.startsWith(chunkPrefix)) rmSync(path.join(out, name));
}

await Promise.all([
  build({
    ...common,
    format: 'esm',
    entryPoints: { cli: 'src/main/cli/main.ts' },
    splitting: true,
    chunkNames: `${chunkPrefix}[name]-[hash]`,
    outdir: out,
    outExtension: { '.js': '.mjs' },
  }),
  build({
    ...common,
    format: 'esm',
    entryPoints: { 'electron-main': 'src/main/electron/electron-main.ts' },
    outdir: out,
    outExtension: { '.js': '.mjs' },
  }),
  build({
    ...common,
    format: 'esm',
    entryPoints: workerEntries,
    outdir: path.join(out, 'workers'),
    outExtension: { '.js': '.mjs' },
  }),
  // Sandboxed preloads cannot be ES modules.
  build({
    ...common,
    format: 'cjs',
    entryPoints: { preload: 'src/main/electron/preload.ts' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
  }),
]);

if (!onlyMain) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
console.log(`built ${path.relative(root, out)}${onlyMain ? '' : ' and dist/renderer'}`);
