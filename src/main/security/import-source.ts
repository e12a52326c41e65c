import { AppError } from '../../shared/ipc/errors';
import type { PathAccessPolicy } from './path-access';
import type { PathGrant, PathGrants } from './path-grants';

/** How the renderer names what to import: a grant from the native dialog, or a typed path (browser mode). */
export type ImportSource = { readonly grant: string } | { readonly path: string };

/** Who is asking; the desktop app never accepts a typed path. */
export type RequestTransport = 'electron' | 'browser';

/** Shows the native open dialog (Electron only); null when the user cancels. */
export type ChooseImportSource = () => Promise<{ readonly path: string; readonly kind: PathGrant['kind'] } | null>;

/**
 * The one place a renderer-named file becomes a path main will read. Every data channel that
 * takes a file (preview, import) resolves it here, so the rule cannot be forgotten by one.
 */
export class ImportSourceResolver {
  constructor(
    private readonly grants: PathGrants,
    private readonly policy: PathAccessPolicy,
    private readonly dialog: ChooseImportSource | null,
  ) {}

  async choose(): Promise<PathGrant | null> {
    if (this.dialog === null) {
      throw new AppError('UNAVAILABLE', 'There is no file dialog in browser mode: type the path of the file or folder instead.');
    }
    const chosen = await this.dialog();
    return chosen === null ? null : this.grants.grant(chosen.path, chosen.kind);
  }

  async resolve(source: ImportSource, transport: RequestTransport): Promise<string> {
    if ('grant' in source) return this.grants.resolve(source.grant);
    if (transport === 'electron') {
      throw new AppError('PATH_NOT_ALLOWED', 'In the desktop app, choose the file or folder with "Browse…"; typed paths are not accepted.', {
        path: source.path,
      });
    }
    return this.policy.resolve(source.path);
  }
}
