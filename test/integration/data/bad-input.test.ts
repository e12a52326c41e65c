import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../../../src/main/data/import/import-path';
import type { Store } from '../../../src/main/store/db';
import { rejectionOf } from '../../helpers/app-error';
import { databaseDigest } from '../../helpers/db-snapshot';
import { makeTempHome } from '../../helpers/temp-home';
import { copyPrices, importOptions, openStore } from './data-test-kit';

/**
 * The list of bad input. Each must end in a typed error that names the file (and the
 * row or field where there is one) and leave the store exactly as it was.
 */
const header = 'date,open,high,low,close,volume,Name';

interface BadInput {
  readonly name: string;
  /** Creates the input under `dir` and returns the path to import. */
  readonly make: (dir: string) => string;
  readonly code: string;
  /** What the message must say. */
  readonly message: RegExp;
}

function file(dir: string, name: string, text: string | Buffer): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

const cases: BadInput[] = [
  { name: 'empty file', make: (dir) => file(dir, 'EMPTY.csv', ''), code: 'VALIDATION_FAILED', message: /EMPTY\.csv.*empty/i },
  { name: 'header only', make: (dir) => file(dir, 'HDR.csv', `${header}\n`), code: 'VALIDATION_FAILED', message: /HDR\.csv.*(no data|header only|no rows)/i },
  {
    name: 'unknown columns',
    make: (dir) => file(dir, 'ODD.csv', 'when,first,top,bottom,last,shares\n2016-01-04,1,2,0.5,1.5,100\n'),
    code: 'VALIDATION_FAILED',
    message: /ODD\.csv.*(column|layout)/i,
  },
  {
    name: 'binary junk',
    make: (dir) => file(dir, 'JUNK.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x00, 0x01])),
    code: 'VALIDATION_FAILED',
    message: /JUNK\.csv.*(binary|not a text|NUL|UTF-8)/i,
  },
  {
    name: 'non-numeric price',
    make: (dir) => file(dir, 'TXT.csv', `${header}\n2016-01-04,10,11,9,ten,1000,TXT\n`),
    code: 'VALIDATION_FAILED',
    message: /TXT\.csv.*line 2.*close/i,
  },
  {
    name: 'negative price',
    make: (dir) => file(dir, 'NEG.csv', `${header}\n2016-01-04,-10,11,9,10,1000,NEG\n`),
    code: 'VALIDATION_FAILED',
    message: /NEG\.csv.*line 2.*open/i,
  },
  {
    name: 'high below low',
    make: (dir) => file(dir, 'HILO.csv', `${header}\n2016-01-04,10,9,11,10,1000,HILO\n`),
    code: 'VALIDATION_FAILED',
    message: /HILO\.csv.*line 2.*(high|low)/i,
  },
  {
    name: 'duplicate dates with different values',
    make: (dir) => file(dir, 'DUP.csv', `${header}\n2016-01-04,10,11,9,10,1000,DUP\n2016-01-04,10,11,9,10.5,1000,DUP\n`),
    code: 'VALIDATION_FAILED',
    message: /DUP\.csv line 2: 2016-01-04 appears 2 times with different values/i,
  },
  {
    name: 'mixed date formats in one file',
    make: (dir) => file(dir, 'MIX.csv', `${header}\n2016-01-04,10,11,9,10,1000,MIX\n01/05/2016,10,11,9,10,1000,MIX\n`),
    code: 'VALIDATION_FAILED',
    message: /MIX\.csv.*line 3.*date/i,
  },
  {
    // A sparse 2 GiB file costs no disk; it must be refused from its first chunk, not read whole.
    name: '2 GB file of junk',
    make: (dir) => {
      const target = path.join(dir, 'HUGE.csv');
      const fd = openSync(target, 'w');
      ftruncateSync(fd, 2 * 1024 ** 3);
      closeSync(fd);
      return target;
    },
    code: 'VALIDATION_FAILED',
    message: /HUGE\.csv/,
  },
  {
    name: 'directory with an unreadable file',
    make: (dir) => {
      const folder = copyPrices(path.join(dir, 'folder'), ['AAPL'], false);
      symlinkSync(path.join(dir, 'missing-target.csv'), path.join(folder, 'GONE.csv'));
      mkdirSync(path.join(folder, 'ADIR.csv'));
      return folder;
    },
    code: 'VALIDATION_FAILED',
    message: /(GONE|ADIR)\.csv/,
  },
  { name: 'path that does not exist', make: (dir) => path.join(dir, 'nowhere'), code: 'NOT_FOUND', message: /nowhere/ },
];

describe('bad input gets a clear, typed error and changes nothing', () => {
  let home: ReturnType<typeof makeTempHome>;
  let store: Store;

  beforeEach(async () => {
    home = makeTempHome('arbdesk-bad-input-');
    store = openStore(home.dir);
    // Something already in the store, so "changes nothing" is a real claim.
    await importPath(store, copyPrices(path.join(home.dir, 'seed'), ['KO', 'PEP']), importOptions());
  });

  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it.each(cases)('$name', async ({ make, code, message }) => {
    const input = make(path.join(home.dir));
    const before = databaseDigest(store.db);
    const memoryBefore = process.memoryUsage().rss;
    const failure = await rejectionOf(importPath(store, input, importOptions({ policy: 'strict' })));
    expect(failure.code).toBe(code);
    expect(failure.message).toMatch(message);
    expect(failure.message).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(databaseDigest(store.db)).toBe(before);
    // Bounded memory: nothing here may have been read whole (the 2 GiB case above all).
    expect(process.memoryUsage().rss - memoryBefore).toBeLessThan(256 * 1024 ** 2);
  });
});
