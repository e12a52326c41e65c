import type Database from 'better-sqlite3';

/** One-off facts about the trading database, as JSON values by key (trading_meta). */
export interface TradingMetaRepo {
  get(key: string): unknown;
  set(key: string, value: unknown, at: number): void;
}

export function createTradingMetaRepo(db: Database.Database): TradingMetaRepo {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM trading_meta WHERE key = ?');
  const write = db.prepare<[string, string, number]>(
    'INSERT INTO trading_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return {
    get(key) {
      const row = read.get(key);
      return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
    },
    set(key, value, at) {
      write.run(key, JSON.stringify(value), at);
    },
  };
}
