/**
 * Inline SVG charts for report.html: plain markup, no script, no external reference, and
 * coordinates written with fixed decimals so the same data gives the same bytes.
 */

export interface ChartMarker {
  readonly index: number;
  readonly value: number;
  readonly kind: 'entry' | 'exit';
  readonly label: string;
}

export interface LineChartOptions {
  readonly width: number;
  readonly height: number;
  readonly stroke: string;
  /** Fill the area between the line and zero (the drawdown chart). */
  readonly area?: boolean;
  /** Horizontal reference lines (entry / exit / stop bands). */
  readonly guides?: readonly { readonly value: number; readonly stroke: string }[];
  readonly markers?: readonly ChartMarker[];
  /** Labels for the first and last point of the x axis. */
  readonly firstLabel?: string;
  readonly lastLabel?: string;
  readonly format?: (value: number) => string;
}

const PAD = { left: 64, right: 12, top: 10, bottom: 22 };

const f1 = (value: number): string => value.toFixed(1);

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** A line over equally spaced points; null values break the line. */
export function lineChart(values: readonly (number | null)[], options: LineChartOptions): string {
  const { width, height } = options;
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const guides = options.guides ?? [];
  const all = [...finite, ...guides.map((guide) => guide.value), ...(options.area === true ? [0] : [])];
  if (finite.length === 0) return `<svg width="${width}" height="${height}" role="img"><text x="8" y="20">no data</text></svg>`;
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (max === min) {
    max += 1;
    min -= 1;
  }
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const xAt = (index: number): number => PAD.left + (values.length > 1 ? (index / (values.length - 1)) * plotW : plotW / 2);
  const yAt = (value: number): number => PAD.top + (1 - (value - min) / (max - min)) * plotH;
  const format = options.format ?? ((value: number) => value.toFixed(2));
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${current.length === 0 ? 'M' : 'L'}${f1(xAt(index))},${f1(yAt(value))}`);
  });
  if (current.length > 0) segments.push(current.join(' '));
  const parts: string[] = [
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ddd"/>`,
    `<text x="${PAD.left - 4}" y="${f1(PAD.top + 8)}" text-anchor="end" class="axis">${escapeXml(format(max))}</text>`,
    `<text x="${PAD.left - 4}" y="${f1(PAD.top + plotH)}" text-anchor="end" class="axis">${escapeXml(format(min))}</text>`,
  ];
  if (options.firstLabel !== undefined) parts.push(`<text x="${PAD.left}" y="${height - 6}" class="axis">${escapeXml(options.firstLabel)}</text>`);
  if (options.lastLabel !== undefined) parts.push(`<text x="${width - PAD.right}" y="${height - 6}" text-anchor="end" class="axis">${escapeXml(options.lastLabel)}</text>`);
  for (const guide of guides) {
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${f1(yAt(guide.value))}" y2="${f1(yAt(guide.value))}" stroke="${guide.stroke}" stroke-dasharray="4 3"/>`);
  }
  if (options.area === true) {
    for (const segment of segments) {
      const first = /^M([\d.]+),/.exec(segment)?.[1];
      const lastX = /L?([\d.]+),[\d.]+$/.exec(segment)?.[1] ?? first;
      if (first !== undefined && lastX !== undefined) parts.push(`<path d="${segment} L${lastX},${f1(yAt(0))} L${first},${f1(yAt(0))} Z" fill="${options.stroke}" fill-opacity="0.25" stroke="none"/>`);
    }
  }
  for (const segment of segments) parts.push(`<path d="${segment}" fill="none" stroke="${options.stroke}" stroke-width="1.2"/>`);
  for (const marker of options.markers ?? []) {
    const x = f1(xAt(marker.index));
    const y = f1(yAt(marker.value));
    const fill = marker.kind === 'entry' ? '#1a7f37' : '#cf222e';
    parts.push(`<circle cx="${x}" cy="${y}" r="3.5" fill="${fill}"><title>${escapeXml(marker.label)}</title></circle>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
