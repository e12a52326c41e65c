import path from 'node:path';
import { assertNever } from '../../shared/ipc/errors';
import type { ConfigIssue } from './config-issues';
import { suggestKey } from './config-issues';
import { type ConfigLeaf, envPrefix } from './config-shape';
import { keychainAdvice, looksLikeSecretKey } from './secret-keys';

/**
 * ARBDESK_* variables that are not configuration keys. They are read elsewhere and must not be
 * reported as unknown keys; a new one must be added here, or every start-up with it set fails.
 */
export const nonConfigEnvVars: ReadonlySet<string> = new Set([
  'ARBDESK_HOME', // config/paths.ts: the whole data directory
  'ARBDESK_DEV_SERVER_URL', // electron/app-lifecycle.ts: the renderer dev server in development
  'ARBDESK_BROWSER_MODE', // scripts/start.mjs
  'ARBDESK_CHROMIUM', // test/helpers/chromium.ts
  'ARBDESK_TEST_SESSION', // scripts/test.mjs: already inside the private D-Bus session
  'ARBDESK_REQUIRE_KEYCHAIN', // keychain integration test: fail instead of skip
]);

/** One configuration key set from the environment. */
export interface EnvOverride {
  readonly path: readonly string[];
  readonly envName: string;
  readonly value: string | number | boolean | readonly string[];
}

type EnvLike = Readonly<Record<string, string | undefined>>;

const numberPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const booleanWords: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

/**
 * Reads `ARBDESK_<SECTION>_<KEY>` variables and coerces each to its key's type. Unknown names
 * are errors so a misspelt override cannot be silently ignored. Values are never echoed in
 * issues: a variable that names no key may well hold a credential. Empty values count as unset.
 */
export function readEnvOverrides(
  env: EnvLike,
  leaves: readonly ConfigLeaf[],
): { overrides: EnvOverride[]; issues: ConfigIssue[] } {
  const byName = new Map(leaves.map((leaf) => [leaf.envName, leaf]));
  const overrides: EnvOverride[] = [];
  const issues: ConfigIssue[] = [];
  const names = Object.keys(env)
    .filter((name) => name.startsWith(envPrefix) && !nonConfigEnvVars.has(name))
    .sort();
  for (const envName of names) {
    const raw = env[envName];
    if (raw === undefined || raw === '') continue;
    const leaf = byName.get(envName);
    if (leaf === undefined) {
      issues.push({ path: '', message: unknownVariableMessage(envName, leaves), source: envName });
      continue;
    }
    const key = leaf.path.join('.');
    const coerced = coerce(raw, leaf);
    if (isProblem(coerced)) {
      issues.push({ path: key, message: coerced.problem, source: envName });
      continue;
    }
    overrides.push({ path: leaf.path, envName, value: coerced });
  }
  return { overrides, issues };
}

function isProblem(value: ReturnType<typeof coerce>): value is { problem: string } {
  return typeof value === 'object' && 'problem' in value;
}

function coerce(raw: string, leaf: ConfigLeaf): string | number | boolean | readonly string[] | { problem: string } {
  const value = raw.trim();
  switch (leaf.kind) {
    case 'number':
      return numberPattern.test(value) ? Number(value) : { problem: 'expected a number' };
    case 'boolean': {
      const parsed = booleanWords[value.toLowerCase()];
      return parsed ?? { problem: 'expected a boolean (true, false, 1, 0, yes or no)' };
    }
    case 'string':
    case 'enum':
      return value;
    case 'string-list':
      // Separated like PATH (':' on POSIX, ';' on Windows), since the lists hold folders.
      return value.split(path.delimiter).map((item) => item.trim()).filter((item) => item !== '');
    case 'unsupported':
      return { problem: 'cannot be set from the environment; set it in config.json' };
    default:
      return assertNever(leaf.kind, 'config leaf kind');
  }
}

function unknownVariableMessage(envName: string, leaves: readonly ConfigLeaf[]): string {
  const base = `${envName} names no configuration key`;
  const keyPart = envName.slice(envPrefix.length);
  if (looksLikeSecretKey(keyPart.replace(/_/g, ''))) return `${base}; ${keychainAdvice}`;
  const suggestion = suggestKey(
    envName,
    leaves.map((leaf) => leaf.envName),
  );
  return suggestion === undefined ? base : `${base}; did you mean ${suggestion}?`;
}

/**
 * Writes overrides into a copy of the file's object. Where the file holds a non-object in the
 * way (e.g. `"server": 5`), the override is not applied so the schema reports the file's error
 * instead of the override hiding it.
 */
export function applyOverrides(base: Record<string, unknown>, overrides: readonly EnvOverride[]): Record<string, unknown> {
  const result = structuredClone(base);
  for (const override of overrides) {
    let node: Record<string, unknown> = result;
    const parents = override.path.slice(0, -1);
    const last = override.path.at(-1);
    if (last === undefined) continue;
    let reachable = true;
    for (const key of parents) {
      const child = node[key];
      if (child === undefined) {
        const created: Record<string, unknown> = {};
        node[key] = created;
        node = created;
      } else if (isPlainObject(child)) {
        node = child;
      } else {
        reachable = false;
        break;
      }
    }
    if (reachable) node[last] = override.value;
  }
  return result;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
