import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runCli = fileURLToPath(new URL('../../fixtures/control/run-cli.ts', import.meta.url));
const runAppCore = fileURLToPath(new URL('../../fixtures/trading/run-app-core.ts', import.meta.url));
const runDeskCore = fileURLToPath(new URL('../../fixtures/desk/run-desk-core.ts', import.meta.url));
const hungInstance = fileURLToPath(new URL('../../fixtures/control/hung-instance.ts', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const quietEnv = { ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false', ARBDESK_LOGGING_LEVEL: 'warn' };

/** Runs `arbdesk <args>` from source on `home`, stdin not a terminal. */
export function arbdesk(home: string, args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', runCli, ...args], {
    env: { ...process.env, ARBDESK_HOME: home, ...quietEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}

export interface RunningChild {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves once a line equal to (or starting with) `prefix` was printed. */
  line(prefix: string): Promise<string>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(args: string[], home: string, env: Readonly<Record<string, string>> = {}): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ARBDESK_HOME: home, ...quietEnv, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const waiters: Array<() => void> = [];
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    child,
    exit,
    output: () => out,
    line: (prefix) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = out.split('\n').find((text) => text.startsWith(prefix));
          if (found !== undefined) resolve(found);
          else waiters.push(check);
        };
        void exit.then(({ code, signal }) => reject(new Error(`child exited (${String(code)}, ${String(signal)}) before "${prefix}":\n${out}`)));
        check();
      }),
  };
}

/** The real app core in a child process (test/fixtures/trading/run-app-core.ts). */
/** The real app core; `env` adds config overrides (e.g. ARBDESK_PROFILE). */
export function startAppCoreChild(home: string, env: Readonly<Record<string, string>> = {}): RunningChild {
  return startChild([runAppCore, home], home, env);
}

/** The real app core trading through a scripted broker (test/fixtures/desk/run-desk-core.ts). */
export function startDeskCoreChild(home: string): RunningChild {
  return startChild([runDeskCore, home], home);
}

export function startHungInstance(home: string): RunningChild {
  return startChild([hungInstance, home], home);
}

/** `arbdesk serve` from source on `home` (no browser), printing its URL. */
export function startServeChild(home: string): RunningChild {
  return startChild([runCli, 'serve', '--no-open', '--port', '0'], home);
}
