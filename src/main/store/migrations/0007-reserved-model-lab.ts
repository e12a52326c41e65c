import type { Migration } from './migration';

/**
 * PLACEHOLDER, to be replaced at merge: version 7 belongs to the model-lab branch
 * (0007-model-registry.ts), which this branch may not merge. Versions must be contiguous
 * (migrate.ts), so the research migration 0008 needs a 7 in front of it to run here.
 * When model-lab's 0007 is merged, delete this file and list model-lab's migration in its place.
 * It does nothing, so a database that ran it holds no trace of it besides user_version.
 */
export const reservedModelLab: Migration = {
  version: 7,
  name: 'reserved-model-lab',
  up() {},
};
