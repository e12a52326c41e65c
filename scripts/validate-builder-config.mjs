#!/usr/bin/env node
// Validates the electron-builder configuration offline, without building anything:
//   1. electron-builder's own loading and schema validation, the same calls its Packager
//      makes before a build (getConfig, then validateConfiguration against scheme.json);
//   2. its package.json metadata check (checkMetadata);
//   3. ArbDesk's packaging invariants, which the schema cannot express.
//
// Usage: node scripts/validate-builder-config.mjs [config-file] [--package package.json]
// Exits 0 when valid, 1 with every problem listed otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(projectRoot, 'package.json'));

/** The fuses every ArbDesk build must flip, exactly. */
export const REQUIRED_FUSES = Object.freeze({
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
});

/** Native addons: rebuilt for Electron's ABI and unpacked from the asar. */
export const NATIVE_MODULES = Object.freeze(['better-sqlite3', 'keytar']);

// Option names that hold signing credentials; those must come from the environment only.
const SECRET_KEYS = /^(cscLink|cscKeyPassword|certificatePassword|certificateFile|appleIdPassword|appleApiKey|password|token|githubToken)$/i;

function parseArguments(argv) {
  let configPath = path.join(projectRoot, 'electron-builder.yml');
  let packagePath = path.join(projectRoot, 'package.json');
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--package') {
      const value = argv[index + 1];
      if (value === undefined) throw new Error('--package needs a path');
      packagePath = path.resolve(value);
      index += 1;
    } else if (argument.startsWith('-')) {
      throw new Error(`unknown option ${argument}`);
    } else {
      configPath = path.resolve(argument);
    }
  }
  return { configPath, packagePath };
}

function findSecretKeys(value, where, found) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => findSecretKeys(item, `${where}[${index}]`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const here = where === '' ? key : `${where}.${key}`;
      if (SECRET_KEYS.test(key)) found.push(here);
      findSecretKeys(inner, here, found);
    }
  }
  return found;
}

function asList(value) {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** ArbDesk's own rules. Returns a list of problems; empty means the configuration passes. */
export function checkArbdeskInvariants(config, packageJson, configDir) {
  const problems = [];

  const fuses = config.electronFuses ?? {};
  for (const [fuse, expected] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[fuse] !== expected) {
      problems.push(`electronFuses.${fuse} must be ${expected}, found ${JSON.stringify(fuses[fuse])}`);
    }
  }

  if (config.asar !== true) problems.push('asar must be true (asar integrity and onlyLoadAppFromAsar rely on it)');
  const unpack = asList(config.asarUnpack);
  if (!unpack.includes('**/*.node')) problems.push('asarUnpack must contain "**/*.node" so native addons load');
  for (const name of NATIVE_MODULES) {
    if (!unpack.some((pattern) => typeof pattern === 'string' && pattern.startsWith(`node_modules/${name}/`))) {
      problems.push(`asarUnpack must unpack node_modules/${name}/**`);
    }
  }
  if (config.npmRebuild !== true) problems.push("npmRebuild must be true (native modules are rebuilt for Electron's ABI)");

  if (!Object.hasOwn(config, 'publish') || config.publish !== null) {
    problems.push('publish must be null: a build must never upload artifacts by accident');
  }

  const dependencies = packageJson.dependencies ?? {};
  const devDependencies = packageJson.devDependencies ?? {};
  for (const name of NATIVE_MODULES) {
    if (!Object.hasOwn(dependencies, name)) {
      problems.push(`${name} must be in package.json "dependencies" (it ships in the app), not only in devDependencies`);
    }
    if (Object.hasOwn(devDependencies, name)) problems.push(`${name} must not also be in devDependencies`);
  }
  if (Object.hasOwn(dependencies, 'electron')) problems.push('electron belongs in devDependencies, not dependencies');

  if (config.productName !== packageJson.productName) {
    problems.push(
      `productName ${JSON.stringify(config.productName)} must equal package.json productName ` +
        `${JSON.stringify(packageJson.productName)} (the user-data directory is named after it)`,
    );
  }

  if (config.mac?.hardenedRuntime !== true) problems.push('mac.hardenedRuntime must be true');
  for (const key of ['entitlements', 'entitlementsInherit']) {
    const file = config.mac?.[key];
    if (typeof file !== 'string') problems.push(`mac.${key} must name the entitlements plist`);
    else if (!existsSync(path.resolve(configDir, file))) problems.push(`mac.${key} file ${file} does not exist`);
  }
  if (config.nsis?.oneClick !== false) problems.push('nsis.oneClick must be false');
  if (!asList(config.deb?.depends).includes('libsecret-1-0')) {
    problems.push('deb.depends must include libsecret-1-0 (keytar needs the system keyring)');
  }

  for (const where of findSecretKeys(config, '', [])) {
    problems.push(`${where} looks like a signing secret: provide it through the environment, not the file`);
  }
  return problems;
}

/** Sources of extraResources that are missing: a warning, as other build steps produce them. */
function missingExtraResources(config, configDir) {
  return asList(config.extraResources)
    .map((entry) => (typeof entry === 'string' ? entry : entry?.from))
    .filter((from) => typeof from === 'string' && !existsSync(path.resolve(configDir, from)));
}

async function main() {
  const { configPath, packagePath } = parseArguments(process.argv.slice(2));
  if (!existsSync(configPath)) throw new Error(`no configuration file at ${configPath}`);
  const packageJson = JSON.parse(readFileSync(packagePath, 'utf8'));
  const configDir = projectRoot;

  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
  const { checkMetadata } = require('app-builder-lib/out/util/packageMetadata');
  const { DebugLogger } = require('builder-util');
  const { Lazy } = require('lazy-val');
  const builderVersion = require('app-builder-lib/package.json').version;

  const problems = [];
  let config;
  try {
    config = await getConfig(configDir, configPath, null, new Lazy(() => Promise.resolve(packageJson)));
    await validateConfiguration(config, new DebugLogger(false));
  } catch (error) {
    problems.push(`electron-builder ${builderVersion} rejected the configuration:\n${error.message}`);
  }
  try {
    checkMetadata(packageJson, packageJson, packagePath, packagePath);
  } catch (error) {
    problems.push(`electron-builder rejected package.json:\n${error.message}`);
  }
  if (config !== undefined) problems.push(...checkArbdeskInvariants(config, packageJson, configDir));

  const relativeConfig = path.relative(process.cwd(), configPath) || configPath;
  if (problems.length > 0) {
    console.error(`\n${relativeConfig} is NOT valid:\n`);
    for (const problem of problems) console.error(`  - ${problem.replaceAll('\n', '\n    ')}`);
    process.exitCode = 1;
    return;
  }
  for (const missing of missingExtraResources(config, configDir)) {
    console.warn(`warning: extraResources source ${missing} does not exist yet; the build will skip it`);
  }
  console.log(`${relativeConfig} is valid (electron-builder ${builderVersion} schema and ArbDesk packaging invariants).`);
}

main().catch((error) => {
  console.error(`validate-builder-config: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
