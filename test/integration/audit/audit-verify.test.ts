import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachAuditSigner, AUDIT_SIGNING_ACCOUNT } from '../../../src/main/audit/audit-signer';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import { readAuditHeadFile } from '../../../src/main/audit/audit-head-file';
import { exportRecords } from '../../../src/main/audit/records-export';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { sampleAuditEvent } from '../../helpers/audit-events';
import { memoryKeychain, missingKeychain } from '../../helpers/memory-keychain';
import { expectAppError, makeTempDatabasePath, openTestStore } from '../store/store-test-kit';

const verifier = path.resolve('scripts/verify-records.mjs');

let dir: string;
let cleanup: () => void;
let store: Store;
let headFile: string;
let audit: AuditService;
let clock: number;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDatabasePath());
  store = openTestStore(path.join(dir, 'trading.sqlite'), tradingMigrations);
  headFile = path.join(dir, 'audit-head.json');
  clock = 1_700_000_000_000;
  audit = createAuditService(store.db, { headFile, now: () => (clock += 1000) });
});
afterEach(() => {
  store.close();
  cleanup();
});

async function signedAudit(count: number): Promise<{ entries: Map<string, string> }> {
  const { keychain, entries } = memoryKeychain();
  const loaded = await attachAuditSigner(audit, keychain);
  expect(loaded.created).toBe(true);
  for (let i = 0; i < count; i += 1) audit.append(sampleAuditEvent(`entry ${i}`));
  return { entries };
}

function dropTriggers(): void {
  store.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('the signed audit log', () => {
  it('signs every entry with the keychain key, records the new key, keeps the head outside the database, and verifies', async () => {
    const { entries } = await signedAudit(4);
    const report = audit.verify();
    // 4 entries plus audit.signing-key, all signed.
    expect(report).toMatchObject({ ok: true, checked: 5, signed: 5, unsigned: 0, head: { state: 'ok' }, signing: { enabled: true } });
    const [newest] = audit.list({ limit: 1 });
    expect(readAuditHeadFile(headFile)).toMatchObject({ id: newest?.id, hash: newest?.hash, keyId: report.signing.keyId });
    expect(audit.list({ limit: 10, action: 'audit.signing-key' })[0]).toMatchObject({ actor: 'system', surface: 'system', subject: report.signing.keyId });
    // The private key is in the keychain only: not in any column of the database.
    const secret = entries.get(`ArbDesk/${AUDIT_SIGNING_ACCOUNT}`);
    expect(secret).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    const dump = JSON.stringify(store.db.prepare('SELECT * FROM audit_log').all()) + JSON.stringify(store.db.prepare('SELECT * FROM audit_keys').all());
    expect(dump).not.toContain(secret);
  });

  it('reuses the stored key on the next start instead of creating another', async () => {
    const { keychain } = memoryKeychain();
    const first = await attachAuditSigner(audit, keychain);
    const second = await attachAuditSigner(createAuditService(store.db, { headFile }), keychain);
    expect(second).toMatchObject({ created: false });
    expect(second.signer?.keyId).toBe(first.signer?.keyId);
  });

  it('without a keychain still chains, leaves entries unsigned, and says signing is off', async () => {
    const loaded = await attachAuditSigner(audit, missingKeychain());
    expect(loaded.signer).toBeNull();
    audit.append(sampleAuditEvent('unsigned'));
    expect(audit.verify()).toMatchObject({ ok: true, checked: 1, signed: 0, unsigned: 1, signing: { enabled: false, detail: expect.stringMatching(/signing is off/i) } });
  });

  it('refuses an entry that does not fit its kind, naming the field', () => {
    const error = expectAppError(() => audit.append({ ...sampleAuditEvent('x'), details: { flatten: 'yes' } }), 'VALIDATION_FAILED');
    expect(error.message).toContain('details.flatten');
  });

  it('detects an edited row', async () => {
    await signedAudit(5);
    dropTriggers();
    store.db.exec("UPDATE audit_log SET reason = 'edited' WHERE id = 3");
    expect(audit.verify()).toMatchObject({ ok: false, firstBadId: 3, problem: expect.stringContaining('modified') });
  });

  it('detects a deleted row (triggers dropped by hand)', async () => {
    await signedAudit(5);
    dropTriggers();
    store.db.exec('DELETE FROM audit_log WHERE id = 3');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadId: 4, problem: expect.stringContaining('removed') });
  });

  it('detects a re-ordered chain', async () => {
    await signedAudit(5);
    dropTriggers();
    // Swap the contents of rows 2 and 3 (ids stay in order, the content moves).
    store.db.exec(`
      UPDATE audit_log SET id = -2 WHERE id = 2;
      UPDATE audit_log SET id = 2 WHERE id = 3;
      UPDATE audit_log SET id = 3 WHERE id = -2;
    `);
    expect(audit.verify()).toMatchObject({ ok: false, firstBadId: 2 });
  });

  it('detects a truncated tail: the head file is ahead of the database', async () => {
    await signedAudit(5);
    dropTriggers();
    store.db.exec('DELETE FROM audit_log WHERE id >= 5');
    // The chain that is left is perfectly valid; only the head outside shows the loss.
    expect(audit.verifyChain()).toMatchObject({ ok: true, checked: 4 });
    expect(audit.verify()).toMatchObject({ ok: false, firstBadId: 5, head: { state: 'ahead' }, problem: expect.stringContaining('truncated') });
  });

  it('detects a tail rewritten and re-chained: the head file names a hash the database no longer has', async () => {
    await signedAudit(3);
    dropTriggers();
    store.db.exec('DELETE FROM audit_log WHERE id = 4');
    audit.append(sampleAuditEvent('forged replacement'));
    // The append rewrote the head file as ArbDesk would, so put back the one the attacker could not see.
    const honest = readAuditHeadFile(headFile);
    expect(honest?.id).toBe(4);
    writeFileSync(headFile, JSON.stringify({ version: 1, id: 4, hash: 'f'.repeat(64), keyId: null, writtenAt: 1 }));
    expect(audit.verify()).toMatchObject({ ok: false, firstBadId: 4, head: { state: 'mismatch' } });
  });

  it('detects a bad signature, and a stripped one', async () => {
    await signedAudit(4);
    dropTriggers();
    const other = store.db.prepare('SELECT signature FROM audit_log WHERE id = 2').pluck().get() as string;
    store.db.prepare('UPDATE audit_log SET signature = ? WHERE id = 3').run(other);
    expect(audit.verify()).toMatchObject({ ok: false, firstBadId: 3, problem: expect.stringContaining('signature does not verify') });
    store.db.exec('UPDATE audit_log SET signature = NULL WHERE id = 3');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadId: 3, problem: expect.stringContaining('signature is missing') });
  });

  it('detects a missing head file once one was kept', async () => {
    await signedAudit(2);
    writeFileSync(headFile, '');
    expectAppError(() => audit.verify(), 'STORE_CORRUPT');
  });

  it('filters the list by action, actor, subject and time', async () => {
    audit.append(sampleAuditEvent('a'));
    audit.append({ ...sampleAuditEvent('b'), actor: 'user:cli', subject: 'pair:KO/PEP' });
    audit.append({ actor: 'user', action: 'data.import', subject: '/data/x', details: { datasetId: 1, version: 1, noOp: false } });
    expect(audit.list({ limit: 10, actor: 'user:cli' }).map((row) => row.reason)).toEqual(['b']);
    expect(audit.list({ limit: 10, action: 'data.import' }).map((row) => row.subject)).toEqual(['/data/x']);
    expect(audit.list({ limit: 10, subject: 'pair:*' }).map((row) => row.reason)).toEqual(['b']);
    const [first] = audit.list({ limit: 10 }).slice(-1);
    expect(audit.list({ limit: 10, since: (first?.at ?? 0) + 1 })).toHaveLength(2);
    expect(audit.list({ limit: 10, until: (first?.at ?? 0) + 1 })).toHaveLength(1);
  });
});

describe('records export and the standalone verifier', () => {
  function runVerifier(file: string): { status: number | null; stdout: string } {
    const result = spawnSync(process.execPath, [verifier, file], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout };
  }

  it('exports entries, public key and head that scripts/verify-records.mjs accepts', async () => {
    await signedAudit(4);
    const file = path.join(dir, 'records.jsonl');
    const header = exportRecords(audit, file, headFile);
    expect(header).toMatchObject({ entries: 5, keys: [{ keyId: audit.signingStatus().keyId }] });
    const result = runVerifier(file);
    expect(result.stdout).toContain('OK: 5 entries, 5 signed');
    expect(result.status).toBe(0);
  });

  it.each([
    ['an edited entry', (lines: string[]) => lines.map((line, i) => (i === 2 ? line.replace('entry 0', 'entry X') : line)), /BROKEN at entry 2: .*modified/],
    ['a removed entry', (lines: string[]) => lines.filter((_line, i) => i !== 3), /BROKEN at entry 4: .*prev_hash/],
    ['a cut-off tail', (lines: string[]) => lines.slice(0, -1), /BROKEN .*(announces|head)/],
    [
      'a re-signed entry with a forged signature',
      (lines: string[]) =>
        lines.map((line, i) => {
          if (i !== 2) return line;
          const entry = JSON.parse(line) as { signature: string };
          return JSON.stringify({ ...entry, signature: Buffer.alloc(64, 1).toString('base64') });
        }),
      /BROKEN at entry 2: .*signature/,
    ],
  ])('fails a tampered export: %s', async (_name, tamper, expected) => {
    await signedAudit(4);
    const file = path.join(dir, 'records.jsonl');
    exportRecords(audit, file, headFile);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${tamper(lines).join('\n')}\n`);
    const result = runVerifier(file);
    expect(result.stdout).toMatch(expected);
    expect(result.status).toBe(1);
  });

  it('never overwrites an existing export', async () => {
    await signedAudit(1);
    const file = path.join(dir, 'records.jsonl');
    exportRecords(audit, file, headFile);
    expectAppError(() => exportRecords(audit, file, headFile), 'CONFLICT');
  });
});
