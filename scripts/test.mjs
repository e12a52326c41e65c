#!/usr/bin/env node
// `npm test`: type checks, lint, packaging-config validation, then every vitest project
// (unit, integration, e2e). On Linux the run happens inside a private D-Bus session with a
// throwaway, unlocked gnome-keyring, so keychain tests exercise a real Secret Service.
//
// The last line printed is always `N passed, N failed, N skipped` (CI reads it), on failure too.
// "failed" counts failed tests, test files that failed outside a test (did not load, a hook
// threw), suites that must run here but were skipped, and failed non-test steps, so it is zero
// exactly when the run exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { summarizeVitestReport, summaryLine } from './test-report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
const reportFile = path.join(resultsDir, 'vitest.json');
const keyringStartLimitMs = 15_000;

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

// Re-enter inside a fresh D-Bus session: keyring state never leaks between runs or into
// the developer's own keychain. The inner run prints the closing line; nothing follows it.
if (process.platform === 'linux' && process.env.ARBDESK_TEST_SESSION !== '1' && hasCommand('dbus-run-session')) {
  const result = spawnSync('dbus-run-session', ['--', process.execPath, fileURLToPath(import.meta.url), ...extraArgs], {
    stdio: 'inherit',
    env: { ...process.env, ARBDESK_TEST_SESSION: '1' },
  });
  process.exit(result.status ?? 1);
}

/** Resolves true once the daemon serves, false if it fails, exits or takes longer than the limit. */
function waitForKeyring(daemon) {
  return new Promise((resolve) => {
    const finish = (ready) => {
      clearTimeout(timer);
      resolve(ready);
    };
    const timer = setTimeout(() => finish(false), keyringStartLimitMs);
    daemon.stdout.resume();
    // Its stdout closes once it serves, but also when it dies: give a crash a moment to show
    // as an exit before calling it ready.
    daemon.stdout.on('end', () => setTimeout(() => finish(daemon.exitCode === null && daemon.signalCode === null), 200));
    daemon.on('error', () => finish(false));
    daemon.on('exit', () => finish(false));
  });
}

async function stopDaemon(daemon) {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = once(daemon, 'exit');
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const env = { ...process.env };
const notes = [];
let keyringDaemon;
let keyringScratch;
if (process.platform === 'linux') {
  // The keychain suite must run here: a missing keychain fails it instead of skipping it.
  env.ARBDESK_REQUIRE_KEYCHAIN = '1';
  if (process.env.ARBDESK_TEST_SESSION !== '1') notes.push('dbus-run-session is not installed, so no throwaway keyring was started');
  else if (!hasCommand('gnome-keyring-daemon')) notes.push('gnome-keyring-daemon is not installed, so no throwaway keyring was started');
}
if (process.env.ARBDESK_TEST_SESSION === '1' && hasCommand('gnome-keyring-daemon')) {
  // The keyring lives in a scratch XDG dir, so the developer's real login keyring is never
  // touched; --foreground keeps the daemon ours to stop.
  keyringScratch = mkdtempSync(path.join(tmpdir(), 'arbdesk-keyring-'));
  Object.assign(env, { XDG_DATA_HOME: keyringScratch, XDG_RUNTIME_DIR: keyringScratch });
  keyringDaemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  keyringDaemon.stdin.end('arbdesk-throwaway');
  if (await waitForKeyring(keyringDaemon)) {
    console.log('[test] throwaway gnome-keyring unlocked for this run');
  } else {
    const how = keyringDaemon.exitCode !== null ? `exited with ${keyringDaemon.exitCode}` : `was not ready within ${keyringStartLimitMs / 1000} s`;
    await stopDaemon(keyringDaemon);
    const message = `gnome-keyring-daemon ${how}; stopped it. The keychain suite will fail without it.`;
    console.error(`[test] ${message}`);
    notes.push(message);
  }
}

const steps = [
  { name: 'typecheck main', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'typecheck renderer', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.web.json'] },
  { name: 'typecheck e2e and benchmarks', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.e2e.json'] },
  { name: 'lint', command: bin('eslint'), args: ['--max-warnings=0', '.'] },
  { name: 'import cycles', command: bin('depcruise'), args: ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'] },
  { name: 'electron-builder config', command: process.execPath, args: [path.join(root, 'scripts', 'validate-builder-config.mjs')] },
  {
    name: 'vitest',
    command: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extraArgs],
  },
];

// Results of an earlier run (report, screenshots) must never be read as this run's.
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const failedSteps = [];
let vitestStatus = null;
for (const step of steps) {
  console.log(`\n[test] ${step.name}`);
  const result = spawnSync(step.command, step.args, { stdio: 'inherit', cwd: root, env });
  if (step.name === 'vitest') vitestStatus = result.status;
  if (result.status !== 0) failedSteps.push(step.name);
}

let counts = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
if (existsSync(reportFile)) {
  const summary = summarizeVitestReport(JSON.parse(readFileSync(reportFile, 'utf8')), {
    root,
    platform: process.platform,
    filtered: extraArgs.length > 0,
  });
  counts = { passed: summary.passed, failed: summary.failed, skipped: summary.skipped };
  problems.push(...summary.problems);
  // vitest failed, yet its report names no failure (an unhandled error between tests, say).
  if (vitestStatus !== 0 && counts.failed === 0) {
    counts.failed = 1;
    problems.push(`vitest exited with ${vitestStatus} though its report lists no failed test; see its output above`);
  }
} else {
  counts.failed = 1;
  problems.push(`vitest wrote no report (${path.relative(root, reportFile)}); it exited with ${vitestStatus}`);
}
// Each failed step other than vitest (whose failures the report counts) is one failure.
counts.failed += failedSteps.filter((name) => name !== 'vitest').length;

if (keyringDaemon) await stopDaemon(keyringDaemon);
if (keyringScratch) rmSync(keyringScratch, { recursive: true, force: true });

if (counts.failed > 0) {
  if (failedSteps.length > 0) console.error(`\n[test] failed steps: ${failedSteps.join(', ')}`);
  for (const problem of problems) console.error(`[test] failed: ${problem}`);
  for (const note of notes) console.error(`[test] note: ${note}`);
}
console.log(`\n${summaryLine(counts)}`);
process.exit(counts.failed > 0 ? 1 : 0);
