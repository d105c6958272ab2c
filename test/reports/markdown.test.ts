import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderMarkdown } from '../../reports/markdown.js';
import { runSummary, nicCounterexample, NIC_DIFF_LINES } from './fixtures.js';
import type { Counterexample } from '../../types/run.js';

test('header carries versions, command line, totals and rate', () => {
  const md = renderMarkdown(runSummary());
  assert.ok(md.startsWith('# virtprop check: 2 mismatches on pc-q35-7.2 (x86_64)\n'));
  assert.ok(md.includes('- **Command:** `virtprop check --machine q35 --layers xml,argv --seed 424242`'));
  assert.ok(md.includes('- **Versions:** libvirt: 9.0.0, qemu: 7.2.0, virtprop: 0.1.0'));
  assert.ok(md.includes('600 in 60.0 s (10.0 cases/s): 540 agree, 2 mismatch, 48 unsupported, 3 libvirt errors, 0 harness errors'));
  assert.ok(md.includes('- **Outside the model:** pci-expander-bus ×30, user address on pcie-root ×18'));
  assert.not.ok(md.includes('Partial run'));
});

test('first counterexample shows commands, shrunk XML and diff in fenced blocks', () => {
  const md = renderMarkdown(runSummary());
  assert.ok(md.includes('## Counterexample 1 of 2: xml on pc-q35-7.2, layer xml'));
  assert.ok(md.includes('```sh\nvirsh define input.xml\nvirsh dumpxml vp-case\nvirsh undefine vp-case\n```'));
  assert.ok(md.includes("```xml\n<domain type='qemu'>\n  <name>vp-case</name>"));
  assert.ok(md.includes(`\n${NIC_DIFF_LINES.removed}\n`));
  for (const line of NIC_DIFF_LINES.added) assert.ok(md.includes(`\n${line}\n`), line);
  assert.ok(md.includes('seed 424242, path 12:0:3.'));
});

test('long shrink paths are cut and point to replay.json', () => {
  const path = Array.from({ length: 100 }, () => '0').join(':');
  const md = renderMarkdown(runSummary({ counterexamples: [{ ...nicCounterexample(), path }] }));
  assert.ok(md.includes(`path ${path.slice(0, 48)}… (whole path in replay.json)`));
  assert.not.ok(md.includes(path));
});

test('partial runs say so at the top', () => {
  const md = renderMarkdown(runSummary({ partial: true }));
  assert.ok(md.split('\n').slice(0, 4).includes('> **Partial run:** interrupted; the totals cover only what finished.'));
});

test('long runs stay under the cap and say what was left out', () => {
  const bulky = (i: number): Counterexample => ({
    ...nicCounterexample(),
    property: `p${i}`,
    diff: Array.from({ length: 500 }, (_, k) => `+line ${k}`).join('\n'),
  });
  const md = renderMarkdown(runSummary({ counterexamples: Array.from({ length: 10 }, (_, i) => bulky(i)) }), { maxLength: 4000, maxBlockLines: 20 });
  assert.ok(md.length <= 4000, `length ${md.length}`);
  assert.ok(md.includes('+line 19\n… 480 more lines (see the bundle)\n'));
  assert.not.ok(md.includes('+line 20\n'));
  const shown = (md.match(/^## Counterexample /gm) ?? []).length;
  assert.ok(shown >= 1 && shown < 10, `shown ${shown}`);
  assert.ok(md.includes(`_${10 - shown} more counterexamples in report.html and the bundles directory._`));
});

test('backticks inside XML cannot close the code fence', () => {
  const md = renderMarkdown(runSummary({ counterexamples: [{ ...nicCounterexample(), xml: '<a>```</a>\n' }] }));
  assert.ok(md.includes('````xml\n<a>```</a>\n````'));
});

test.run();
