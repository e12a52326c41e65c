import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeskSessionsRepo } from '../../../src/main/store/repos/desk-sessions.repo';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { arbdesk } from '../control/control-kit';
import { makeTempHome } from '../../helpers/temp-home';
import { openTestStore } from '../store/store-test-kit';

describe('arbdesk divergence', () => {
  let home: { dir: string; cleanup: () => void };
  beforeEach(() => {
    home = makeTempHome('arbdesk-divergence-');
  });
  afterEach(() => home.cleanup());

  it('names an unknown session (exit 66), and a session recorded without a strategy config (exit 78)', async () => {
    const missing = await arbdesk(home.dir, ['divergence', '--session', 'paper-1']);
    expect(missing.stderr).toContain('No recorded session "paper-1"');
    expect(missing.status).toBe(66);

    // A market replay started with no strategy records its symbols and range, not a backtest config.
    const trading = openTestStore(path.join(home.dir, 'trading.sqlite'), tradingMigrations);
    createDeskSessionsRepo(trading.db).create({ id: 'paper-2', mode: 'paper', broker: 'paper', config: { kind: 'replay', symbols: ['KO'], from: 1, to: 2 }, startedAt: 1 });
    trading.close();
    const unconfigured = await arbdesk(home.dir, ['divergence', '--session', 'paper-2']);
    expect(unconfigured.stderr).toContain('Invalid backtest config');
    expect(unconfigured.stderr).toContain('pairs');
    expect(unconfigured.status).toBe(78);
  });
});
