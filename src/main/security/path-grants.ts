import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../shared/ipc/errors';

/** What the renderer receives for a file or folder the user picked: an opaque id and a label. */
export interface PathGrant {
  readonly id: string;
  /** The base name, for display; the full path never reaches the renderer. */
  readonly name: string;
  readonly kind: 'file' | 'directory';
}

/** Grants kept per session; the oldest are forgotten first. */
const MAX_GRANTS = 100;

/**
 * In Electron the renderer cannot name a path: main's native open dialog turns the user's
 * choice into a grant, and later requests (preview, import) refer to the grant's id. A
 * compromised renderer can therefore only read what the user explicitly picked this session.
 */
export class PathGrants {
  private readonly grants = new Map<string, { readonly path: string; readonly kind: PathGrant['kind'] }>();

  grant(target: string, kind: PathGrant['kind']): PathGrant {
    const id = randomBytes(16).toString('base64url');
    this.grants.set(id, { path: path.resolve(target), kind });
    while (this.grants.size > MAX_GRANTS) {
      const oldest = this.grants.keys().next();
      if (oldest.done === true) break;
      this.grants.delete(oldest.value);
    }
    return { id, name: path.basename(target), kind };
  }

  /** The path behind a grant; NOT_FOUND for an unknown or forgotten id. */
  resolve(id: string): string {
    const granted = this.grants.get(id);
    if (granted === undefined) {
      throw new AppError('NOT_FOUND', 'That file choice has expired; choose the file or folder again.', { grant: id });
    }
    return granted.path;
  }
}
