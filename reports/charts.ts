// The two charts of report.html, derived from the run's timeline samples.

import type { TimelinePoint } from '../types/run.js';
import { lineChart } from './svgChart.js';

/** Cases done by time t, interpolated linearly between samples (the last sample wins on ties). */
function casesAt(timeline: readonly TimelinePoint[], t: number): number {
  let before = timeline[0];
  for (const p of timeline) {
    if (p.t > t) {
      if (p.t === before.t) return before.cases;
      return before.cases + ((p.cases - before.cases) * (t - before.t)) / (p.t - before.t);
    }
    before = p;
  }
  return before.cases;
}

/**
 * Cases per second over at most `windows` equal windows of the run, at each window's
 * end time (s). Samples come every half second or so; rates between neighbours would
 * be mostly noise, so they are averaged over windows of a fraction of the run.
 */
export function ratePoints(timeline: readonly TimelinePoint[], windows = 40): Array<[number, number]> {
  if (timeline.length < 2) return [];
  const t0 = timeline[0].t;
  const span = timeline[timeline.length - 1].t - t0;
  if (span <= 0) return [];
  const n = Math.min(windows, timeline.length - 1);
  const width = span / n;
  const points: Array<[number, number]> = [];
  for (let k = 1; k <= n; k++) {
    const start = t0 + (k - 1) * width;
    const end = t0 + k * width;
    points.push([end / 1000, ((casesAt(timeline, end) - casesAt(timeline, start)) * 1000) / width]);
  }
  return points;
}

/** SVG chart of throughput over the run. */
export function casesPerSecondChart(timeline: readonly TimelinePoint[]): string {
  return lineChart({
    title: 'Cases per second over the run',
    xLabel: 'time since start (s)',
    yLabel: 'cases / s',
    series: [{ name: 'cases/s', color: '#0969da', points: ratePoints(timeline) }],
  });
}

// Colour plus dash pattern, so the lines stay apart for colour-blind readers and in print.
const VERDICTS: Array<{ key: keyof Omit<TimelinePoint, 't' | 'cases'>; name: string; color: string; dashed?: boolean }> = [
  { key: 'agree', name: 'agree', color: '#1a7f37' },
  { key: 'mismatch', name: 'mismatch', color: '#cf222e' },
  { key: 'unsupported', name: 'unsupported', color: '#9a6700', dashed: true },
  { key: 'libvirtErrors', name: 'libvirt errors', color: '#8250df', dashed: true },
];

/** SVG chart of cumulative verdicts over the run; the legend gives each final count. */
export function verdictsChart(timeline: readonly TimelinePoint[]): string {
  const last = timeline[timeline.length - 1];
  return lineChart({
    title: 'Verdicts over the run (cumulative)',
    xLabel: 'time since start (s)',
    yLabel: 'cases',
    series: VERDICTS.map((v) => ({
      name: last ? `${v.name} (${last[v.key]})` : v.name,
      color: v.color,
      dashed: v.dashed,
      points: timeline.map((p): [number, number] => [p.t / 1000, p[v.key]]),
    })),
  });
}
