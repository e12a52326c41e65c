import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/errors';
import type { ImportIssue } from '../core/pipeline-types';
import { fileIssueKind } from './file-issues';

/** What one import reads: the price files in order, plus an optional constituents list. */
export interface ImportInputs {
  readonly kind: 'file' | 'directory';
  /** Absolute path of the file or directory given. */
  readonly root: string;
  /** Absolute paths of the price files, sorted by name. */
  readonly files: readonly string[];
  /** Entries of a directory that are not imported (info issues). */
  readonly skipped: readonly ImportIssue[];
  readonly constituentsFile: string | null;
}

export const constituentsFileName = 'constituents.csv';

/**
 * Resolves the path given to an import. A directory is listed by listImportFolder (the rule
 * the preview shares).
 *
 * The constituents list is `constituents` when given (null: none), otherwise a
 * `constituents.csv` beside the prices or one level up (the shared dataset's `prices/` layout).
 *
 * Throws AppError NOT_FOUND naming the path when it does not exist.
 */
export async function resolveImportInputs(input: string, constituents?: string | null): Promise<ImportInputs> {
  const root = path.resolve(input);
  let info;
  try {
    info = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AppError('NOT_FOUND', `Nothing to import: ${root} does not exist.`, { path: root }, { cause: error });
    }
    throw new AppError('UNAVAILABLE', `Cannot read ${root}: ${code ?? String(error)}.`, { path: root, errno: code ?? null }, { cause: error });
  }

  if (!info.isDirectory()) {
    return {
      kind: 'file',
      root,
      files: [root],
      skipped: [],
      constituentsFile: constituents === undefined ? await findConstituents(path.dirname(root), root) : resolveOptional(constituents),
    };
  }

  const listing = await listImportFolder(root);
  const parentList = path.join(path.dirname(root), constituentsFileName);
  const constituentsFile =
    constituents !== undefined ? resolveOptional(constituents) : (listing.constituentsFile ?? ((await exists(parentList)) ? parentList : null));
  return { kind: 'directory', root, files: listing.files.map((f) => f.path), skipped: listing.skipped, constituentsFile };
}

/** One entry of an import folder that will be read as prices. */
export interface PriceFileEntry {
  readonly path: string;
  readonly name: string;
}

export interface FolderListing {
  /** `*.csv` entries other than the constituents list, sorted by name. */
  readonly files: readonly PriceFileEntry[];
  /** Entries that are not imported, as info issues. */
  readonly skipped: readonly ImportIssue[];
  /** A `constituents.csv` in the folder: names and sectors, never a price file. */
  readonly constituentsFile: string | null;
}

/**
 * The one rule for what a folder import reads, used by the import and by the preview alike:
 * non-recursive, `*.csv` entries (case-insensitive) are price files, except
 * `constituents.csv`, which is the names-and-sectors list; anything else is skipped with an
 * info issue. A `*.csv` entry that turns out to be unreadable (a directory, a dangling link)
 * is still listed, so the parse step reports it under the import policy like any other
 * unreadable file.
 */
export async function listImportFolder(root: string): Promise<FolderListing> {
  const entries = await readdir(root, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: PriceFileEntry[] = [];
  const skipped: ImportIssue[] = [];
  let constituentsFile: string | null = null;
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.name.toLowerCase() === constituentsFileName) {
      constituentsFile = full;
      continue;
    }
    if (entry.name.toLowerCase().endsWith('.csv')) {
      files.push({ path: full, name: entry.name });
      continue;
    }
    const what = entry.isDirectory() ? 'a subdirectory (imports are not recursive)' : 'not a .csv file';
    skipped.push({
      kind: fileIssueKind.skipped,
      severity: 'info',
      symbol: null,
      day: null,
      detail: `Skipped ${entry.name}: ${what}.`,
      file: full,
      line: null,
      field: null,
    });
  }
  return { files, skipped, constituentsFile };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    // The constituents list is optional: a missing or unreadable candidate is simply not used
    // (as existsSync did); anything else is a real failure.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM') return false;
    throw error;
  }
}

function resolveOptional(file: string | null): string | null {
  return file === null ? null : path.resolve(file);
}

async function findConstituents(dir: string, exclude: string | null): Promise<string | null> {
  for (const candidate of [path.join(dir, constituentsFileName), path.join(path.dirname(dir), constituentsFileName)]) {
    if (candidate !== exclude && (await exists(candidate))) return candidate;
  }
  return null;
}
