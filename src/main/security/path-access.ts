import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/ipc/errors';

/**
 * Which files the renderer may ask main to read. The renderer is untrusted: a script that
 * got into it must not be able to read ~/.ssh/id_rsa through `data:preview`. In Electron the
 * renderer never names a path at all (paths come from the native open dialog as grants, see
 * path-grants.ts); in browser mode a typed path is accepted only under one of the allowed
 * roots (the user's home, the ArbDesk data folder, configured import folders) and never
 * inside a hidden folder or file below that root (.ssh, .aws, .gnupg, .env …).
 *
 * The check runs twice: first on the path as typed, before the file system is touched (so
 * a refused path is no existence oracle), then on its real path, so a symbolic link inside
 * an allowed folder cannot point outside it.
 */

export interface PathAccessOptions {
  /** Absolute folders under which reading is allowed. */
  readonly roots: readonly string[];
}

export class PathAccessPolicy {
  private readonly roots: readonly string[];
  private realRoots: Promise<readonly string[]> | null = null;

  constructor(options: PathAccessOptions) {
    this.roots = options.roots.map((root) => path.resolve(root));
  }

  /** The real path of `requested` if the renderer may read it; PATH_NOT_ALLOWED or NOT_FOUND otherwise. */
  async resolve(requested: string): Promise<string> {
    const typed = expandHome(requested.trim());
    if (!path.isAbsolute(typed)) {
      throw new AppError('PATH_NOT_ALLOWED', `Give an absolute path (or one starting with ~/), not "${requested}".`, { path: requested });
    }
    const lexical = path.resolve(typed);
    if (!isAllowedUnder(lexical, this.roots)) throw notAllowed(lexical, this.roots);
    let real: string;
    try {
      real = await realpath(lexical);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('NOT_FOUND', `No such file or folder: ${lexical}`, { path: lexical });
      throw new AppError('UNAVAILABLE', `Cannot read ${lexical}: ${code ?? 'unknown error'}.`, { path: lexical, code: code ?? null });
    }
    if (!isAllowedUnder(real, await this.resolvedRoots())) throw notAllowed(real, this.roots);
    return real;
  }

  private resolvedRoots(): Promise<readonly string[]> {
    // Roots are resolved once: a missing configured folder simply allows nothing.
    this.realRoots ??= Promise.all(this.roots.map((root) => realpath(root).catch(() => root)));
    return this.realRoots;
  }
}

/** True when `target` is `root` itself or lies under it with no hidden segment in between. */
export function isAllowedUnder(target: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const relative = path.relative(root, target);
    if (relative === '') return true;
    if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return relative.split(path.sep).every((segment) => !segment.startsWith('.'));
  });
}

function expandHome(typed: string): string {
  if (typed === '~') return os.homedir();
  if (typed.startsWith('~/')) return path.join(os.homedir(), typed.slice(2));
  return typed;
}

function notAllowed(target: string, roots: readonly string[]): AppError {
  return new AppError(
    'PATH_NOT_ALLOWED',
    `ArbDesk reads import files only under your home folder, the ArbDesk data folder or a configured import folder ` +
      `(data.importFolders), and never inside hidden folders such as .ssh; ${target} is not one of those.`,
    { path: target, roots: [...roots] },
  );
}
