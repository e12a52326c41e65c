import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewFile } from '../../../src/main/data/csv/file-preview';
import { makeTempHome } from '../../helpers/temp-home';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/data');

describe('previewFile', () => {
  let dir = '';
  let cleanup = (): void => {};
  beforeEach(() => {
    ({ dir, cleanup } = makeTempHome('arbdesk-preview-'));
  });
  afterEach(() => cleanup());

  it('shows the first rows, the detected layout and row issues', async () => {
    const preview = await previewFile(path.join(FIXTURES, 'BHF.csv'), { rows: 8 });
    expect(preview.header).toEqual(['date', 'open', 'high', 'low', 'close', 'volume', 'Name']);
    expect(preview.rows).toHaveLength(8);
    expect(preview.rows[7]).toEqual(['2017-07-26', '', '', '', '69.0842', '3', 'BHF']);
    expect(preview.format?.name).toBe('sp500-kaggle');
    expect(preview.dateFormat).toBe('iso');
    expect(preview.problems).toEqual([]);
    expect(preview.issues.map((i) => `${i.line} ${i.kind} ${i.field}`)).toEqual(['9 missing_field open', '9 missing_field high', '9 missing_field low']);
    expect(preview.complete).toBe(false);
  });

  it('returns whole-file problems instead of throwing', async () => {
    const file = path.join(dir, 'prices.csv');
    writeFileSync(file, 'Date,Open,Hi,Lo,Close,Volume,Ticker\n2013-02-08,1,2,0.5,1.5,10,AAPL\n');
    const preview = await previewFile(file);
    expect(preview.format).toBeNull();
    expect(preview.rows).toEqual([['2013-02-08', '1', '2', '0.5', '1.5', '10', 'AAPL']]);
    expect(preview.complete).toBe(true);
    expect(preview.problems).toMatchObject([
      { code: 'VALIDATION_FAILED', details: { problem: 'missing_columns', missing: ['high', 'low'], unknown: ['Hi', 'Lo'] } },
    ]);
    const binary = path.join(dir, 'book.csv');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]));
    expect((await previewFile(binary)).problems).toMatchObject([{ details: { problem: 'binary' } }]);
    const empty = path.join(dir, 'AAPL.csv');
    writeFileSync(empty, 'date,open,high,low,close,volume,Name\n');
    expect((await previewFile(empty)).problems).toMatchObject([{ details: { problem: 'header_only' } }]);
  });

  it('throws NOT_FOUND for a missing file', async () => {
    await expect(previewFile(path.join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('previewFile shows rows only from a price table', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arbdesk-preview-shape-'));

  it.each([
    ['passwd.csv', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n', 'not a CSV price table: 1 column'],
    ['keys.csv', 'user,password\nalice,hunter2\n', 'not a CSV price table: 2 columns'],
    ['people.csv', 'name,city,street,zip,phone,email\nAlice,Paris,Rue 1,75001,555,a@b.c\n', 'not a CSV price table: no column holds dates'],
    ['log.csv', 'date,host,level,message,pid,user\n2024-01-02,web1,info,started,12,alice\n', 'not a CSV price table: 1 numeric column, 5 needed'],
  ])('%s: says what it found and echoes nothing', async (name, content, message) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    const preview = await previewFile(file);
    expect(preview.header).toEqual([]);
    expect(preview.rows).toEqual([]);
    expect(preview.issues).toEqual([]);
    expect(preview.problems).toHaveLength(1);
    expect(preview.problems[0]?.message).toContain(message);
    const wire = JSON.stringify(preview.problems);
    for (const secret of ['root:x', 'hunter2', 'alice', 'Alice', 'web1']) expect(wire).not.toContain(secret);
  });
});
