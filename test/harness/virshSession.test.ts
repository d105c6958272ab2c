// The long-lived virsh session against the real embedded libvirt: framing of output,
// errors, quoting, and that a worker leaves nothing defined.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Worker } from '../../harness/worker.js';
import { makeRunDir } from '../../harness/embedRoot.js';
import { parseDomainXml } from '../../harness/parseDomainXml.js';
import { quoteArg, commandLine } from '../../harness/shellQuote.js';
import { errorMessages } from '../../harness/virshSession.js';

let runDir = '';
let worker: Worker;

test.before(async () => {
  runDir = await makeRunDir('vp-test-');
  worker = await Worker.create({ virsh: 'virsh', runDir, index: 0, timeoutMs: 120_000 });
});

test.after(async () => {
  await worker.close();
  await fs.rm(runDir, { recursive: true, force: true });
});

test('quoting: arguments with spaces and quotes survive virsh parsing', async () => {
  assert.is(quoteArg('plain-arg'), 'plain-arg');
  assert.is(quoteArg("it's here"), `'it'\\''s here'`);
  const r = await worker.virsh(['echo', "it's a $HOME `x` \"y\""]);
  assert.ok(r.ok);
  assert.is(r.stdout.trim(), `it's a $HOME \`x\` "y"`);
  assert.is(commandLine(['a b', 'c']), `'a b' c`);
});

test('errorMessages keeps the lines a libvirt error runs on over (QEMU reason is often there)', () => {
  // Shape of a real `start` failure seen here: libvirt's line, then QEMU's own lines.
  const stderr = "warning: ignored\nerror: Failed to start domain 'x'\nerror: internal error: qemu unexpectedly closed the monitor: warning: host lacks pni\nqemu-system-x86_64: -vnc 127.0.0.1:0: Failed to find an available port\n";
  assert.equal(errorMessages(stderr), ["Failed to start domain 'x'", 'internal error: qemu unexpectedly closed the monitor: warning: host lacks pni\nqemu-system-x86_64: -vnc 127.0.0.1:0: Failed to find an available port']);
  assert.equal(errorMessages(''), []);
});

test('define + dumpxml returns libvirt XML; the canonical machine comes back', async () => {
  const xml = `<domain type='qemu'><name>vp-sess-1</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`;
  const out = await worker.define(xml, 'vp-sess-1');
  assert.is(out.kind, 'defined');
  if (out.kind !== 'defined') return;
  const state = await parseDomainXml(out.xml);
  // QEMU 7.2's `pc` alias points at pc-i440fx-7.2 (observed: qemu-system-x86_64 -machine help).
  assert.match(state.machine, /^pc-i440fx-/);
  assert.ok(state.controllers.some((c) => c.type === 'pci' && c.model === 'pci-root'));
  await worker.undefine('vp-sess-1');
  assert.equal(worker.leftovers, []);
});

test('a failing command reports libvirt error text and does not disturb the next command', async () => {
  const r = await worker.virsh(['dumpxml', 'no-such-domain']);
  assert.not.ok(r.ok);
  assert.match(r.error, /no-such-domain/);
  const after = await worker.virsh(['echo', 'still-framed']);
  assert.is(after.stdout.trim(), 'still-framed');
  assert.is(after.error, '');
});

test('a rejected define is a result, not an exception', async () => {
  const bad = `<domain type='qemu'><name>vp-sess-2</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><interface type='user'><model type='virtio'/><address type='pci' bus='0' slot='5'/></interface><interface type='user'><model type='e1000'/><address type='pci' bus='0' slot='5'/></interface></devices></domain>`;
  const out = await worker.define(bad, 'vp-sess-2');
  assert.is(out.kind, 'rejected');
  assert.equal(worker.leftovers, []);
});

test('large outputs are framed whole (capabilities is tens of kilobytes)', async () => {
  const r = await worker.virsh(['capabilities']);
  assert.ok(r.ok);
  assert.match(r.stdout, /^\s*<capabilities>/);
  assert.match(r.stdout.trimEnd(), /<\/capabilities>$/);
});

test('cleanup undefines whatever a worker still has', async () => {
  const xml = (n: string): string => `<domain type='qemu'><name>${n}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`;
  await worker.define(xml('vp-sess-3'), 'vp-sess-3');
  await worker.define(xml('vp-sess-4'), 'vp-sess-4');
  assert.equal(worker.leftovers.sort(), ['vp-sess-3', 'vp-sess-4']);
  await worker.cleanupDomains();
  assert.equal(worker.leftovers, []);
  const list = await worker.virsh(['list', '--all', '--name']);
  assert.is(list.stdout.trim(), '');
  assert.ok(path.isAbsolute(worker.scratchDir));
});

test.run();
