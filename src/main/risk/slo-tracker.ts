import type { SloSummary } from '../../shared/domain/metrics';
import type { RiskConfig } from '../../shared/domain/risk';
import type { AlertSink } from '../alerts/alert-sink';
import type { Clock } from '../core/time/clock';

export type SloName = keyof RiskConfig['slo'];

const SLO_NAMES: readonly SloName[] = ['haltLatencyMs', 'quoteAgeMs', 'quoteToOrderMs'];
const WINDOW = 1024;

const LABEL: Readonly<Record<SloName, string>> = {
  haltLatencyMs: 'halt latency (request to HALTED persisted)',
  quoteAgeMs: 'quote age at order time',
  quoteToOrderMs: 'quote-to-order latency',
};

interface Series {
  readonly values: Float64Array;
  count: number;
  breaches: number;
}

/**
 * Service levels at run time (audit 8.1): halt latency, quote age and quote-to-order latency,
 * observed where they happen (the risk monitor's halts and `trading:halt`, the pre-trade
 * check, the desk's dispatch) and compared with the configured targets. Quantiles are exact
 * over the last 1,024 observations; every observation over its target raises an `slo-breach`
 * alert (deduplicated per SLO by the alerts service).
 */
export class SloTracker {
  private readonly series = new Map<SloName, Series>();

  constructor(private readonly deps: { readonly targets: () => RiskConfig['slo']; readonly alerts: AlertSink; readonly clock: Clock }) {
    for (const name of SLO_NAMES) this.series.set(name, { values: new Float64Array(WINDOW), count: 0, breaches: 0 });
  }

  observe(name: SloName, valueMs: number): void {
    if (!Number.isFinite(valueMs) || valueMs < 0) return;
    const series = this.seriesOf(name);
    series.values[series.count % WINDOW] = valueMs;
    series.count += 1;
    const target = this.deps.targets()[name];
    if (valueMs <= target) return;
    series.breaches += 1;
    this.deps.alerts.raise({
      kind: 'slo-breach',
      severity: 'warning',
      subject: name,
      title: `Service level missed: ${LABEL[name]}`,
      message: `${LABEL[name]} was ${valueMs.toFixed(2)} ms against a target of ${target} ms`,
      dedupKey: `slo:${name}`,
      details: { name, valueMs, targetMs: target, breaches: series.breaches },
    });
  }

  summaries(): SloSummary[] {
    const targets = this.deps.targets();
    return SLO_NAMES.map((name) => {
      const series = this.seriesOf(name);
      const held = Math.min(series.count, WINDOW);
      const sorted = Float64Array.from(series.values.subarray(0, held)).sort();
      return {
        name,
        targetMs: targets[name],
        count: series.count,
        p50Ms: quantile(sorted, 0.5),
        p99Ms: quantile(sorted, 0.99),
        maxMs: held === 0 ? null : (sorted[held - 1] ?? null),
        breaches: series.breaches,
      };
    });
  }

  private seriesOf(name: SloName): Series {
    const series = this.series.get(name);
    if (series === undefined) throw new Error(`unknown SLO ${name}`);
    return series;
  }
}

/** Nearest-rank quantile of sorted values; null when empty. */
function quantile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}
