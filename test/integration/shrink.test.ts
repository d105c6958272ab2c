// The shrinker against a planted regression: a virsh wrapper (test/fixtures/planted/
// misreport-slot) that misreports one NIC's slot only when a domain has three or more
// NICs. A check run must catch it and shrink it to a guest with exactly three NICs and
// no other device. The wrapper only alters output: every command reaches the real libvirt.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_BROWSER, dumpDom } from '../reports/chromium.js';
import { needing } from '../skip.js';

const CLI = path.resolve('bin/virtprop.js');
const WRAPPER = path.resolve('test/fixtures/planted/misreport-slot');

/** Device elements of a domain XML, by name. */
function deviceElements(xml: string): string[] {
  const devices = /<devices>([\s\S]*)<\/devices>/.exec(xml)?.[1] ?? '';
  return [...devices.matchAll(/^\s{4}<([a-z]+)[\s>/]/gm)].map((m) => m[1]);
}

/** The first test's run, kept for the second: its output directory and first counterexample. */
let shrunk: { out: string; cx: { xml: string; diff: string; bundle: string } } | undefined;

test.after(async () => {
  if (shrunk) await fs.rm(shrunk.out, { recursive: true, force: true });
});

test('a planted slot misreport is caught and shrunk to exactly three NICs', async () => {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-shrink-'));
  shrunk = { out, cx: { xml: '', diff: '', bundle: '' } };
  const r = await execa('node', [CLI, 'check', '--virsh', WRAPPER, '--machine', 'pc', '--runs', '100', '--seed', '3', '--layers', 'xml', '--workers', '1', '--max-counterexamples', '1', '--json', '--out', out], { reject: false, timeout: 10 * 60_000 });
  assert.is(r.exitCode, 1, `expected exit 1 (mismatch); stderr: ${r.stderr}`);
  const json = JSON.parse(String(r.stdout));
  assert.ok(json.mismatch >= 1);
  const cx = json.counterexamples[0];
  shrunk.cx = cx;
  assert.equal(deviceElements(cx.xml), ['interface', 'interface', 'interface'], `shrunk XML:\n${cx.xml}`);
  // The diff names the NIC whose slot moved, and the bundle holds a runnable repro.
  assert.match(cx.diff, /^-device net:52:54:00:[0-9a-f:]+ @ pci 0000:00:/m);
  const repro = await fs.readFile(path.join(out, cx.bundle, 'repro.sh'), 'utf8');
  assert.match(repro, /define/);
  assert.match(await fs.readFile(path.join(out, cx.bundle, 'input.xml'), 'utf8'), /<interface type='user'>/);
});

test('the HTML report of that run, as a reader sees it in a browser', needing([CHROMIUM_BROWSER], () => {
  assert.ok(shrunk?.cx.bundle, 'the shrinking run above gave no counterexample');
  const { out, cx } = shrunk!;
  const dom = dumpDom(path.join(out, 'report.html'));
  const removed = /^-(device net:\S+ @ pci \S+)$/m.exec(cx.diff)![1];
  const added = /^\+(device net:\S+ @ pci \S+)$/m.exec(cx.diff)![1];
  assert.ok(dom.includes(`<td class="code removed"><span class="mark">−</span>${removed}</td>`), `removed line on the page: ${removed}`);
  assert.ok(dom.includes(`<td class="code added"><span class="mark">+</span>${added}</td>`), `added line on the page: ${added}`);
  assert.ok(dom.includes('virsh -c "$URI" define input.xml'), 'repro commands on the page');
  assert.ok(dom.includes(`href="${cx.bundle}/repro.sh"`), 'link to the bundle');
}));

test.run();
