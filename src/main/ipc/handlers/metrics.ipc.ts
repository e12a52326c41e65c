import type { ScrapeAccess, SloSummary } from '../../../shared/domain/metrics';
import type { AppMetrics } from '../../metrics/app-metrics';
import type { ScrapeTokenSource } from '../../metrics/scrape-token';
import type { Handlers } from '../handler-registry';

export interface MetricsHandlerDeps {
  readonly metrics: Pick<AppMetrics, 'snapshot'>;
  readonly scrapeToken: ScrapeTokenSource;
  /** Where `/metrics` is served in this process (browser mode), or null (Electron, the CLI). */
  readonly scrapeUrl: () => string | null;
  /** Run-time SLOs (the risk module's tracker); none when absent. */
  readonly slo?: () => SloSummary[];
}

export function createMetricsHandlers(deps: MetricsHandlerDeps): Pick<Handlers, 'system:metrics' | 'system:metrics-access'> {
  return {
    'system:metrics': async () => ({ ...(await deps.metrics.snapshot()), slo: deps.slo?.() ?? [] }),
    'system:metrics-access': async (): Promise<ScrapeAccess> => {
      const state = await deps.scrapeToken.current();
      const url = deps.scrapeUrl();
      if (!state.enabled) return { enabled: false, token: null, url, detail: state.detail };
      return {
        enabled: true,
        token: state.token,
        url,
        detail:
          url === null
            ? 'Prometheus text is served at /metrics by `arbdesk serve` (browser mode); this window runs without that server.'
            : `Scrape ${url} with the header "Authorization: Bearer <token>".`,
      };
    },
  };
}
