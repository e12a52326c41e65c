import { describe, expect, it } from 'vitest';
import { summarizeVitestReport, summaryLine, type VitestJsonReport } from '../../../scripts/test-report.mjs';

const root = '/repo';
const keychain = `${root}/test/integration/secrets/keychain.test.ts`;

type FileResult = VitestJsonReport['testResults'][number];

function file(name: string, status: string, tests: string[], message = ''): FileResult {
  return { name: `${root}/${name}`, status, message, assertionResults: tests.map((s) => ({ status: s })) };
}

/** A report whose totals are computed from its files, as vitest's are. */
function report(files: FileResult[]): VitestJsonReport {
  const all = files.flatMap((f) => f.assertionResults.map((a) => a.status));
  return {
    numPassedTests: all.filter((s) => s === 'passed').length,
    numFailedTests: all.filter((s) => s === 'failed').length,
    numPendingTests: all.filter((s) => s === 'skipped' || s === 'pending').length,
    numTodoTests: all.filter((s) => s === 'todo').length,
    testResults: files,
  };
}

const keychainRan = { ...file('x', 'passed', ['passed', 'passed']), name: keychain };

describe('the npm test summary', () => {
  it('counts a file that failed to load as a failure, with its error', () => {
    const summary = summarizeVitestReport(
      report([file('test/unit/a.test.ts', 'passed', ['passed', 'skipped']), file('test/unit/broken.test.ts', 'failed', [], 'Error: boom at load\n  at x'), keychainRan]),
      { root, platform: 'linux', filtered: false },
    );
    expect(summary).toEqual({ passed: 3, failed: 1, skipped: 1, problems: ['test/unit/broken.test.ts: Error: boom at load'] });
    expect(summaryLine(summary)).toBe('3 passed, 1 failed, 1 skipped');
  });

  it('counts a file that failed outside its tests once, and a file with failed tests by its tests', () => {
    const summary = summarizeVitestReport(
      report([file('test/unit/hook.test.ts', 'failed', ['passed']), file('test/unit/two.test.ts', 'failed', ['failed', 'failed', 'passed']), keychainRan]),
      { root, platform: 'linux', filtered: false },
    );
    expect(summary.failed).toBe(3);
    expect(summary.problems).toEqual(['test/unit/hook.test.ts: failed outside its tests (a hook or the file itself)']);
  });

  it('fails a Linux run whose keychain suite skipped a test or did not run', () => {
    const skipped = summarizeVitestReport(report([{ ...file('x', 'passed', ['skipped', 'skipped']), name: keychain }]), { root, platform: 'linux', filtered: false });
    expect(skipped.failed).toBe(1);
    expect(skipped.problems).toEqual([
      'test/integration/secrets/keychain.test.ts was skipped (2 of 2 tests; npm test starts a throwaway gnome-keyring for it on Linux)',
    ]);
    const absent = summarizeVitestReport(report([file('test/unit/a.test.ts', 'passed', ['passed'])]), { root, platform: 'linux', filtered: false });
    expect(absent.failed).toBe(1);
    expect(absent.problems[0]).toMatch(/^test\/integration\/secrets\/keychain\.test\.ts did not run/);
  });

  it('lets a run narrowed to other files leave the keychain suite out, and other platforms skip it', () => {
    const narrowed = summarizeVitestReport(report([file('test/unit/a.test.ts', 'passed', ['passed'])]), { root, platform: 'linux', filtered: true });
    expect(narrowed).toEqual({ passed: 1, failed: 0, skipped: 0, problems: [] });
    const mac = summarizeVitestReport(report([{ ...file('x', 'passed', ['skipped']), name: keychain }]), { root, platform: 'darwin', filtered: false });
    expect(mac).toEqual({ passed: 0, failed: 0, skipped: 1, problems: [] });
  });
});
