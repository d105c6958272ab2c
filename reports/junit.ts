// JUnit XML for CI: one testsuite per run, one testcase per property and machine, one
// <failure> per counterexample carrying its diff. Harness faults are JUnit errors, not
// failures, so a broken host never reads as a libvirt regression.

import type { Counterexample, PropertyResult, RunSummary } from '../types/run.js';
import { escapeXml, escapeXmlAttr } from './xmlEscape.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

type Attrs = Record<string, string | number | undefined>;

const attrs = (a: Attrs): string =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');

/** One testcase per property result, plus one for counterexamples no result claims. */
function testCases(summary: RunSummary): Array<{ result: PropertyResult; failures: Counterexample[] }> {
  const key = (property: string, machine: string): string => JSON.stringify([property, machine]);
  const cases = new Map<string, { result: PropertyResult; failures: Counterexample[] }>();
  for (const result of summary.properties) {
    const k = key(result.property, result.machine);
    if (!cases.has(k)) cases.set(k, { result, failures: [] });
  }
  for (const cx of summary.counterexamples) {
    const k = key(cx.property, cx.machine);
    let entry = cases.get(k);
    if (!entry) {
      // A counterexample must never vanish from CI because its totals were not reported.
      entry = { result: { property: cx.property, machine: cx.machine, cases: 0, failures: 0, durationMs: 0 }, failures: [] };
      cases.set(k, entry);
    }
    entry.failures.push(cx);
  }
  return [...cases.values()];
}

/** The text of a <failure>: the diff first, then how to reproduce it. */
function failureText(cx: Counterexample): string {
  const lines = [cx.diff.trimEnd(), '', `seed: ${cx.seed}${cx.path !== undefined ? `  path: ${cx.path}` : ''}`];
  if (cx.bundle !== undefined) lines.push(`bundle: ${cx.bundle}  (run ${cx.bundle}/repro.sh)`);
  lines.push('virsh commands:', ...cx.virshCommands.map((c) => `  virsh ${c}`));
  return lines.join('\n');
}

function renderTestCase(result: PropertyResult, failures: Counterexample[]): string {
  const head = `    <testcase${attrs({ classname: result.machine, name: result.property, time: seconds(result.durationMs), assertions: result.cases })}`;
  const body: string[] = failures.map(
    (cx) => `      <failure${attrs({ type: `${cx.layer}`, message: `${cx.property} disagrees on layer ${cx.layer} (seed ${cx.seed})` })}>${escapeXml(failureText(cx))}</failure>`,
  );
  if (failures.length === 0 && result.failures > 0) {
    body.push(`      <failure${attrs({ type: 'unrecorded', message: `${result.failures} failing case(s) without a recorded counterexample` })}/>`);
  }
  return body.length === 0 ? `${head}/>` : `${head}>\n${body.join('\n')}\n    </testcase>`;
}

/** Renders a run as a JUnit XML document (one testsuite). */
export function renderJUnit(summary: RunSummary): string {
  const cases = testCases(summary);
  const rendered = cases.map((c) => renderTestCase(c.result, c.failures));
  let errors = 0;
  if (summary.harnessErrors > 0) {
    errors = 1;
    rendered.push(
      `    <testcase${attrs({ classname: summary.machine, name: 'harness', time: '0.000' })}>\n` +
        `      <error${attrs({ type: 'harness', message: `${summary.harnessErrors} harness error(s): timeouts or crashes of the harness itself, not counted as mismatches` })}/>\n` +
        '    </testcase>',
    );
  }
  const failing = cases.filter((c) => c.failures.length > 0 || c.result.failures > 0).length;

  const properties: Attrs = {
    command: summary.argv.join(' '),
    seed: summary.seed,
    layers: summary.layers.join(','),
    arch: summary.arch,
    partial: String(summary.partial),
    ...Object.fromEntries(Object.entries(summary.versions).map(([k, v]) => [`version.${k}`, v])),
  };
  const systemOut = [
    `${summary.partial ? 'PARTIAL run (interrupted): totals cover what finished.\n' : ''}` +
      `cases ${summary.cases}: agree ${summary.agree}, mismatch ${summary.mismatch}, unsupported ${summary.unsupported}, ` +
      `libvirt errors ${summary.libvirtErrors}, harness errors ${summary.harnessErrors}; ${summary.casesPerSecond.toFixed(1)} cases/s`,
  ];

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'virtprop', tests: rendered.length, failures: failing, errors, time: seconds(summary.durationMs) })}>`,
    `  <testsuite${attrs({
      name: `virtprop ${summary.command} ${summary.machine}`,
      tests: rendered.length,
      failures: failing,
      errors,
      skipped: 0,
      time: seconds(summary.durationMs),
      timestamp: summary.startedAt,
    })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...rendered,
    `    <system-out>${escapeXml(systemOut.join('\n'))}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
