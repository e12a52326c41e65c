import type { LogEntry } from '../../../shared/domain/logs';

/** Case-insensitive match on message, module and correlation id. */
export function filterByText(entries: readonly LogEntry[], text: string): readonly LogEntry[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return entries;
  return entries.filter(
    (entry) =>
      entry.msg.toLowerCase().includes(needle) ||
      entry.module.toLowerCase().includes(needle) ||
      (entry.correlationId?.toLowerCase().includes(needle) ?? false),
  );
}
