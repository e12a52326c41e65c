// Types for test-report.mjs (plain Node, used by scripts/test.mjs).

/** The parts of vitest's JSON report that the summary reads. */
export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ status: string; fullName?: string }>;
  }>;
}

export interface RequiredSuite {
  readonly file: string;
  readonly why: string;
}

export declare const requiredSuites: Readonly<Record<string, readonly RequiredSuite[]>>;

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export declare function summarizeVitestReport(
  report: VitestJsonReport,
  options: { root: string; platform: string; filtered: boolean },
): TestCounts & { problems: string[] };

export declare function summaryLine(counts: TestCounts): string;
