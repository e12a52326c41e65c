import type { LogLevel } from '../../shared/domain/logs';

export function LevelTag({ level }: { readonly level: LogLevel }) {
  return <span className={`tag level-${level}`}>{level.toUpperCase()}</span>;
}
