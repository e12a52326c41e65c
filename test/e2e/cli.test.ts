import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sp500File } from '../helpers/sp500';
import { makeTempHome } from '../helpers/temp-home';

/** The built `arbdesk` command, run as a user runs it, against a throwaway ARBDESK_HOME. */
const home = makeTempHome('arbdesk-e2e-cli-');
afterAll(() => home.cleanup());

function arbdesk(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/arbdesk.mjs', ...args], {
    env: { ...process.env, ARBDESK_HOME: home.dir, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('arbdesk CLI', () => {
  it('prints help for every command and exits 0', () => {
    for (const args of [['--help'], ['serve', '--help'], ['doctor', '--help'], ['config', '--help'], ['db', '--help'], ['data', 'import', '--help']]) {
      const result = arbdesk(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: arbdesk/);
    }
  });

  it('exits 2 with usage on an unknown command', () => {
    const result = arbdesk(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command/i);
  });

  it('doctor reports every check and exits 0 on a healthy machine', () => {
    const result = arbdesk(['doctor']);
    expect(result.status).toBe(0);
    for (const title of ['Data directory', 'Free disk space', 'Configuration', 'Database', 'OS keychain', 'ML backend']) expect(result.stdout).toContain(title);
  });

  it('imports a folder, lists it, checks and backs up the database, and restores it keeping the replaced one', () => {
    const imported = arbdesk(['data', 'import', sp500File('KO')]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported dataset 1 .*1259 rows accepted, 0 rejected/);
    const again = arbdesk(['data', 'import', sp500File('KO')]);
    expect(again.stdout).toMatch(/No change: identical to dataset 1/);

    expect(arbdesk(['data', 'list']).stdout).toMatch(/KO\.csv v1/);
    expect(arbdesk(['db', 'check']).stdout).toMatch(/: ok \(schema v\d+/);

    const backup = path.join(home.dir, 'manual-backup.sqlite');
    expect(arbdesk(['db', 'backup', backup]).status).toBe(0);
    expect(arbdesk(['db', 'backup', backup]).status).toBe(73); // never overwrites

    expect(arbdesk(['data', 'import', sp500File('PEP')]).status).toBe(0);
    expect(arbdesk(['data', 'list']).stdout).toMatch(/PEP\.csv/);
    const restored = arbdesk(['db', 'restore', backup]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Kept the current database as .*pre-restore-/);
    expect(arbdesk(['data', 'list']).stdout).not.toMatch(/PEP\.csv/);
    expect(readdirSync(path.join(home.dir, 'backups')).some((name) => name.startsWith('pre-restore-'))).toBe(true);
  });

  it('exports bars as CSV', () => {
    const result = arbdesk(['data', 'export', '--symbol', 'KO']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('date,open,high,low,close,volume,symbol');
    expect(lines).toHaveLength(1 + 1259);
  });

  it('imports corporate actions and lists them next to the inferred ones', () => {
    const file = path.join(home.dir, 'actions.csv');
    writeFileSync(file, 'symbol,date,type,ratio,amount\nKO,2014-06-12,dividend,,0.305\nKO,2014-09-11,dividend,,0.305\nKO,2014-10-01,spinoff,,1\n');
    const lenient = arbdesk(['data', 'actions', 'import', file]);
    expect(lenient.status, lenient.stderr).toBe(0);
    expect(lenient.stdout).toMatch(/Imported 2 actions .* 1 of 3 rows rejected/);
    expect(lenient.stdout).toMatch(/bad_value .*actions\.csv:4 type/);
    expect(arbdesk(['data', 'actions', 'list', 'KO']).stdout).toMatch(/2014-06-12\tdividend 0\.305\timported/);
    const strict = arbdesk(['data', 'actions', 'import', file, '--strict']);
    expect(strict.status).toBe(65);
    expect(strict.stderr).toMatch(/actions\.csv line 4/);
  });

  it('maps typed failures to sysexits codes with a one-line message', () => {
    const missing = arbdesk(['data', 'import', path.join(home.dir, 'nothing-here')]);
    expect(missing.status).toBe(66);
    expect(missing.stderr).toMatch(/^arbdesk: .*nothing-here/m);
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const bad = path.join(home.dir, 'BAD.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume,Name\n2016-01-04,10,9,11,10,100,BAD\n');
    const strict = arbdesk(['data', 'import', bad, '--strict']);
    expect(strict.status).toBe(65);
    expect(strict.stderr).toMatch(/BAD\.csv line 2/);
  });

  it('validates configuration, naming the key and the source of each problem (exit 78)', () => {
    writeFileSync(path.join(home.dir, 'config.json'), JSON.stringify({ logging: { level: 'loud' }, server: { host: '0.0.0.0' } }));
    const result = arbdesk(['config', 'validate'], { ARBDESK_SERVER_PORT: 'eighty' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/logging\.level/);
    expect(result.stderr).toMatch(/server\.host/);
    expect(result.stderr).toMatch(/ARBDESK_SERVER_PORT/);
    writeFileSync(path.join(home.dir, 'config.json'), JSON.stringify({ profile: 'paper' }));
    expect(arbdesk(['config', 'validate']).status).toBe(0);
  });
});
