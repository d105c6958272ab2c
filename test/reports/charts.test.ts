import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStringPromise } from 'xml2js';
import { niceTicks, lineChart } from '../../reports/svgChart.js';
import { ratePoints, casesPerSecondChart, verdictsChart } from '../../reports/charts.js';
import { runSummary } from './fixtures.js';

test('nice ticks start at zero and step by 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceTicks(0, 60), [0, 20, 40, 60]);
  assert.equal(niceTicks(3, 97), [0, 20, 40, 60, 80, 100]);
  assert.equal(niceTicks(0, 7), [0, 2, 4, 6, 8]);
  assert.equal(niceTicks(0, 0), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal(niceTicks(0, 0.03), [0, 0.01, 0.02, 0.03]);
});

const at = (t: number, cases: number) => ({ t, cases, agree: 0, mismatch: 0, unsupported: 0, libvirtErrors: 0 });

test('rate is cases per second over equal windows, at the end of each window', () => {
  assert.equal(ratePoints([at(0, 0), at(1000, 10), at(2000, 30), at(3000, 30)]), [[1, 10], [2, 20], [3, 0]]);
  // Two windows over four samples: 0..2 s does 40 cases, 2..4 s does 10.
  assert.equal(ratePoints([at(0, 0), at(1000, 10), at(2000, 40), at(3000, 45), at(4000, 50)], 2), [[2, 20], [4, 5]]);
  // Between samples the count is interpolated; of two samples at one instant the later counts.
  assert.equal(ratePoints([at(0, 0), at(2000, 50), at(2000, 60), at(4000, 70)], 2), [[2, 30], [4, 5]]);
});

test('no rate without two samples spread in time', () => {
  assert.equal(ratePoints([at(0, 0)]), []);
  assert.equal(ratePoints([at(500, 1), at(500, 2)]), []);
});

test('charts are well-formed SVG with a title, a path per series and a legend', async () => {
  const timeline = runSummary().timeline;
  for (const svg of [casesPerSecondChart(timeline), verdictsChart(timeline)]) {
    const doc = (await parseStringPromise(svg, { strict: true })) as { svg: { title: string[]; path: unknown[] } };
    assert.ok(doc.svg.title[0].length > 0);
    assert.ok(doc.svg.path.length >= 1);
  }
  const verdicts = verdictsChart(timeline);
  assert.is((verdicts.match(/<path /g) ?? []).length, 4);
  for (const name of ['agree (540)', 'mismatch (2)', 'unsupported (48)', 'libvirt errors (3)']) assert.ok(verdicts.includes(`>${name}</text>`), name);
});

test('points land inside the plot area, largest value at the top tick', () => {
  const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', width: 400, height: 300, series: [{ name: 's', color: '#000', points: [[0, 0], [10, 100]] }] });
  // Plot spans x 56..384 and y 36..236 with the default margins; 100 is the top tick.
  assert.ok(svg.includes('d="M56.0 236.0 L384.0 36.0"'), svg);
});

test('an empty timeline says so instead of drawing', () => {
  const svg = casesPerSecondChart([]);
  assert.ok(svg.includes('no samples recorded'));
  assert.not.ok(svg.includes('<path'));
});

test.run();
