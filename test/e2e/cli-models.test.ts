import { spawnSync } from 'node:child_process';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../../src/main/audit/audit.service';
import { resolveAppPaths } from '../../src/main/config/paths';
import { ManualClock } from '../../src/main/core/time/clock';
import { chronologicalSplit } from '../../src/main/models/data-splits';
import { buildArtifact } from '../../src/main/models/model-artifact';
import { modelLabConfigSchema } from '../../src/main/models/model-config';
import { runExperiment } from '../../src/main/models/model-experiment';
import { alignPair } from '../../src/main/models/pair-alignment';
import { ModelRegistry } from '../../src/main/models/registry/model-registry';
import { registryMetrics } from '../../src/main/models/registry/registry-metrics';
import { syntheticPair } from '../../src/main/models/synthetic-pair';
import { loadTfRuntime } from '../../src/main/models/tf-backend';
import { openDatabase } from '../../src/main/store/db';
import { migrations } from '../../src/main/store/migrations';
import { ModelRegistryRepo } from '../../src/main/store/repos/model-registry.repo';
import { openTradingDatabase } from '../../src/main/store/trading-db';
import { makeTempHome } from '../helpers/temp-home';

const home = makeTempHome('arbdesk-e2e-cli-models-');
const logger = pino({ level: 'silent' });

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['bin/arbdesk.mjs', ...args], { env: { ...process.env, ARBDESK_HOME: home.dir }, encoding: 'utf8' });
}

beforeAll(async () => {
  // A registered candidate in the user's store, as a training from the Model lab leaves it.
  const paths = resolveAppPaths({ ARBDESK_HOME: home.dir });
  const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: 5000, migrations, logger });
  const trading = openTradingDatabase({ path: paths.tradingDbFile, busyTimeoutMs: 5000, research: store.db, logger });
  try {
    const runtime = await loadTfRuntime();
    const config = modelLabConfigSchema.parse({ features: { window: 8, zScoreLookback: 5, volatilityLookback: 5 }, model: { layers: [{ units: 3, dropout: 0 }] }, training: { epochs: 1 } });
    const { y, x } = syntheticPair({ rows: 260, seed: 2 });
    const result = await runExperiment(alignPair(y, x, 3), chronologicalSplit(260, config.split), config, { runtime, clock: new ManualClock(0) });
    const registry = new ModelRegistry(new ModelRegistryRepo(store.db), createAuditService(trading.db), new ManualClock(1_700_000_000_000));
    const dataVersion = { y: 'KO', x: 'PEP', firstDay: 0, lastDay: 259, rows: 260, source: 'synthetic', sha256: 'c'.repeat(64) };
    await registry.register(await buildArtifact(runtime, result.training.weights, result.metadata), { name: 'KO/PEP', dataVersion, codeVersion: 'test', metrics: registryMetrics(result) }, 'user');
  } finally {
    trading.close();
    store.close();
  }
}, 60_000);

afterAll(() => home.cleanup());

describe('arbdesk models', () => {
  it('lists the registry, refuses an unconfirmed promotion, promotes with --yes and audits it as the CLI', () => {
    const list = cli('models', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^1\tKO\/PEP v1\tcandidate\t\w+\ttest MSE \S+ \(AR\(1\) \S+\)\t[0-9a-f]{12}\n$/);

    const refused = cli('models', 'promote', '1');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/must be confirmed: add --yes/);

    const promoted = cli('models', 'promote', '1', '--yes', '--reason', 'shadow it');
    expect(promoted.status).toBe(0);
    expect(promoted.stdout).toMatch(/KO\/PEP v1\tchallenger/);

    const audit = cli('audit', 'list', '--action', 'model.promote', '--json');
    expect(audit.status).toBe(0);
    expect(JSON.parse(audit.stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({ actor: 'cli', surface: 'cli', subject: 'KO/PEP v1', reason: 'shadow it', after: { state: 'challenger' } });

    expect(cli('models', 'rollback', 'KO/PEP', '--yes', '--reason', 'none yet').stderr).toMatch(/no champion to roll back/);
  });
});
