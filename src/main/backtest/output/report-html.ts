import type { BacktestReport } from '../../../shared/ipc/sections/backtest';
import { formatNumber } from './number-format';
import type { RunOutputInput } from './summary-file';
import { escapeXml, lineChart, type ChartMarker } from './svg-charts';

/**
 * report.html: the tear sheet as one self-contained file — inline CSS and inline SVG, no
 * script and no external URL, so it opens offline and can be mailed as is. Deterministic:
 * rendered only from the stored report and provenance (no run id, timestamp or path).
 */

const CSS = `body{font:13px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;margin:24px;max-width:1100px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;margin:4px 0}td,th{padding:3px 8px;border:1px solid #d0d7de;text-align:right}th{background:#f6f8fa}
td.l,th.l{text-align:left}.meta{color:#57606a}.warn{color:#9a6700}.flag{color:#cf222e;font-weight:600}
.axis{font-size:10px;fill:#57606a}.heat td{width:52px}`;

const pct = (value: number): string => `${(value * 100).toFixed(2)}%`;
const money = (value: number): string => value.toFixed(2);
const cell = (text: string, left = false): string => `<td${left ? ' class="l"' : ''}>${escapeXml(text)}</td>`;
const head = (labels: readonly string[]): string => `<tr>${labels.map((label, i) => `<th${i === 0 ? ' class="l"' : ''}>${escapeXml(label)}</th>`).join('')}</tr>`;

export function reportHtml(input: RunOutputInput): string {
  const { report, config } = input;
  const pairs = report.pairs.map((pair) => pair.pairId).join(', ');
  const first = report.equity[0]?.date ?? '';
  const last = report.equity[report.equity.length - 1]?.date ?? '';
  const strategy = (config['strategy'] ?? {}) as Record<string, unknown>;
  const band = (key: string): number | null => (typeof strategy[key] === 'number' ? strategy[key] : null);
  const sections = [
    `<h1>Backtest: ${escapeXml(pairs)}</h1>`,
    `<p class="meta">${escapeXml(`${first} to ${last} · capital ${formatNumber(Number(config['capital']))} · fill ${String(config['fill'])} · costs ${String(config['costsMode'] ?? '')} · ${input.codeVersion} · inputs ${input.dataVersion.inputsSha256.slice(0, 12)}`)}</p>`,
    warnings(report),
    metricsTable(report),
    '<h2>Equity</h2>',
    lineChart(report.equity.map((row) => row.equity), { width: 1000, height: 240, stroke: '#0969da', firstLabel: first, lastLabel: last }),
    '<h2>Drawdown</h2>',
    lineChart(report.equity.map((row) => -row.drawdown), { width: 1000, height: 140, stroke: '#cf222e', area: true, firstLabel: first, lastLabel: last, format: pct }),
    '<h2>Monthly returns</h2>',
    monthlyTable(report),
    '<h2>Costs and accruals</h2>',
    costsTable(report),
    '<h2>Pairs</h2>',
    pairsTable(report),
    ...report.pairs.map((pair) => spreadChart(pair, band('entry'), band('exit'), band('stop'))),
    '<h2>Trades</h2>',
    tradesTable(report),
    '<h2>Decisions</h2>',
    countsTable(report),
  ];
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(`ArbDesk backtest ${pairs}`)}</title><style>${CSS}</style></head><body>\n${sections.join('\n')}\n</body></html>\n`;
}

function warnings(report: BacktestReport): string {
  if (report.warnings.length === 0) return '';
  return `<ul class="warn">${report.warnings.map((warning) => `<li>${escapeXml(warning)}</li>`).join('')}</ul>`;
}

function metricsTable(report: BacktestReport): string {
  const m = report.metrics;
  const rows: [string, string][] = [
    ['Total return', pct(m.totalReturn)],
    ['CAGR', pct(m.cagr)],
    ['Volatility (√252)', pct(m.volatility)],
    ['Sharpe', m.sharpe.toFixed(3)],
    ['Sortino', m.sortino.toFixed(3)],
    ['Calmar', m.calmar.toFixed(3)],
    ['Max drawdown', pct(m.maxDrawdown)],
    ['Max drawdown duration (days)', String(m.maxDrawdownDuration)],
    ['VaR 95 / CVaR 95', `${pct(m.var95)} / ${pct(m.cvar95)}`],
    ['VaR 99 / CVaR 99', `${pct(m.var99)} / ${pct(m.cvar99)}`],
    ['Trades', String(m.trades)],
    ['Hit rate', pct(m.hitRate)],
    ['Profit factor', typeof m.profitFactor === 'number' ? m.profitFactor.toFixed(3) : 'inf'],
    ['Average trade', money(m.averageTrade)],
    ['Turnover (annual)', m.turnover.toFixed(3)],
    ['Exposure', pct(m.exposure)],
    ['Beta to equal-weight universe', m.betaToUniverse.toFixed(3)],
    ['Risk-free rate', pct(m.riskFreeRate)],
    ['Final equity', money(m.finalEquity)],
  ];
  return `<h2>Metrics</h2><table>${rows.map(([label, value]) => `<tr>${cell(label, true)}${cell(value)}</tr>`).join('')}</table>`;
}

function monthlyTable(report: BacktestReport): string {
  const years = [...new Set(report.monthlyReturns.map((entry) => entry.year))];
  const byKey = new Map(report.monthlyReturns.map((entry) => [`${entry.year}-${entry.month}`, entry.return]));
  const color = (value: number): string => {
    const strength = Math.min(1, Math.abs(value) / 0.05);
    const channel = Math.round(255 - strength * 120);
    return value >= 0 ? `rgb(${channel},255,${channel})` : `rgb(255,${channel},${channel})`;
  };
  const rows = years.map((year) => {
    const cells = Array.from({ length: 12 }, (_, index) => {
      const value = byKey.get(`${year}-${index + 1}`);
      return value === undefined ? '<td></td>' : `<td style="background:${color(value)}">${escapeXml(pct(value))}</td>`;
    });
    return `<tr><th class="l">${year}</th>${cells.join('')}</tr>`;
  });
  return `<table class="heat">${head(['Year', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])}${rows.join('')}</table>`;
}

function costsTable(report: BacktestReport): string {
  const c = report.costsByKind;
  const a = report.accrualsByKind;
  const rows: [string, number][] = [
    ['Commission', c.commission],
    ['SEC fee', c.secFee],
    ['FINRA TAF', c.finraTaf],
    ['Slippage', c.slippage],
    ['Impact', c.impact],
    ['Borrow fee (accrual)', a.borrow_fee],
    ['Margin interest (accrual)', a.margin_interest],
    ['Short rebate (accrual)', a.short_rebate],
    ['Dividends (accrual)', a.dividend],
  ];
  return `<table>${head(['Kind', 'Dollars'])}${rows.map(([label, value]) => `<tr>${cell(label, true)}${cell(money(value))}</tr>`).join('')}</table>`;
}

function pairsTable(report: BacktestReport): string {
  const rows = report.pairs.map(
    (pair) =>
      `<tr>${cell(pair.pairId, true)}${cell(String(pair.trades))}${cell(money(pair.grossPnl))}${cell(money(pair.costs))}${cell(money(pair.borrowFees))}${cell(money(pair.netPnl))}` +
      `<td${pair.edgeBelowBorrow ? ' class="flag"' : ''}>${pair.edgeBelowBorrow ? 'edge below borrow' : ''}</td></tr>`,
  );
  return `<table>${head(['Pair', 'Trades', 'Gross P&L', 'Costs', 'Borrow', 'Net P&L', 'Flag'])}${rows.join('')}</table>`;
}

function spreadChart(pair: BacktestReport['pairs'][number], entry: number | null, exit: number | null, stop: number | null): string {
  const indexOf = new Map(pair.dates.map((date, index) => [date, index]));
  const markers: ChartMarker[] = pair.markers.flatMap((marker) => {
    const index = indexOf.get(marker.date);
    return index === undefined || marker.z === null ? [] : [{ index, value: marker.z, kind: marker.kind, label: `${marker.date} ${marker.reason} z=${marker.z.toFixed(2)}` }];
  });
  const guides = [entry, exit, stop].flatMap((value, i) => (value === null ? [] : [{ value, stroke: ['#1a7f37', '#8c959f', '#cf222e'][i] as string }, { value: -value, stroke: ['#1a7f37', '#8c959f', '#cf222e'][i] as string }]));
  return `<h3>${escapeXml(pair.pairId)}: spread z-score and trades</h3>${lineChart(pair.z, { width: 1000, height: 200, stroke: '#6e40c9', guides, markers, ...(pair.dates[0] === undefined ? {} : { firstLabel: pair.dates[0] }), ...(pair.dates.length === 0 ? {} : { lastLabel: pair.dates[pair.dates.length - 1] as string }) })}`;
}

function tradesTable(report: BacktestReport): string {
  const rows = report.trades.map(
    (t) =>
      `<tr>${cell(t.pairId, true)}${cell(t.direction)}${cell(t.entryDate)}${cell(t.exitDate ?? '')}${cell(formatNumber(t.quantityY))}${cell(formatNumber(t.quantityX))}` +
      `${cell(money(t.grossPnl))}${cell(money(t.costs))}${cell(money(t.accruals))}${cell(money(t.netPnl))}${cell(t.exitReason)}</tr>`,
  );
  return `<table>${head(['Pair', 'Side', 'Entry', 'Exit', 'Qty y', 'Qty x', 'Gross', 'Costs', 'Accruals', 'Net', 'Exit reason'])}${rows.join('')}</table>`;
}

function countsTable(report: BacktestReport): string {
  const entries = [
    ...Object.entries(report.decisionCounts).map(([reason, count]) => ['decision', reason, count] as const),
    ...Object.entries(report.noDecisionCounts).map(([reason, count]) => ['no decision', reason, count] as const),
  ].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
  return `<table>${head(['Kind', 'Reason', 'Count'])}${entries.map(([kind, reason, count]) => `<tr>${cell(kind, true)}${cell(reason, true)}${cell(String(count))}</tr>`).join('')}</table>`;
}
