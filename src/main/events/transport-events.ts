import type { Logger } from 'pino';
import type { z } from 'zod';
import { events } from '../../shared/ipc/contract';
import type { EventEnvelope } from '../../shared/ipc/envelope';
import type { PublishedEvent } from './event-bus';

/**
 * The transport edge of the event bus: the one place an event payload is checked against the
 * contract before it leaves main (Electron IPC or the browser WebSocket). A payload outside
 * its schema is a bug in main; it is logged with the schema's complaints and not sent, so the
 * renderer never receives garbage and the publisher is never interrupted.
 */
export function toEventEnvelope(published: PublishedEvent, logger: Logger): EventEnvelope | null {
  const schema: z.ZodType = events[published.event].payload;
  const parsed = schema.safeParse(published.payload);
  if (!parsed.success) {
    logger.error(
      { event: published.event, issues: parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) },
      'refused to send an event whose payload is outside the contract',
    );
    return null;
  }
  return { type: 'event', event: published.event, payload: parsed.data };
}
