import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type AppConfig, appConfigSchema } from '../../shared/domain/config';
import { type ConfigIssue, configInvalidError, suggestKey } from './config-issues';
import { collectConfigLeaves, knownKeysAt } from './config-shape';
import { type EnvOverride, applyOverrides, isPlainObject, readEnvOverrides } from './env-overrides';
import { locateJsonSyntaxError } from './json-location';
import type { AppPaths } from './paths';
import { findSecretKeyPaths, keychainAdvice } from './secret-keys';

/** The effective configuration and how it came about. */
export interface LoadedConfig {
  readonly config: AppConfig;
  /** The config file that was (or would be) read. */
  readonly path: string;
  /** Names of the ARBDESK_* variables that overrode a key, sorted. */
  readonly overrides: string[];
}

export interface LoadConfigOptions {
  readonly paths: Pick<AppPaths, 'configFile'>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const configLeaves = collectConfigLeaves(appConfigSchema);

/**
 * Reads config.json (a missing file means defaults), applies ARBDESK_* overrides and validates.
 * Every problem found is reported at once as CONFIG_INVALID, each with its key path and where
 * it came from. Secret-looking keys are refused without their values ever being looked at.
 */
export function loadConfig({ paths, env = process.env }: LoadConfigOptions): LoadedConfig {
  const file = paths.configFile;
  const fromFile = readConfigFile(file);
  const issues: ConfigIssue[] = [];
  let fileObject: Record<string, unknown> = {};

  if (fromFile.kind === 'parsed') {
    if (!isPlainObject(fromFile.value)) {
      issues.push({ path: '', message: 'the file must contain a JSON object', source: file });
    } else {
      const secretPaths = findSecretKeyPaths(fromFile.value);
      for (const secretPath of secretPaths) issues.push({ path: secretPath.join('.'), message: `looks like a secret; ${keychainAdvice}`, source: file });
      // The schema must not see these keys: it would report them again, and its issues may carry input.
      fileObject = withoutPaths(fromFile.value, secretPaths);
    }
  }

  const { overrides, issues: envIssues } = readEnvOverrides(env, configLeaves);
  issues.push(...envIssues);

  const merged = applyOverrides(fileObject, overrides);
  const parsed = appConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const fileSource = fromFile.kind === 'missing' ? 'defaults' : file;
    issues.push(...parsed.error.issues.flatMap((issue) => describeSchemaIssue(issue, overrides, fileSource)));
  }
  if (issues.length > 0 || !parsed.success) throw configInvalidError(issues);

  return { config: parsed.data, path: file, overrides: overrides.map((override) => override.envName) };
}

type FileRead = { kind: 'missing' } | { kind: 'parsed'; value: unknown };

function readConfigFile(file: string): FileRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    throw configInvalidError([{ path: '', message: `cannot read the file (${code ?? 'unknown error'})`, source: file }], { cause: error });
  }
  try {
    return { kind: 'parsed', value: JSON.parse(text) };
  } catch {
    // The SyntaxError is deliberately not kept as the cause: V8 quotes the input in its message.
    const problem = locateJsonSyntaxError(text);
    const where = problem === undefined ? 'is not valid JSON' : `is not valid JSON at line ${problem.line}, column ${problem.column}: ${problem.reason}`;
    throw configInvalidError([{ path: '', message: `${file} ${where}`, source: file }]);
  }
}

function describeSchemaIssue(issue: z.core.$ZodIssue, overrides: readonly EnvOverride[], fileSource: string): ConfigIssue[] {
  const trail = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(appConfigSchema, trail);
    return issue.keys.map((key) => {
      const suggestion = suggestKey(key, known);
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
      return { path: [...trail, key].join('.'), message: `unknown key${hint}`, source: fileSource };
    });
  }
  const key = trail.join('.');
  const override = overrides.find((candidate) => candidate.path.join('.') === key);
  return [{ path: key, message: issue.message, source: override?.envName ?? fileSource }];
}

/** A deep copy of `value` without the given key paths. */
function withoutPaths(value: Record<string, unknown>, paths: readonly (readonly string[])[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const entry of paths) {
    const trail = entry.slice(0, -1);
    const last = entry.at(-1);
    let node: unknown = copy;
    for (const key of trail) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (last !== undefined && node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[last];
  }
  return copy;
}
