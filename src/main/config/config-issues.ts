import { AppError } from '../../shared/ipc/errors';

/** One problem with the configuration, where it came from, and never the offending value. */
export interface ConfigIssue {
  /** Dotted key path, e.g. `server.port`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
  /** The config file path, an `ARBDESK_*` variable name, or `defaults`. */
  readonly source: string;
}

/** `<key.path>: <reason> (from <source>)`, the one line each issue gets in messages. */
export function describeConfigIssue(issue: ConfigIssue): string {
  const subject = issue.path === '' ? '' : `${issue.path}: `;
  return `${subject}${issue.message} (from ${issue.source})`;
}

/** The single error every configuration failure becomes. */
export function configInvalidError(issues: readonly ConfigIssue[], options?: { cause?: unknown }): AppError {
  const lines = issues.map((issue) => `  - ${describeConfigIssue(issue)}`);
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new AppError(
    'CONFIG_INVALID',
    `The configuration has ${issues.length} ${noun}:\n${lines.join('\n')}`,
    { issues: issues.map((issue) => ({ path: issue.path, message: issue.message, source: issue.source })) },
    options,
  );
}

/** Levenshtein distance, small and bounded: used only to suggest a key for a typo. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(unknown.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(unknown.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
