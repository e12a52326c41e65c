import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperBroker } from '../../../src/main/broker/paper/paper-broker';
import { ManualClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { EventBus } from '../../../src/main/events/event-bus';
import { brokerAccountPort } from '../../../src/main/risk/broker-account';
import { createRiskAnalyticsModule, type RiskAnalyticsModule } from '../../../src/main/risk/risk-analytics.module';
import type { HandlerContext } from '../../../src/main/ipc/handler-registry';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { requests } from '../../../src/shared/ipc/contract';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { bars, noStats, openPaper, order } from '../broker/paper-kit';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';

/**
 * The risk channels over a real paper broker (its own trading SQLite) that filled the
 * reference book (KO/PEP, XOM/CVX) at the sample's 2018-02-07 open and marked it at that
 * close, and the real market-data service holding the bundled sample. VaR and the stress days
 * depend only on the shares and the last close, so they must equal numpy's reference; β scales
 * with equity, so its dollar β must.
 */
const root = path.resolve(__dirname, '../../..');
const reference = JSON.parse(readFileSync(path.join(root, 'test/fixtures/risk/risk-reference.json'), 'utf8')) as {
  positions: { pairId: string; leg: 'y' | 'x'; symbol: string; quantity: number }[];
  equity: number;
  figures: { historicalVar: number; historicalCvar: number; parametricVar: number }[];
  portfolioBeta: number;
  stress: Record<string, number>;
};
const day = epochDayFromIso('2018-02-07');
const context: HandlerContext = { correlationId: 'risk-paper', transport: 'browser' };

let app: InProcessApp;
let trading: { store: Store; cleanup: () => void };
let paper: PaperBroker;
let module: RiskAnalyticsModule;
let sequence = 0;

beforeAll(async () => {
  app = await startInProcessApp();
  sequence += 1;
  const response = await app.core.registry.dispatch({ type: 'request', id: `risk-paper-${sequence}`, channel: 'data:import', payload: { path: path.join(root, 'resources/sample-data/prices') } }, 'browser');
  if (!response.ok) throw new Error(response.error.message);
  const { jobId } = response.value as { jobId: string };
  await new Promise<void>((resolve) => {
    const unsubscribe = app.core.events.subscribe('data:imported', (payload) => {
      if (payload.jobId === jobId) {
        unsubscribe();
        resolve();
      }
    });
  });

  const temp = makeTempDatabasePath('trading.sqlite');
  trading = { store: openTestStore(temp.dbPath, tradingMigrations), cleanup: temp.cleanup };
  // After the New York close of 2018-02-07.
  const clock = new ManualClock(Date.UTC(2018, 1, 7, 22, 0, 0));
  paper = openPaper(trading.store, clock, [], 100_000);
  const symbols = reference.positions.map((position) => position.symbol);
  const sessionBars: Record<string, { open: number; high: number; low: number; close: number; volume: number }> = {};
  for (const symbol of symbols) {
    const series = await app.core.data.service.series({ symbol, range: { from: day, to: day } });
    sessionBars[symbol] = { open: series.open[0] ?? NaN, high: series.high[0] ?? NaN, low: series.low[0] ?? NaN, close: series.close[0] ?? NaN, volume: series.volume[0] ?? NaN };
  }
  for (const [k, position] of reference.positions.entries()) {
    const side = position.quantity > 0 ? 'BUY' : 'SELL_SHORT';
    await paper.placeOrder({ accountId: 'paper', order: order(`o${k}`, position.symbol, side, Math.abs(position.quantity), day, { pairId: position.pairId, leg: position.leg }) });
  }
  paper.openSession(day, bars(sessionBars), noStats);
  paper.closeSession(day, (symbol) => sessionBars[symbol]?.close, symbols);

  const events = new EventBus();
  module = createRiskAnalyticsModule({
    config: () => appConfigSchema.parse({ riskAnalytics: { sharpeFloor: null, sortinoFloor: null, monteCarlo: { paths: 2000 } } }),
    account: brokerAccountPort(paper),
    marketData: app.core.data.service,
    events,
    clock,
    alerts: app.core.alerts.service,
  });
  await module.start();
});

afterAll(async () => {
  await module.stop();
  trading.store.close();
  trading.cleanup();
  await app.close();
});

describe('risk channels over a paper broker holding positions', () => {
  it('risk:analytics shows the exposure and reproduces the reference VaR and stress days', async () => {
    const balances = await paper.balances('paper');
    const snapshot = requests['risk:analytics'].response.parse(await module.handlers['risk:analytics']({}, context));
    expect(snapshot.asOf).toBe('2018-02-07');
    expect(snapshot.equity).toBe(balances.equity);
    expect(snapshot.exposure.byPair.map((row) => row.key).sort()).toEqual(['KO/PEP', 'XOM/CVX']);
    const positions = await paper.positions('paper');
    const gross = positions.reduce((sum, position) => sum + Math.abs(position.marketValue), 0);
    expect(snapshot.exposure.totals.gross).toBeCloseTo(gross, 8);
    expect(snapshot.valueAtRisk.figures[0]?.historicalVar).toBeCloseTo(reference.figures[0]?.historicalVar ?? NaN, 8);
    expect(snapshot.valueAtRisk.figures[1]?.historicalCvar).toBeCloseTo(reference.figures[1]?.historicalCvar ?? NaN, 8);
    expect(snapshot.valueAtRisk.figures[0]?.parametricVar).toBeCloseTo(reference.figures[0]?.parametricVar ?? NaN, 8);
    expect(snapshot.beta.dollarBeta).toBeCloseTo(reference.portfolioBeta * reference.equity, 6);
    expect(snapshot.stress.map((scenario) => [scenario.id.slice(-10), scenario.pnl])).toEqual(Object.entries(reference.stress).map(([date, pnl]) => [date, expect.closeTo(pnl, 8)]));
  });

  it('risk:stress and risk:montecarlo answer on the same book', async () => {
    
    const stress = requests['risk:stress'].response.parse(
      await module.handlers['risk:stress'](requests['risk:stress'].request.parse({ sectors: [{ sector: 'Energy', shock: -0.1 }], symbols: [{ symbol: 'ko', shock: 0.02 }] }), context),
    );
    const positions = await paper.positions('paper');
    const value = (symbol: string): number => positions.find((position) => position.symbol === symbol)?.marketValue ?? NaN;
    // Energy (XOM, CVX) −10%, KO +2% by name, PEP has no shock.
    expect(stress.pnl).toBeCloseTo(-0.1 * (value('XOM') + value('CVX')) + 0.02 * value('KO'), 8);
    expect(stress.lines.find((line) => line.symbol === 'PEP')?.source).toBe('none');
    const montecarlo = requests['risk:montecarlo'].response.parse(await module.handlers['risk:montecarlo']({ horizonDays: 5 }, context));
    expect(montecarlo.paths).toBe(2000);
    expect(montecarlo.horizonDays).toBe(5);
    expect(montecarlo.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(2000);
  });
});
