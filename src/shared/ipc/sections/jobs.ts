import { z } from 'zod';
import { defineRequest } from '../define';
import { jobProgressSchema, jobRefSchema } from '../../domain/jobs';

export const jobRequests = {
  'jobs:list': defineRequest({
    doc: 'Jobs that are running or finished recently, newest first.',
    request: z.object({}).strict(),
    response: z.array(jobProgressSchema),
  }),
  'jobs:cancel': defineRequest({
    doc: 'Asks a running job to stop; it reports state "cancelled" once it has.',
    request: jobRefSchema.strict(),
    response: jobProgressSchema,
  }),
} as const;
