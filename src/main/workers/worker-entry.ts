import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/ipc/errors';

/**
 * Where a worker entry lives: next to this module as TypeScript in development and tests
 * (run through tsx), or as a bundled .mjs under dist/main/workers in a build (this module is
 * then part of dist/main/*.mjs, one level up).
 */
export function resolveWorkerEntry(name: string): { url: URL; fromSource: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL(`./${name}.worker.ts`, here), fromSource: true };
  return { url: new URL(`./workers/${name}.worker.mjs`, here), fromSource: false };
}

const checked = new Map<string, string>();

/** The entry file of a worker, checked once, so a wrong name is a clear error rather than a thread crash. */
export function workerEntryFile(name: string): string {
  const cached = checked.get(name);
  if (cached !== undefined) return cached;
  const file = fileURLToPath(resolveWorkerEntry(name).url);
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `No worker named "${name}": ${file} does not exist.`, { worker: name, file });
  checked.set(name, file);
  return file;
}

/**
 * Node 20 applies neither `--import` loaders nor execArgv hooks to a worker thread's modules,
 * so in source mode each thread first loads this bootstrap (plain .mjs), which registers tsx
 * in that thread; task entries are then imported as TypeScript. A build needs no bootstrap.
 */
export function threadBootstrapFile(): string | null {
  if (!import.meta.url.endsWith('.ts')) return null;
  return fileURLToPath(new URL('./tsx-bootstrap.mjs', import.meta.url));
}
