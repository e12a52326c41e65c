import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testImportFolders } from './import-folders';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServeProcess {
  readonly child: ChildProcess;
  /** The printed URL, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts the BUILT app the way a user does (`arbdesk serve`) in its own ARBDESK_HOME and
 * waits for the URL line. The e2e tests and the start-up benchmark drive the real thing.
 */
export async function startServeProcess(
  home: string,
  extraEnv: Record<string, string> = {},
  options: { via?: 'serve' | 'npm-start'; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  // `npm start` minus npm itself: scripts/start.mjs tries Electron, then falls back.
  const entry = options.via === 'npm-start' ? [path.join(repoRoot, 'scripts', 'start.mjs')] : [path.join(repoRoot, 'bin', 'arbdesk.mjs'), 'serve'];
  const child = spawn(process.execPath, [...entry, '--no-open', '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, ARBDESK_HOME: home, ARBDESK_DATA_IMPORT_FOLDERS: testImportFolders, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`arbdesk serve printed no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (): void => {
      const match = /running in browser mode at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`arbdesk serve exited with ${code} before printing a URL:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return {
    child,
    url,
    origin: parsed.origin,
    token,
    port: Number(parsed.port),
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
