import { z } from 'zod';
import { brokerStatusSchema } from '../../domain/broker';
import { defineEvent, defineRequest } from '../define';

export const brokerRequests = {
  'broker:status': defineRequest({
    doc: 'Which broker is wired and the state of its connection.',
    request: z.object({}).strict(),
    response: brokerStatusSchema,
  }),
} as const;

export const brokerEvents = {
  'broker:status': defineEvent({ doc: 'The broker connection changed.', payload: brokerStatusSchema }),
} as const;
