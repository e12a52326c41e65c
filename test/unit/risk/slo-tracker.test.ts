import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import type { AlertInput } from '../../../src/main/alerts/alert-sink';
import { SloTracker } from '../../../src/main/risk/slo-tracker';
import { riskConfigSchema } from '../../../src/shared/domain/risk';

describe('run-time SLOs (audit 8.1)', () => {
  it('summarises each SLO with exact quantiles and raises an alert for every observation over its target', () => {
    const raised: AlertInput[] = [];
    const slo = new SloTracker({ targets: () => riskConfigSchema.parse({ slo: { quoteToOrderMs: 250 } }).slo, alerts: { raise: (input) => (raised.push(input), null) }, clock: new ManualClock(0) });
    for (let ms = 1; ms <= 100; ms += 1) slo.observe('quoteToOrderMs', ms);
    slo.observe('quoteToOrderMs', 400);
    slo.observe('haltLatencyMs', 3);
    const summaries = slo.summaries();
    expect(summaries.find((row) => row.name === 'quoteToOrderMs')).toEqual({ name: 'quoteToOrderMs', targetMs: 250, count: 101, p50Ms: 51, p99Ms: 100, maxMs: 400, breaches: 1 });
    expect(summaries.find((row) => row.name === 'haltLatencyMs')).toMatchObject({ count: 1, p50Ms: 3, p99Ms: 3, breaches: 0 });
    expect(summaries.find((row) => row.name === 'quoteAgeMs')).toMatchObject({ count: 0, p50Ms: null, maxMs: null });
    expect(raised).toEqual([
      expect.objectContaining({ kind: 'slo-breach', subject: 'quoteToOrderMs', dedupKey: 'slo:quoteToOrderMs', message: 'quote-to-order latency was 400.00 ms against a target of 250 ms' }),
    ]);
  });

  it('keeps the most recent 1,024 observations for its quantiles', () => {
    const slo = new SloTracker({ targets: () => riskConfigSchema.parse({}).slo, alerts: { raise: () => null }, clock: new ManualClock(0) });
    for (let i = 0; i < 1024; i += 1) slo.observe('haltLatencyMs', 9);
    for (let i = 0; i < 1024; i += 1) slo.observe('haltLatencyMs', 1);
    expect(slo.summaries()[0]).toMatchObject({ count: 2048, p99Ms: 1, maxMs: 1, breaches: 0 });
  });
});
