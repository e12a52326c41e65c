import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { makeTempHome } from '../../helpers/temp-home';
import { connectRaw, type RawClient } from '../../helpers/ws-client';
import { repoRoot } from '../data/data-test-kit';

/**
 * The renderer is untrusted: over the real browser-mode socket and registry, it can read only
 * what the file-access rules allow, and a refusal echoes no content (issue 11, section 10).
 */
let app: InProcessApp;
let client: RawClient;
const scratch = makeTempHome('arbdesk-access-');
const allowed = path.join(scratch.dir, 'allowed');
const secrets = path.join(scratch.dir, 'secrets');
let sequence = 0;

beforeAll(async () => {
  mkdirSync(path.join(allowed, 'prices'), { recursive: true });
  mkdirSync(path.join(allowed, '.ssh'), { recursive: true });
  mkdirSync(secrets, { recursive: true });
  copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'data', 'AAPL.csv'), path.join(allowed, 'prices', 'AAPL.csv'));
  writeFileSync(path.join(allowed, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n');
  writeFileSync(path.join(allowed, 'notes.csv'), 'user,password\nalice,hunter2\n');
  writeFileSync(path.join(secrets, 'token.csv'), 'root:x:0:0:root:/root:/bin/bash\n');
  symlinkSync(path.join(secrets, 'token.csv'), path.join(allowed, 'prices', 'looks-fine.csv'));
  // Only `allowed` (and the data folder, and the home folder) may be named by the renderer.
  app = await startInProcessApp({ ARBDESK_DATA_IMPORT_FOLDERS: allowed });
  client = await connectRaw(app.server.port, { token: app.token });
});

afterAll(async () => {
  client.close();
  await app.close();
  scratch.cleanup();
});

async function overSocket(channel: string, payload: unknown): Promise<ResponseEnvelope> {
  sequence += 1;
  return client.request(JSON.stringify({ type: 'request', id: `access-${String(sequence).padStart(6, '0')}`, channel, payload }));
}

function refusal(response: ResponseEnvelope): { code: string; message: string } {
  if (response.ok) throw new Error('expected a refusal');
  return response.error;
}

describe('the renderer names no arbitrary file', () => {
  it.each([
    ['/etc/passwd', '/etc/passwd'],
    ['a file outside every allowed folder', path.join(secrets, 'token.csv')],
    ['a hidden folder inside an allowed one', path.join(allowed, '.ssh', 'id_rsa')],
    ['a symbolic link that leads outside', path.join(allowed, 'prices', 'looks-fine.csv')],
    ['a path that climbs out', `${allowed}/prices/../../secrets/token.csv`],
  ])('data:preview refuses %s, echoing nothing', async (_what, requested) => {
    const response = await overSocket('data:preview', { path: requested });
    const error = refusal(response);
    expect(error.code).toBe('PATH_NOT_ALLOWED');
    expect(JSON.stringify(response)).not.toMatch(/root:x|secret-key-material/);
  });

  it('data:import refuses the same paths before any job starts', async () => {
    expect(refusal(await overSocket('data:import', { path: '/etc/passwd' })).code).toBe('PATH_NOT_ALLOWED');
    expect(refusal(await overSocket('data:import', { path: path.join(allowed, '.ssh') })).code).toBe('PATH_NOT_ALLOWED');
    expect(app.core.jobs.list().filter((job) => job.kind.startsWith('data.'))).toEqual([]);
  });

  it('previews only a price table: a CSV of other things is described, not shown', async () => {
    const response = await overSocket('data:preview', { path: path.join(allowed, 'notes.csv') });
    if (!response.ok) throw new Error(response.error.message);
    expect(response.value).toMatchObject({ header: [], rows: [], detected: null });
    expect(JSON.stringify(response.value)).not.toMatch(/alice|hunter2|password/);
    expect((response.value as { problems: string[] }).problems.join(' ')).toMatch(/not a CSV price table: 2 columns/);
  });

  it('still previews a real price file in an allowed folder', async () => {
    const response = await overSocket('data:preview', { path: path.join(allowed, 'prices', 'AAPL.csv') });
    if (!response.ok) throw new Error(response.error.message);
    expect((response.value as { header: string[] }).header).toEqual(['date', 'open', 'high', 'low', 'close', 'volume', 'Name']);
  });

  it('has no file dialog in browser mode, and a forged grant resolves to nothing', async () => {
    expect(refusal(await overSocket('data:choose-source', {})).code).toBe('UNAVAILABLE');
    expect(refusal(await overSocket('data:preview', { grant: 'forged-grant-id-000' })).code).toBe('NOT_FOUND');
    expect(refusal(await overSocket('data:preview', { path: '/etc/passwd', grant: 'forged-grant-id-000' })).code).toBe('BAD_REQUEST');
  });

  it('in the desktop app a typed path is refused outright: files come only from the native dialog', async () => {
    sequence += 1;
    const response = await app.core.registry.dispatch(
      { type: 'request', id: `access-${String(sequence).padStart(6, '0')}`, channel: 'data:preview', payload: { path: path.join(allowed, 'prices', 'AAPL.csv') } },
      'electron',
    );
    expect(refusal(response).code).toBe('PATH_NOT_ALLOWED');
  });
});
