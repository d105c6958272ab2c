// The two charts of report.html, derived from the run's timeline samples.

import type { TimelinePoint } from '../types/run.js';
import { lineChart } from './svgChart.js';

/** Cases per second between consecutive samples, at the end time (s) of each interval. */
export function ratePoints(timeline: readonly TimelinePoint[]): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (let i = 1; i < timeline.length; i++) {
    const dt = timeline[i].t - timeline[i - 1].t;
    if (dt <= 0) continue;
    points.push([timeline[i].t / 1000, ((timeline[i].cases - timeline[i - 1].cases) * 1000) / dt]);
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
