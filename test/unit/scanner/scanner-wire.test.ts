import { describe, expect, it } from 'vitest';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import type { PairResult, ScanRun } from '../../../src/main/scanner/core/scan-types';
import { resultToWire, runToWire, watchedToWire, wireNumber } from '../../../src/main/scanner/scanner-wire';
import { pairResultSchema, scanRunSchema, watchlistEntrySchema } from '../../../src/shared/domain/scanner';

const result: PairResult = {
  y: 'KO',
  x: 'PEP',
  egStat: -2.1,
  egPvalue: 0.4,
  egPvalueReverse: 0.5,
  qvalue: 0.9,
  significant: false,
  beta: 0.4,
  alpha: 2,
  halfLife: Number.POSITIVE_INFINITY,
  correlation: 0.6,
  hurst: null,
  johansenTrace: null,
  johansenMaxEig: null,
  nobs: 1259,
  usedLag: 1,
  error: null,
};

describe('scanner domain → wire', () => {
  it('sends an infinite half-life as "inf" and adds both sectors', () => {
    const wire = resultToWire(result, new Map([['KO', 'Consumer Staples'], ['PEP', 'Consumer Staples']]));
    expect(pairResultSchema.parse(wire)).toEqual({ ...result, halfLife: 'inf', sectorY: 'Consumer Staples', sectorX: 'Consumer Staples' });
    expect(resultToWire({ ...result, halfLife: 12.5 }, new Map()).halfLife).toBe(12.5);
    expect(wireNumber(Number.POSITIVE_INFINITY)).toBe('inf');
  });

  it('gives a run its request back with ISO dates, as the renderer sent it', () => {
    const run: ScanRun = {
      id: 3,
      createdAt: 1,
      finishedAt: 2,
      state: 'succeeded',
      params: {
        universe: { kind: 'sector', sector: 'Energy' },
        formation: { from: epochDayFromIso('2013-02-08'), to: epochDayFromIso('2018-02-07') },
        transform: 'log',
        basis: 'split',
        fdr: { method: 'bh', alpha: 0.05 },
        filters: { sameSectorOnly: false },
        overrideQualityGate: false,
        asOfDatasetId: 1,
      },
      dataVersion: { datasets: [{ id: 1, source: 'sample', version: 1 }], closeMatrixSha256: 'f'.repeat(64) },
      codeVersion: 'arbdesk 0.1.0',
      universe: ['CVX', 'XOM'],
      excluded: [{ symbol: 'COP', reason: 'data_errors', detail: '1 unresolved error-level data issues in the formation window' }],
      pairsTested: 1,
      pairsSignificant: 0,
      survivorshipWarning: null,
    };
    const wire = scanRunSchema.parse(runToWire(run));
    expect(wire.request.formation).toEqual({ from: '2013-02-08', to: '2018-02-07' });
    expect(wire.request.asOfDatasetId).toBe(1);
    expect(wire.universeSize).toBe(2);
  });

  it('dates a watched pair’s last health check', () => {
    const wire = watchedToWire({
      y: 'KO',
      x: 'PEP',
      addedAt: 5,
      sourceRunId: null,
      note: null,
      health: { day: epochDayFromIso('2018-02-07'), checkedAt: 6, status: 'broken', pvalue: 0.3, halfLife: Number.POSITIVE_INFINITY, beta: 0.4, reasons: ['p-value 0.3000 is above 0.1'] },
    });
    expect(watchlistEntrySchema.parse(wire).health).toEqual({ date: '2018-02-07', status: 'broken', pvalue: 0.3, halfLife: 'inf', beta: 0.4, reasons: ['p-value 0.3000 is above 0.1'] });
  });
});
