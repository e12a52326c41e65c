import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { tokensMatch } from './access-token';
import type { AppMetrics } from '../metrics/app-metrics';
import type { ScrapeTokenSource } from '../metrics/scrape-token';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  readonly metrics: Pick<AppMetrics, 'prometheusText' | 'contentType'>;
  readonly scrapeToken: ScrapeTokenSource;
  readonly logger: Logger;
}

function bearerOf(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * `GET /metrics` in Prometheus text format. Access takes the stable scrape token as a Bearer
 * header (Prometheus' `authorization` / `bearer_token_file`), compared in constant time; the
 * per-launch browser token does not open it. Without a keychain there is no token, and the
 * answer is 503 with the reason, never an open endpoint.
 */
export async function serveMetrics(options: MetricsEndpointOptions, request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): Promise<void> {
  const plain = { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...plain, Allow: 'GET, HEAD' });
    response.end();
    return;
  }
  const state = await options.scrapeToken.current();
  if (!state.enabled) {
    response.writeHead(503, plain);
    response.end(`${state.detail}\n`);
    return;
  }
  const presented = bearerOf(request);
  if (presented === undefined) {
    response.writeHead(401, { ...plain, 'WWW-Authenticate': 'Bearer realm="arbdesk-metrics"' });
    response.end('A scrape token is required: send "Authorization: Bearer <token>" (Settings > Diagnostics shows it).\n');
    return;
  }
  if (!tokensMatch(state.token, presented)) {
    options.logger.warn({ path: METRICS_PATH }, 'refused a /metrics scrape with a wrong token');
    response.writeHead(403, plain);
    response.end('The scrape token is wrong.\n');
    return;
  }
  const text = await options.metrics.prometheusText();
  response.writeHead(200, { ...headers, 'Content-Type': options.metrics.contentType, 'Cache-Control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : text);
}
