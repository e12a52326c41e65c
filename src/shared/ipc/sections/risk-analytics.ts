import { z } from 'zod';
import { defineRequest } from '../define';
import { monteCarloRequestSchema, monteCarloResultSchema, riskSnapshotSchema, stressResultSchema, userShocksSchema } from '../../domain/risk-analytics';

/** The Risk page's analytics (issue 14, audit 5.2): one snapshot, user stress and the Monte Carlo bootstrap. */
export const riskAnalyticsRequests = {
  'risk:analytics': defineRequest({
    doc: 'Portfolio risk of the paper account now: exposure by symbol/sector/pair, P&L and drawdown, historical and normal VaR/CVaR, beta, pair correlation, the historical stress days and rolling Sharpe/Sortino against the configured floors (a breach raises an alert).',
    request: z.object({}).strict(),
    response: riskSnapshotSchema,
  }),
  'risk:stress': defineRequest({
    doc: 'The P&L of today\'s positions under user-defined shocks (per symbol, per sector, market); the most specific shock applies.',
    request: userShocksSchema,
    response: stressResultSchema,
  }),
  'risk:montecarlo': defineRequest({
    doc: 'A seeded block bootstrap of the horizon P&L of today\'s positions: quantiles, VaR/CVaR and a histogram. Options default to the riskAnalytics.monteCarlo config.',
    request: monteCarloRequestSchema,
    response: monteCarloResultSchema,
  }),
} as const;
