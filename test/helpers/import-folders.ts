import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Tests import from temporary folders and from the repository's fixtures, neither of which
 * lies under the user's home: allow both for renderer-named paths, as a user would with
 * `data.importFolders` (browser mode refuses everything else; see security/path-access.ts).
 */
export const testImportFolders: string = [tmpdir(), repoRoot].join(path.delimiter);
