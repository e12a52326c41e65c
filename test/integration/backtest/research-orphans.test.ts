import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { thisProcess } from '../../../src/main/backtest/run-owner';
import { ResearchRunsRepo, type NewResearchRun } from '../../../src/main/store/repos/research-runs.repo';
import type { RunOwner } from '../../../src/main/store/repos/run-lifecycle';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from '../data/data-test-kit';
import { researchKit, type ResearchKit } from './research-kit';

/** Research runs left `running` by a process that ended are marked failed (INTERRUPTED) when the service starts; this process's are not. */
const home = makeTempHome('arbdesk-research-orphans-');
let kit: ResearchKit | undefined;

afterAll(async () => {
  await kit?.close();
  home.cleanup();
});

const run = (owner: RunOwner): NewResearchRun => ({ kind: 'sweep', createdAt: 1_700_000_000_000, input: {}, config: {}, spec: {}, seed: 0, codeVersion: 'arbdesk test', owner });

describe('research runs whose process ended', () => {
  it('are marked failed at service start; a run of this process stays running', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    if (child.pid === undefined) throw new Error('the child had a pid');
    const store = openStore(home.dir);
    const repo = new ResearchRunsRepo(store.db);
    const ofDeadProcess = repo.create(run({ pid: child.pid, token: 'crashed', startedAt: 1 }));
    const ofThisProcess = repo.create(run(thisProcess));
    store.close();

    kit = researchKit(home.dir);
    expect(kit.research.get(ofDeadProcess).run).toMatchObject({ state: 'failed', error: { code: 'INTERRUPTED', message: 'interrupted: process ended' } });
    expect(kit.research.get(ofThisProcess).run.state).toBe('running');
  });
});
