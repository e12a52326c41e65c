import { afterEach, describe, expect, it } from 'vitest';
import type { BlotterSnapshot } from '../../../src/shared/domain/desk';
import { until } from '../../helpers/desk-harness';
import { makeTempHome } from '../../helpers/temp-home';
import { arbdesk, startDeskCoreChild, type RunningChild } from '../control/control-kit';

const children: RunningChild[] = [];
const homes: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const running of children.splice(0)) if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  for (const made of homes.splice(0)) made.cleanup();
});

async function blotter(instance: RunningChild): Promise<BlotterSnapshot> {
  const before = instance.output().length;
  instance.child.stdin?.write('blotter\n');
  // Only a complete line printed after this request counts (earlier snapshots are in the output too).
  const fresh = (): string | undefined => instance.output().slice(before).split('\n').slice(0, -1).find((text) => text.startsWith('blotter '));
  await until(() => fresh() !== undefined, 'a blotter line');
  return JSON.parse(fresh()?.slice('blotter '.length) ?? 'null') as BlotterSnapshot;
}

describe('arbdesk halt --flatten through a running instance', () => {
  it('halts, then flattens both legs of the open pair through the desk and exits 0', async () => {
    const made = makeTempHome('arbdesk-desk-flatten-');
    homes.push(made);
    const instance = startDeskCoreChild(made.dir);
    children.push(instance);
    await instance.line('ready');
    instance.child.stdin?.write('open KO/PEP 100 50\n');
    await instance.line('opened');
    expect((await blotter(instance)).positions.map((pair) => pair.legs.map((leg) => `${leg.symbol} ${leg.quantity}`))).toEqual([['KO 100', 'PEP -50']]);

    const result = await arbdesk(made.dir, ['halt', '--flatten', '--yes', '--reason', 'flatten from the terminal']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 flatten order(s) sent');

    const after = await blotter(instance);
    expect(after.orders.filter((order) => order.reason === 'flatten').map((order) => `${order.symbol} ${order.side} ${order.quantity}`)).toEqual(['KO SELL 100', 'PEP BUY_TO_COVER 50']);
    instance.child.stdin?.write('fill\n');
    await instance.line('filled');
    expect((await blotter(instance)).positions).toEqual([]);
    instance.child.stdin?.write('dispose\n');
    expect((await instance.exit).code).toBe(0);
  });
});
