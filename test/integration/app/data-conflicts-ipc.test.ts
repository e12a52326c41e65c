import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { makeTempHome } from '../../helpers/temp-home';
import { repoRoot } from '../data/data-test-kit';
import { registryClient } from '../../helpers/registry-client';

/** Held conflicts and their resolution through the real registry, jobs and worker pool. */
let app: InProcessApp;
const inbox = makeTempHome('arbdesk-conflicts-inbox-');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'data');

const { call, value } = registryClient(() => app.core, 'conflict');

function imported(jobId: string): Promise<PublishedEvent> {
  return new Promise((resolve) => {
    const unsubscribe = app.core.events.subscribeAll((envelope) => {
      if (envelope.event === 'data:imported' && (envelope.payload as { jobId: string }).jobId === jobId) {
        unsubscribe();
        resolve(envelope);
      }
    });
  });
}

async function importAndWait(payload: Record<string, unknown>): Promise<{ report: { dataset: { id: number } } | null }> {
  const { jobId } = await value<{ jobId: string }>('data:import', payload);
  return (await imported(jobId)).payload as { report: { dataset: { id: number } } | null };
}

beforeAll(async () => {
  app = await startInProcessApp();
  const raw = path.join(inbox.dir, 'raw');
  mkdirSync(raw);
  const [header, ...rows] = readFileSync(path.join(fixtures, 'AAPL.csv'), 'utf8').trimEnd().split('\n');
  const scaled = rows.map((row) => {
    const cells = row.split(',');
    for (let c = 1; c <= 4; c += 1) cells[c] = String(Number((Number(cells[c]) * 7).toPrecision(10)));
    cells[5] = String(Math.round(Number(cells[5]) / 7));
    return cells.join(',');
  });
  writeFileSync(path.join(raw, 'AAPL.csv'), `${header ?? ''}\n${scaled.join('\n')}\n`);
  // A constituents list beside the prices: never listed or read as a price file.
  const prices = path.join(inbox.dir, 'prices');
  mkdirSync(prices);
  copyFileSync(path.join(fixtures, 'AAPL.csv'), path.join(prices, 'AAPL.csv'));
  writeFileSync(path.join(prices, 'constituents.csv'), 'Symbol,Name,Sector\nAAPL,Apple Inc.,Information Technology\n');
});

afterAll(async () => {
  await app.close();
  inbox.cleanup();
});

describe('conflicts over the contract', () => {
  it('previews a folder as the import reads it: constituents.csv is not a price file', async () => {
    const preview = await value<{ files: Array<{ name: string }>; header: string[] }>('data:preview', { path: path.join(inbox.dir, 'prices') });
    expect(preview.files.map((f) => f.name)).toEqual(['AAPL.csv']);
    expect(preview.header[0]).toBe('date');
  });

  it('holds a second source at ×7, lists it, and resolves it by keeping the stored series (audited)', async () => {
    const first = await importAndWait({ path: path.join(inbox.dir, 'prices'), source: 'vendor-a' });
    expect(first.report).not.toBeNull();
    const instruments = await value<Array<{ symbol: string; basis: string | null; sector: string | null }>>('data:instruments', {});
    expect(instruments).toMatchObject([{ symbol: 'AAPL', basis: 'split', sector: 'Information Technology' }]);
    const before = await value<{ bars: Array<{ close: number }> }>('data:bars', { symbol: 'AAPL' });

    const second = await importAndWait({ path: path.join(inbox.dir, 'raw', 'AAPL.csv'), source: 'vendor-raw' });
    expect(second.report).not.toBeNull();
    const conflicts = await value<Array<{ symbol: string; factor: number; classification: string; sample: Array<{ date: string; existing: { close: number }; incoming: { close: number } }> }>>(
      'data:conflicts',
      {},
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ symbol: 'AAPL', classification: 'basis_mismatch' });
    expect(conflicts[0]?.factor).toBeCloseTo(7, 6);
    expect(conflicts[0]?.sample[0]).toMatchObject({ date: '2013-02-08', existing: { close: 67.8542 } });
    const after = await value<{ bars: Array<{ close: number }>; issues: Array<{ kind: string }> }>('data:bars', { symbol: 'AAPL' });
    expect(after.bars).toEqual(before.bars);
    expect(after.issues.map((issue) => issue.kind)).toEqual(['source_conflict']);

    const resolved = await value<{ datasets: Array<{ source: string; version: number; resolvesDatasetId: number }> }>('data:conflict-resolve', { symbol: 'aapl', choice: 'keep' });
    expect(resolved.datasets).toMatchObject([{ source: 'vendor-raw', version: 2, resolvesDatasetId: second.report?.dataset.id }]);
    expect(await value('data:conflicts', {})).toEqual([]);
    expect(await value<unknown[]>('data:conflicts', { status: 'kept' })).toHaveLength(1);
    expect(app.core.audit.list({ limit: 5, action: 'data.conflict.resolve' })[0]).toMatchObject({ actor: 'user', subject: 'AAPL', details: { choice: 'keep' } });
    expect(await call('data:conflict-resolve', { symbol: 'AAPL', choice: 'take' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
