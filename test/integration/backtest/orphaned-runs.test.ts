import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { thisProcess } from '../../../src/main/backtest/run-owner';
import { BacktestRunsRepo, type NewBacktestRun } from '../../../src/main/store/repos/backtest-runs.repo';
import type { RunOwner } from '../../../src/main/store/repos/run-lifecycle';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from '../data/data-test-kit';
import { backtestKit, type BacktestKit } from './backtest-kit';

/**
 * Runs left `running` by a process that ended (a crash, a killed CLI) are marked failed
 * ("interrupted: process ended") at service start and on list/delete, so they can be deleted;
 * runs of a live process are not. Real processes: a child that has exited gives a dead pid,
 * a child kept alive stands in for a CLI run in progress, and this test process owns the rest.
 */
const home = makeTempHome('arbdesk-backtest-orphans-');
const children: ChildProcess[] = [];
let kit: BacktestKit | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  await kit?.close();
  home.cleanup();
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('the child had a pid');
  return child.pid;
}

function liveChild(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)']);
  children.push(child);
  return child;
}

const run = (owner: RunOwner): NewBacktestRun => ({
  createdAt: 1_700_000_000_000, input: {}, config: {}, pairs: [{ y: 'KO', x: 'PEP' }], fromDay: 16_000, toDay: 16_100,
  strategyKind: 'zscore', capital: 1000, fill: 'next_open', costsMode: 'none', seed: 0, codeVersion: 'arbdesk test', owner,
});

describe('backtest runs whose process ended', () => {
  it('are marked failed at service start and on list/delete; runs of live processes stay running', async () => {
    const cli = liveChild();
    if (cli.pid === undefined) throw new Error('the child had a pid');
    const dead = await deadPid();
    const store = openStore(home.dir);
    const repo = new BacktestRunsRepo(store.db);
    const ofDeadProcess = repo.create(run({ pid: dead, token: 'crashed-app', startedAt: 1 }));
    const ofLiveCli = repo.create(run({ pid: cli.pid, token: 'live-cli', startedAt: 2 }));
    const ofThisProcess = repo.create(run(thisProcess));
    // Our pid with another token: an earlier process that had this pid (pids are reused).
    const ofEarlierHolderOfOurPid = repo.create(run({ pid: process.pid, token: 'earlier', startedAt: 0 }));
    store.close();

    kit = backtestKit(home.dir);
    const state = (id: number) => kit?.service.get(id).run;
    expect(state(ofDeadProcess)).toMatchObject({ state: 'failed', error: { code: 'INTERRUPTED', message: 'interrupted: process ended' } });
    expect(state(ofEarlierHolderOfOurPid)).toMatchObject({ state: 'failed', error: { code: 'INTERRUPTED' } });
    expect(state(ofLiveCli)?.state).toBe('running');
    expect(state(ofThisProcess)?.state).toBe('running');

    // A failed run can be deleted; a live one cannot.
    expect(kit.service.delete(ofDeadProcess).some((entry) => entry.id === ofDeadProcess)).toBe(false);
    let refused: unknown;
    try {
      kit.service.delete(ofLiveCli);
    } catch (error) {
      refused = error;
    }
    expect(isAppError(refused) && refused.code).toBe('CONFLICT');

    // A run orphaned after the service started is found on list; the CLI run, once its process ends, too.
    const laterRepo = new BacktestRunsRepo(kit.store.db);
    const orphanedLater = laterRepo.create(run({ pid: await deadPid(), token: 'killed-cli', startedAt: 3 }));
    expect(kit.service.list(50).find((entry) => entry.id === orphanedLater)?.state).toBe('failed');
    expect(state(ofLiveCli)?.state).toBe('running');
    cli.kill();
    await once(cli, 'exit');
    expect(kit.service.list(50).find((entry) => entry.id === ofLiveCli)).toMatchObject({ state: 'failed', error: { code: 'INTERRUPTED' } });
    expect(state(ofThisProcess)?.state).toBe('running');
  }, 60_000);
});
