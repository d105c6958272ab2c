// `virtprop replay BUNDLE` on hand-made bundles: one whose input.xml only reproduces
// under a libvirt with a planted bug (so "still reproduces" and "fixed" are both seen),
// one with a fast-check seed + path that must regenerate exactly its input.xml, one whose
// input.xml meets a listed libvirt bug (known-issue, exit 0), and broken bundles (exit 2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { renderDomainXml } from '../../properties/userxml/renderXml.js';
import { rendersAsInput, specAtPath } from '../../cli/commands/replay.js';
import { json, pcDomain, PLANTED, tempDir, virtprop, writeIn } from './cli.js';

let dir = '';
test.before(async () => {
  dir = await tempDir();
});
test.after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function bundle(name: string, replay: Record<string, unknown>, inputXml: string): Promise<string> {
  const b = path.join(dir, name);
  await fs.mkdir(b, { recursive: true });
  await writeIn(b, 'replay.json', JSON.stringify(replay));
  await writeIn(b, 'input.xml', inputXml);
  return b;
}

const THREE_NICS = pcDomain('vp-replay-planted', [1, 2, 3].map((i) => ({ mac: `52:54:00:00:06:0${i}`, slot: 4 + i })));
const INFO = { seed: 11, property: 'xml', machine: 'pc-i440fx-7.2', arch: 'x86_64', layer: 'xml' };

test('a bundle without a path: input.xml still disagrees under the planted bug (exit 1) and not under the real libvirt (exit 0)', async () => {
  const b = await bundle('planted', INFO, THREE_NICS);
  const buggy = await virtprop(['replay', b, '--json', '--virsh', PLANTED]);
  const bad = json(buggy);
  assert.is(bad.reproduces, true, buggy.stdout + buggy.stderr);
  assert.is((bad.inputXml as Record<string, unknown>).verdict, 'mismatch');
  assert.match(String((bad.generated as Record<string, unknown>).note), /no fast-check path/);
  assert.is(buggy.code, 1);
  const fixed = await virtprop(['replay', b]);
  assert.match(fixed.stdout, /no longer reproduces/);
  assert.is(fixed.code, 0);
});

test('a bundle whose input.xml meets a listed libvirt bug: known-issue with its id, not a reproduction (exit 0)', async () => {
  const input = await fs.readFile('known-issues/libvirt-9.0-multifunction-off-accepted/input.xml', 'utf8');
  const b = await bundle('known', { seed: 1, property: 'qemu-refused', machine: 'q35', arch: 'x86_64', layer: 'argv' }, input);
  const run = await virtprop(['replay', b, '--json']);
  const out = json(run);
  assert.is(out.reproduces, false, run.stdout + run.stderr);
  assert.is(out.knownIssue, 'libvirt-9.0-multifunction-off-accepted');
  const file = out.inputXml as Record<string, unknown>;
  assert.is(file.verdict, 'known-issue');
  assert.is(file.knownIssue, 'libvirt-9.0-multifunction-off-accepted');
  assert.is(run.code, 0);
  const text = await virtprop(['replay', b]);
  assert.match(text.stdout, /KNOWN ISSUE libvirt-9\.0-multifunction-off-accepted/);
  assert.is(text.code, 0);
});

test('seed + path regenerate the very spec that input.xml was rendered from', async () => {
  const arb = domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35' });
  const spec = await specAtPath(arb, 99, '4');
  const input = renderDomainXml(spec, { name: 'vp-replay-gen', virtType: 'qemu', imageDir: '/tmp/old-run/w0/scratch/images' });
  assert.ok(rendersAsInput(spec, input));
  // a guest that differs in one respect is told apart
  assert.not.ok(rendersAsInput({ ...spec, graphics: !spec.graphics }, input));
  const b = await bundle('generated', { seed: 99, path: '4', property: 'xml', machine: 'pc-q35-7.2', arch: 'x86_64', layer: 'xml' }, input);
  const run = await virtprop(['replay', b, '--json']);
  const out = json(run);
  const generated = out.generated as Record<string, unknown>;
  assert.is(generated.sameCase, true, run.stdout);
  assert.is(run.code, out.reproduces ? 1 : 0);
});

test('a bundle with a broken replay.json, or none, is a usage error (exit 2)', async () => {
  const noSeed = await bundle('noseed', { ...INFO, seed: 'x' }, THREE_NICS);
  const r1 = await virtprop(['replay', noSeed]);
  assert.is(r1.code, 2);
  assert.match(r1.stderr, /"seed" must be an integer/);
  const diffBundle = await bundle('diffb', { ...INFO, property: 'diff', layer: 'diff' }, THREE_NICS);
  const r3 = await virtprop(['replay', diffBundle]);
  assert.is(r3.code, 2);
  assert.match(r3.stderr, /is a `diff` bundle/);
  const empty = path.join(dir, 'empty');
  await fs.mkdir(empty);
  const r2 = await virtprop(['replay', empty]);
  assert.is(r2.code, 2);
  assert.match(r2.stderr, /is not a repro bundle/);
  assert.not.match(r2.stderr, /\n\s+at /);
});

test.run();
