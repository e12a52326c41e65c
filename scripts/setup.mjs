#!/usr/bin/env node
// Sets up whatever is missing before `npm start` or `npm test`, with Node built-ins only
// (it runs before node_modules exists). Usage: node scripts/setup.mjs start|test
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purposes = ['start', 'test', 'bench'];
const purpose = purposes.includes(process.argv[2]) ? process.argv[2] : 'start';
const say = (message) => console.log(`[setup] ${message}`);

function run(command, args, options = {}) {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`[setup] "${command} ${args.join(' ')}" failed with exit code ${result.status}.`);
    process.exit(result.status ?? 1);
  }
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 10)) {
    console.error(`[setup] ArbDesk needs Node.js 20.10 or newer; this is ${process.versions.node}.`);
    process.exit(1);
  }
}

// Debian/Ubuntu packages: what native modules need to build (keytar links libsecret),
// and, for tests, the browser and a Secret Service to test the keychain against.
const debianPackages = {
  start: ['libsecret-1-dev', 'python3', 'make', 'g++'],
  test: ['libsecret-1-dev', 'python3', 'make', 'g++', 'chromium', 'gnome-keyring', 'dbus'],
  // The benchmarks time their peers in the same run: statsmodels (and pandas) and PyTorch,
  // from Debian, run with /usr/bin/python3.
  bench: ['libsecret-1-dev', 'python3', 'make', 'g++', 'chromium', 'gnome-keyring', 'dbus', 'python3-statsmodels', 'python3-pandas', 'python3-torch'],
};

function missingDebianPackages(names) {
  return names.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

function ensureSystemPackages() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg-query')) {
    if (purpose !== 'start' && process.platform !== 'linux') say('not Debian/Ubuntu: install Chromium yourself and set ARBDESK_CHROMIUM to its path.');
    return;
  }
  const missing = missingDebianPackages(debianPackages[purpose]);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`[setup] missing system packages: ${missing.join(' ')}\n[setup] install them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function ensureBuild() {
  const stamp = path.join(root, 'dist', 'renderer', 'index.html');
  const cli = path.join(root, 'dist', 'main', 'cli.mjs');
  if (existsSync(stamp) && existsSync(cli)) {
    const built = Math.min(statSync(stamp).mtimeMs, statSync(cli).mtimeMs);
    const sources = Math.max(newestMtime(path.join(root, 'src')), statSync(path.join(root, 'vite.config.ts')).mtimeMs);
    if (built >= sources) return;
  }
  run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
}

checkNode();
ensureSystemPackages();
ensureDependencies();
ensureBuild();
