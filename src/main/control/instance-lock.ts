import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../shared/ipc/errors';
import type { AppPaths } from '../config/paths';
import { sendControlRequest } from './control-client';
import { controlHelloSchema, type ControlHello } from './core/control-protocol';

/**
 * One trading instance per data directory. `instance.lock` (owner-only, created with O_EXCL)
 * names the process holding it, its control endpoint and the channel's token. A second start
 * finds it, pings the holder over the control channel, and if it answers, starts nothing and
 * points the user to it. A lock whose process is gone is a crashed holder: it is taken over,
 * and the take-over is an unclean shutdown (the caller halts; see trading-session.ts).
 */
export const instanceLockSchema = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  startedAt: z.number().int(),
  transport: z.string(),
  endpoint: z.string(),
  token: z.string(),
});
export type InstanceLockInfo = z.infer<typeof instanceLockSchema>;

export interface InstanceLock {
  readonly info: InstanceLockInfo;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export type AcquireResult =
  | { readonly kind: 'acquired'; readonly lock: InstanceLock; readonly takenOver: InstanceLockInfo | null }
  | { readonly kind: 'running'; readonly info: InstanceLockInfo; readonly hello: ControlHello }
  /** timeout: it accepted but did not answer (hung); unreachable: nothing listens (not ArbDesk, e.g. a reused pid). */
  | { readonly kind: 'unresponsive'; readonly info: InstanceLockInfo; readonly why: 'timeout' | 'unreachable'; readonly lockFile: string };

/** True when a process with this pid exists (EPERM: it does, but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readInstanceLock(file: string): InstanceLockInfo | null {
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = instanceLockSchema.safeParse(safeJson(text));
  // A half-written or foreign file is treated as no holder's: the pid check cannot vouch for it.
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: a lock file cut short by a crash mid-write. The caller treats it as stale.
    return null;
  }
}

function tryCreate(file: string, info: InstanceLockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AppError('UNAVAILABLE', `Could not create the instance lock ${file}: ${(error as Error).message}`, { file }, { cause: error });
  }
  try {
    writeSync(fd, `${JSON.stringify(info)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export async function acquireInstanceLock(
  paths: Pick<AppPaths, 'instanceLockFile' | 'controlEndpoint'>,
  options: { readonly transport: string; readonly pingTimeoutMs?: number; readonly now?: () => number },
): Promise<AcquireResult> {
  const file = paths.instanceLockFile;
  const info: InstanceLockInfo = {
    version: 1,
    pid: process.pid,
    startedAt: (options.now ?? Date.now)(),
    transport: options.transport,
    endpoint: paths.controlEndpoint,
    token: randomBytes(24).toString('hex'),
  };
  let takenOver: InstanceLockInfo | null = null;
  // Two rounds at most: the second follows removing a stale lock (or losing that race).
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (tryCreate(file, info)) {
      let released = false;
      return {
        kind: 'acquired',
        takenOver,
        lock: {
          info,
          release() {
            if (released) return;
            released = true;
            if (readInstanceLock(file)?.token === info.token) rmSync(file, { force: true });
          },
        },
      };
    }
    const holder = readInstanceLock(file);
    if (holder !== null && holder.pid !== process.pid && isProcessAlive(holder.pid)) {
      const outcome = await sendControlRequest(holder.endpoint, { op: 'ping', token: holder.token, focus: true }, options.pingTimeoutMs ?? 1000);
      const hello = outcome.kind === 'reply' ? controlHelloSchema.safeParse(outcome.reply) : null;
      if (hello?.success === true) return { kind: 'running', info: holder, hello: hello.data };
      return { kind: 'unresponsive', info: holder, why: outcome.kind === 'timeout' ? 'timeout' : 'unreachable', lockFile: file };
    }
    if (holder !== null && holder.pid === process.pid) {
      throw new AppError('CONFLICT', `This process already runs an ArbDesk instance on ${file}; dispose it before starting another.`, { file });
    }
    // The holder is gone (or the file is unreadable): a crash. Take it over.
    takenOver = holder ?? { version: 1, pid: 0, startedAt: 0, transport: 'unknown', endpoint: paths.controlEndpoint, token: '' };
    rmSync(file, { force: true });
  }
  throw new AppError('CONFLICT', `Could not take the instance lock ${file}: another process keeps recreating it.`, { file });
}

/** The message for a start that found an instance running. */
export function runningInstanceMessage(result: Extract<AcquireResult, { kind: 'running' | 'unresponsive' }>, home: string): string {
  if (result.kind === 'unresponsive') {
    if (result.why === 'timeout') {
      return `ArbDesk (pid ${result.info.pid}) holds ${home} but does not answer on its control channel. If it is hung, stop it (kill ${result.info.pid}) and start again; no second trading engine was started.`;
    }
    return (
      `The instance lock ${result.lockFile} names pid ${result.info.pid}, which is alive, but nothing answers on its control channel. ` +
      `If pid ${result.info.pid} is not ArbDesk (a pid reused after a crash or reboot), delete ${result.lockFile} and start again; no second trading engine was started.`
    );
  }
  const where = result.hello.url !== null ? `at ${result.hello.url}` : `as the desktop app (pid ${result.hello.pid}); its window was brought to the front`;
  return `ArbDesk is already running on ${home} ${where}. No second trading engine was started.`;
}
