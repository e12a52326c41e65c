import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempHome } from '../../helpers/temp-home';

const script = path.resolve('scripts/validate-builder-config.mjs');
const config = readFileSync(path.resolve('electron-builder.yml'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as Record<string, unknown>;

const temp = makeTempHome('arbdesk-builder-');
afterAll(() => temp.cleanup());
let copies = 0;

interface Outcome {
  readonly status: number;
  readonly output: string;
}

/** Runs the validator in its own Node process, as `npm run` or CI would. */
function validate(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { encoding: 'utf8', cwd: path.resolve('.') }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ status, output: `${stdout}\n${stderr}` });
    });
  });
}

function writeCopy(name: string, text: string): string {
  copies += 1;
  const file = path.join(temp.dir, `${copies}-${name}`);
  writeFileSync(file, text);
  return file;
}

/** Validates a copy of electron-builder.yml changed by `edit`. */
function validateEdited(edit: (text: string) => string): Promise<Outcome> {
  const edited = edit(config);
  expect(edited).not.toBe(config); // the edit must have matched something
  return validate(writeCopy('electron-builder.yml', edited));
}

// Each case loads app-builder-lib in a fresh process (about a second), so they run side by side.
describe.concurrent('electron-builder configuration', { timeout: 30_000 }, () => {
  it('passes electron-builder’s own schema validation and the ArbDesk invariants', async () => {
    const { status, output } = await validate();
    expect(output).toContain('is valid');
    expect(status).toBe(0);
  });

  it('is rejected by electron-builder’s schema for an unknown top-level key', async () => {
    const { status, output } = await validateEdited((text) => `${text}\nfrobnicate: true\n`);
    expect(status).toBe(1);
    expect(output).toContain("unknown property 'frobnicate'");
  });

  it('is rejected when a fuse is left open', async () => {
    const { status, output } = await validateEdited((text) => text.replace('runAsNode: false', 'runAsNode: true'));
    expect(status).toBe(1);
    expect(output).toContain('electronFuses.runAsNode must be false');
  });

  it('is rejected without publish: null', async () => {
    const { status, output } = await validateEdited((text) => text.replace(/^publish: null$/m, ''));
    expect(status).toBe(1);
    expect(output).toContain('publish must be null');
  });

  it('is rejected when native addons would stay inside the asar', async () => {
    const { status, output } = await validateEdited((text) => text.replace('  - "**/*.node"\n', ''));
    expect(status).toBe(1);
    expect(output).toContain('asarUnpack must contain "**/*.node"');
  });

  it('is rejected when a signing secret is written into the file', async () => {
    const { status, output } = await validateEdited((text) => text.replace('  notarize: true', '  notarize: true\n  cscKeyPassword: hunter2'));
    expect(status).toBe(1);
    expect(output).toContain('mac.cscKeyPassword looks like a signing secret');
  });

  it('is rejected when a native module is only a devDependency', async () => {
    const dependencies = { ...(packageJson['dependencies'] as Record<string, string>) };
    const version = dependencies['keytar'];
    delete dependencies['keytar'];
    const edited = {
      ...packageJson,
      dependencies,
      devDependencies: { ...(packageJson['devDependencies'] as Record<string, string>), keytar: version },
    };
    const file = writeCopy('package.json', JSON.stringify(edited));
    const { status, output } = await validate('--package', file);
    expect(status).toBe(1);
    expect(output).toContain('keytar must be in package.json "dependencies"');
  });
});
