import type { Store } from '../../store/db';
import { resolveConflicts, type ResolveRequest, type ResolveResult } from './resolve-conflicts';

/** A resolution as plain data: it runs on a worker's own connection, like an import. */
export interface ResolveTaskInput {
  readonly dbPath: string;
  readonly busyTimeoutMs: number;
  readonly request: ResolveRequest;
  /** Epoch ms for the new version's `imported_at` and the hold's `resolved_at`, taken by main. */
  readonly at: number;
}

/**
 * The body of the conflict-resolve worker, and what the CLI runs in-process. Taking a held
 * series rewrites up to a few thousand bars and their revisions (~0.1 s measured on the
 * loaded 2-core machine for 1,259 bars), longer than main may hold the research store's
 * write lock, so in the app it runs off the main thread.
 */
export function runResolveTask(store: Pick<Store, 'db'>, input: ResolveTaskInput): ResolveResult {
  return resolveConflicts(store.db, input.request, input.at);
}
