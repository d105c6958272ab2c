// Renders report.html in headless Chromium (Debian package "chromium") and checks what
// a reader would see. Without Chromium the test is reported skipped, or fails where it
// must be there (test/skip.ts).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeReports } from '../../reports/index.js';
import { renderHtml } from '../../reports/html.js';
import { runSummary, NIC_DIFF_LINES } from './fixtures.js';
import { CHROMIUM_BROWSER, dumpDom } from './chromium.js';
import { needing } from '../skip.js';

test('the page is self-contained: no script, nothing fetched from the network', () => {
  const html = renderHtml(runSummary());
  assert.not.match(html, /<script/i);
  assert.not.match(html, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.not.match(html, /@import|url\(/i);
});

test('Chromium shows the planted diff side by side and the repro commands', needing([CHROMIUM_BROWSER], async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'vp-html-'));
  try {
    const { html } = await writeReports(out, runSummary());
    const dom = dumpDom(html);
    assert.ok(dom.includes('<h1>virtprop check — pc-q35-7.2 (x86_64)<span class="badge fail">FAIL</span></h1>'));
    // The removed line sits in the expected (left) column, the added ones in the observed (right) one.
    const cell = (kind: string, diffLine: string): string => `<td class="code ${kind}"><span class="mark">${kind === 'removed' ? '−' : '+'}</span>${diffLine.slice(1)}</td>`;
    assert.ok(dom.includes(`${cell('removed', NIC_DIFF_LINES.removed)}<td class="num added">5</td>${cell('added', NIC_DIFF_LINES.added[1])}`), 'memballoon pair');
    assert.ok(dom.includes(`<td class="num empty"></td><td class="code empty"><span class="mark"></span></td><td class="num added">3</td>${cell('added', NIC_DIFF_LINES.added[0])}`), 'added port');
    for (const cmd of ['define input.xml', 'dumpxml vp-case', 'undefine vp-case']) assert.ok(dom.includes(`virsh -c "$URI" ${cmd}`), cmd);
    assert.ok(dom.includes('href="bundles/001-xml-pc-q35-7.2/repro.sh"'));
    // The hotplug counterexample's text needs escaping; it must come out as text, not markup.
    assert.ok(dom.includes("attach dev1.xml -&gt; &lt;address type='pci' slot='0x03'/&gt;"));
    assert.ok(dom.includes('pc-i440fx-7.2 "A&amp;B"'));
    assert.is((dom.match(/<svg /g) ?? []).length, 2, 'two charts');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}));

test.run();
