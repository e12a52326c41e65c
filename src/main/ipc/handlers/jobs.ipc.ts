import type { JobManager } from '../../jobs/job-manager';
import type { Handlers } from '../handler-registry';

export function createJobHandlers(jobs: JobManager): Pick<Handlers, 'jobs:list' | 'jobs:cancel'> {
  return {
    'jobs:list': () => jobs.list(),
    'jobs:cancel': ({ jobId }) => jobs.cancel(jobId),
  };
}
