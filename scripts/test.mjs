#!/usr/bin/env node
// `npm test`: type checks, lint, packaging-config validation, then every vitest project
// (unit, integration, e2e). On Linux the run happens inside a private D-Bus session with a
// throwaway, unlocked gnome-keyring, so keychain tests exercise a real Secret Service.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

// Re-enter inside a fresh D-Bus session: keyring state never leaks between runs or into
// the developer's own keychain.
if (process.platform === 'linux' && process.env.ARBDESK_TEST_SESSION !== '1' && hasCommand('dbus-run-session')) {
  const result = spawnSync('dbus-run-session', ['--', process.execPath, fileURLToPath(import.meta.url), ...extraArgs], {
    stdio: 'inherit',
    env: { ...process.env, ARBDESK_TEST_SESSION: '1' },
  });
  process.exit(result.status ?? 1);
}

const env = { ...process.env };
let keyringDaemon;
let keyringScratch;
if (process.env.ARBDESK_TEST_SESSION === '1' && hasCommand('gnome-keyring-daemon')) {
  // The keyring lives in a scratch XDG dir, so the developer's real login keyring is never
  // touched; --foreground keeps the daemon ours to stop. Its stdout closes once it serves.
  keyringScratch = mkdtempSync(path.join(tmpdir(), 'arbdesk-keyring-'));
  Object.assign(env, { XDG_DATA_HOME: keyringScratch, XDG_RUNTIME_DIR: keyringScratch });
  keyringDaemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  keyringDaemon.stdin.end('arbdesk-throwaway');
  const ready = await new Promise((resolve) => {
    keyringDaemon.stdout.resume();
    keyringDaemon.stdout.on('end', () => resolve(true));
    keyringDaemon.on('error', () => resolve(false));
  });
  if (ready) {
    env.ARBDESK_REQUIRE_KEYCHAIN = '1';
    console.log('[test] throwaway gnome-keyring unlocked for this run');
  } else {
    console.log('[test] gnome-keyring-daemon could not start; keychain tests will skip');
  }
}

const steps = [
  { name: 'typecheck main', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'typecheck renderer', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.web.json'] },
  { name: 'typecheck e2e and benchmarks', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.e2e.json'] },
  { name: 'lint', command: bin('eslint'), args: ['--max-warnings=0', '.'] },
  { name: 'electron-builder config', command: process.execPath, args: [path.join(root, 'scripts', 'validate-builder-config.mjs')] },
  {
    name: 'vitest',
    command: bin('vitest'),
    args: ['run', '--coverage', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...extraArgs],
  },
];

mkdirSync(path.join(root, 'test-results'), { recursive: true });
const failed = [];
for (const step of steps) {
  console.log(`\n[test] ${step.name}`);
  const result = spawnSync(step.command, step.args, { stdio: 'inherit', cwd: root, env });
  if (result.status !== 0) failed.push(step.name);
}

const report = path.join(root, 'test-results', 'vitest.json');
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests + summary.numTodoTests} skipped`);
}
if (keyringDaemon && keyringDaemon.exitCode === null) {
  keyringDaemon.kill('SIGTERM');
  await once(keyringDaemon, 'exit');
}
if (keyringScratch) rmSync(keyringScratch, { recursive: true, force: true });
if (failed.length > 0) {
  console.error(`[test] failed: ${failed.join(', ')}`);
  process.exit(1);
}
