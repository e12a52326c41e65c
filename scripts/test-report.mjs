// Reads vitest's JSON report for scripts/test.mjs: the counts of the closing
// `N passed, N failed, N skipped` line, and the problems that fail a run beyond failed tests.
// Pure (no I/O) so test/unit/scripts/test-report.test.ts can check it on crafted reports.

/**
 * Suites that must run on a platform: present in the report, passed, with no skipped test.
 * The keychain suite skips itself when no Secret Service answers; on Linux `npm test` starts one,
 * so a skip there means the run did not test what it claims to.
 */
export const requiredSuites = {
  linux: [{ file: 'test/integration/secrets/keychain.test.ts', why: 'npm test starts a throwaway gnome-keyring for it on Linux' }],
};

const skippedStates = new Set(['skipped', 'pending', 'todo', 'disabled']);

const relative = (root, name) => (name.startsWith(`${root}/`) ? name.slice(root.length + 1) : name);

function requiredSuiteProblems(report, root, required, filtered) {
  const problems = [];
  for (const suite of required) {
    const result = report.testResults.find((entry) => relative(root, entry.name) === suite.file);
    if (result === undefined) {
      // A run narrowed to some files on purpose need not include it; a full run must.
      if (!filtered) problems.push(`${suite.file} did not run (${suite.why})`);
      continue;
    }
    const skipped = result.assertionResults.filter((assertion) => skippedStates.has(assertion.status)).length;
    if (result.assertionResults.length === 0 || skipped > 0) {
      problems.push(`${suite.file} was skipped (${skipped} of ${result.assertionResults.length} tests; ${suite.why})`);
    }
  }
  return problems;
}

/**
 * Counts from a vitest JSON report. `failed` is the failed tests plus every test file that failed
 * without a failed test (it did not load, or a hook outside the tests threw), so a file that never
 * ran its tests cannot hide behind "0 failed". `problems` lists each such file and each required
 * suite that did not run in full.
 */
export function summarizeVitestReport(report, { root, platform, filtered }) {
  const failedFiles = report.testResults.filter(
    (entry) => entry.status === 'failed' && !entry.assertionResults.some((assertion) => assertion.status === 'failed'),
  );
  const problems = failedFiles.map((entry) => {
    const message = (entry.message ?? '').trim().split('\n')[0] || 'failed outside its tests (a hook or the file itself)';
    return `${relative(root, entry.name)}: ${message}`;
  });
  const suiteProblems = requiredSuiteProblems(report, root, requiredSuites[platform] ?? [], filtered);
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + failedFiles.length + suiteProblems.length,
    skipped: report.numPendingTests + report.numTodoTests,
    problems: [...problems, ...suiteProblems],
  };
}

/** The closing line, exactly `N passed, N failed, N skipped`, which CI reads. */
export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
