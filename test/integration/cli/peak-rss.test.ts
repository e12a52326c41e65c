import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ballastBytes = 192 * 1024 * 1024;

describe('peakRssBytes (the --stats peak RSS)', () => {
  it.runIf(process.platform === 'linux')('reports the child process’s own peak, not the size of the process that spawned it', () => {
    // A spawned child starts as a fork of this process; getrusage then remembers this
    // process's RSS as the child's. Make this process clearly larger than any small child.
    const ballast = Buffer.alloc(ballastBytes);
    ballast.fill(1);
    const parentRss = process.memoryUsage().rss;
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/cli/print-peak-rss.ts'], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const reported = JSON.parse(child.stdout) as { peakRssBytes: number; ruMaxRssBytes: number };
    expect(ballast[ballastBytes - 1]).toBe(1);
    expect(reported.peakRssBytes).toBeGreaterThan(0);
    expect(reported.peakRssBytes).toBeLessThan(parentRss - ballastBytes / 2);
  });

  it('is at least the resident size measured before it', async () => {
    const { peakRssBytes } = await import('../../../src/main/cli/peak-rss');
    const rss = process.memoryUsage().rss;
    expect(peakRssBytes()).toBeGreaterThanOrEqual(rss);
  });
});
