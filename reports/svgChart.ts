// Line charts as inline SVG, so report.html needs no script and no network. Axes get
// "nice" ticks (1, 2, 5 × 10^n) and every series is named in a legend.

import { escapeXml } from './xmlEscape.js';

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  color: string;
  points: Array<[x: number, y: number]>;
  /** Dashed stroke, so series stay apart without colour. */
  dashed?: boolean;
}

/** What to draw. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  width?: number;
  height?: number;
}

/** Ticks from 0 (or below) to at least max, about `target` of them, at 1/2/5 × 10^n. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  const lo = Math.min(0, min);
  const hi = max > lo ? max : lo + 1;
  const raw = (hi - lo) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v < hi + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(4))));

/** Renders an SVG line chart; a chart with no points says so instead of drawing axes. */
export function lineChart(opts: LineChartOptions): string {
  const width = opts.width ?? 560;
  const height = opts.height ?? 300;
  const margin = { top: 36, right: 16, bottom: 64, left: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = opts.series.flatMap((s) => s.points);
  const title = `<title>${escapeXml(opts.title)}</title>`;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" class="chart">${title}`;
  const heading = `<text x="${margin.left}" y="20" class="chart-title">${escapeXml(opts.title)}</text>`;
  if (all.length === 0) {
    return `${open}${heading}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="chart-empty">no samples recorded</text></svg>`;
  }

  const xTicks = niceTicks(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])));
  const yTicks = niceTicks(Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1])));
  const [x0, x1] = [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]];
  const sx = (x: number): number => margin.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number): number => margin.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const r = (v: number): string => v.toFixed(1);

  const grid = yTicks
    .map((v) => `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${r(sy(v))}" y2="${r(sy(v))}" class="grid"/>` +
      `<text x="${margin.left - 6}" y="${r(sy(v) + 4)}" text-anchor="end" class="tick">${fmt(v)}</text>`)
    .join('');
  const xAxis = xTicks
    .map((v) => `<line x1="${r(sx(v))}" x2="${r(sx(v))}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 4}" class="axis"/>` +
      `<text x="${r(sx(v))}" y="${margin.top + plotH + 16}" text-anchor="middle" class="tick">${fmt(v)}</text>`)
    .join('');
  const axes =
    `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" class="axis"/>` +
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" class="axis"/>` +
    `<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 32}" text-anchor="middle" class="label">${escapeXml(opts.xLabel)}</text>` +
    `<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeXml(opts.yLabel)}</text>`;

  const lines = opts.series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(sx(p[0]))} ${r(sy(p[1]))}`).join(' ');
      // A single sample has no line to draw: mark it with a dot.
      const dot = s.points.length === 1 ? `<circle cx="${r(sx(s.points[0][0]))}" cy="${r(sy(s.points[0][1]))}" r="3" fill="${s.color}"/>` : '';
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''}><title>${escapeXml(s.name)}</title></path>${dot}`;
    })
    .join('');

  let lx = margin.left;
  const legend = opts.series
    .map((s) => {
      const item = `<g transform="translate(${lx} ${height - 12})"><line x1="0" x2="18" y1="-4" y2="-4" stroke="${s.color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/>` +
        `<text x="24" y="0" class="legend">${escapeXml(s.name)}</text></g>`;
      lx += 34 + s.name.length * 7;
      return item;
    })
    .join('');

  return `${open}${heading}${grid}${xAxis}${axes}${lines}${legend}</svg>`;
}
