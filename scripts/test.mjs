#!/usr/bin/env node
// `npm test`: type checks, lint, packaging-config validation, then every vitest project
// (unit, integration, e2e). On Linux the run happens inside a private D-Bus session with a
// throwaway, unlocked gnome-keyring, so keychain tests exercise a real Secret Service.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
if (process.env.ARBDESK_TEST_SESSION === '1' && hasCommand('gnome-keyring-daemon')) {
  // The password only unlocks a keyring that lives and dies with this session.
  const keyring = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { input: 'arbdesk-throwaway', encoding: 'utf8' });
  if (keyring.status === 0) {
    for (const line of keyring.stdout.split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (match) env[match[1]] = match[2];
    }
    env.ARBDESK_REQUIRE_KEYCHAIN = '1';
    console.log('[test] throwaway gnome-keyring unlocked for this run');
  } else {
    console.log(`[test] gnome-keyring-daemon failed (${keyring.stderr.trim()}); keychain tests will skip`);
  }
}

const steps = [
  { name: 'typecheck main', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'typecheck renderer', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.web.json'] },
  { name: 'lint', command: bin('eslint'), args: ['--max-warnings=0', '.'] },
  { name: 'electron-builder config', command: process.execPath, args: [path.join(root, 'scripts', 'validate-builder-config.mjs')] },
  {
    name: 'vitest',
    command: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...extraArgs],
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
if (failed.length > 0) {
  console.error(`[test] failed: ${failed.join(', ')}`);
  process.exit(1);
}
