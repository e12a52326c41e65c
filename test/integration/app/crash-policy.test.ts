import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CRASH_ACTOR, CRASH_EXIT_CODE } from '../../../src/main/app/crash-policy';
import { createAppCore } from '../../../src/main/app/create-app-core';
import { makeTempHome } from '../../helpers/temp-home';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'app', 'crash-after-start.ts');

async function crashChild(home: string, mode: 'exception' | 'rejection'): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, home, mode], {
    cwd: repoRoot,
    env: { ...process.env, ARBDESK_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

function logLines(home: string): Array<Record<string, unknown>> {
  const dir = path.join(home, 'logs');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('crash policy (a real core in a child process)', () => {
  const homes: Array<{ cleanup: () => void }> = [];
  afterEach(() => {
    for (const home of homes.splice(0)) home.cleanup();
  });

  it.each(['exception', 'rejection'] as const)('an uncaught %s logs fatal, persists HALTED and exits 70; the restart is halted', async (mode) => {
    const home = makeTempHome();
    homes.push(home);
    const { code, output } = await crashChild(home.dir, mode);
    expect(output).toContain('ready');
    expect(code, output).toBe(CRASH_EXIT_CODE);

    const fatal = logLines(home.dir).filter((line) => line['level'] === 'fatal');
    const origin = mode === 'exception' ? 'uncaughtException' : 'unhandledRejection';
    expect(fatal.map((line) => line['msg'])).toContain(`uncaught failure (${origin}); halting trading and exiting`);

    const core = await createAppCore({
      transport: 'browser',
      env: { ...process.env, ARBDESK_HOME: home.dir, ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false' },
    });
    try {
      const state = core.killSwitch.current();
      expect(state.global.status).toBe('HALTED');
      expect(state.global.reason).toContain('main process crashed: fixture:');
      const audited = core.audit.list({ limit: 10 }).map((entry) => [entry.actor, entry.action]);
      expect(audited).toContainEqual([CRASH_ACTOR, 'trading.halt']);
    } finally {
      await core.dispose();
    }
  });
});
