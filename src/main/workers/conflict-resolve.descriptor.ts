import type { ResolveResult } from '../data/conflicts/resolve-conflicts';
import type { ResolveTaskInput } from '../data/conflicts/resolve-task';
import { defineWorker } from './worker-descriptor';

export const conflictResolveWorker = defineWorker<ResolveTaskInput, ResolveResult>({
  name: 'conflict-resolve',
  doc: 'Applies a user’s keep/take decision on held bars as a new dataset version, on its own write connection.',
});
