// The misreport-slot wrapper against the real virsh: output without a <domain> document
// (capabilities, with its self-closing <domain type=…/> entries) and domains with fewer
// than three NICs pass through unchanged; with three NICs exactly one slot moves.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { misreportSlot } from './cliRun.js';

let root: string;
let uri: string;
test.before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'vp-planted-'));
  await mkdir(path.join(root, 'etc'));
  // As root, QEMU runs as root: avoids libvirt's re-probe on every call (ARCHITECTURE.md, "The capability cache trap").
  await writeFile(path.join(root, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\n');
  uri = `qemu:///embed?root=${root}`;
});
test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

const nic = (n: number): string => `<interface type='user'><mac address='52:54:00:00:00:0${n}'/><model type='virtio'/></interface>`;
const domain = (nics: number): string =>
  `<domain type='qemu'><name>vp-planted-${nics}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>${Array.from({ length: nics }, (_, i) => nic(i)).join('')}</devices></domain>`;

/** dumpxml of a domain with `nics` NICs through the real virsh and through the wrapper. */
async function dumpBoth(nics: number): Promise<[string, string]> {
  const file = path.join(root, `d${nics}.xml`);
  await writeFile(file, domain(nics));
  await execa('virsh', ['-c', uri, 'define', file]);
  try {
    const real = await execa('virsh', ['-c', uri, 'dumpxml', `vp-planted-${nics}`]);
    const planted = await execa(misreportSlot, ['-c', uri, 'dumpxml', `vp-planted-${nics}`]);
    return [real.stdout, planted.stdout];
  } finally {
    await execa('virsh', ['-c', uri, 'undefine', `vp-planted-${nics}`]);
  }
}

test('capabilities pass through unchanged', async () => {
  const real = await execa('virsh', ['-c', uri, 'capabilities']);
  const planted = await execa(misreportSlot, ['-c', uri, 'capabilities']);
  assert.match(real.stdout, /<domain type='qemu'\/>/);
  // The embedded driver makes up a host <uuid> per process; everything else must match.
  const noUuid = (text: string): string => text.replace(/<uuid>[^<]*<\/uuid>/, '<uuid/>');
  assert.is(noUuid(planted.stdout), noUuid(real.stdout));
});

test('two NICs: dumpxml unchanged', async () => {
  const [real, planted] = await dumpBoth(2);
  assert.is(planted, real);
});

test('three NICs: the first NIC is one slot further, nothing else changes', async () => {
  const [real, planted] = await dumpBoth(3);
  const r = real.split('\n');
  const p = planted.split('\n');
  assert.is(p.length, r.length);
  const changed = r.map((line, i) => [line, p[i]] as const).filter(([a, b]) => a !== b);
  assert.is(changed.length, 1, JSON.stringify(changed));
  const slot = (line: string): number => parseInt(/slot='0x([0-9a-f]+)'/.exec(line)![1], 16);
  assert.is(slot(changed[0][1]), slot(changed[0][0]) + 1);
  // It is the first interface's address line.
  const firstNic = r.findIndex((l) => l.includes('<interface'));
  const firstAddr = r.findIndex((l, i) => i > firstNic && l.includes("<address type='pci'"));
  assert.is(r.indexOf(changed[0][0]), firstAddr);
});

test('interactive session: prompts without newline pass through, exit status kept', async () => {
  const r = await execa(misreportSlot, ['-c', uri], { input: 'echo hello\nquit\n', reject: false });
  assert.is(r.exitCode, 0);
  assert.match(r.stdout, /virsh # echo hello\nhello\n/);
  const bad = await execa(misreportSlot, ['-c', uri, 'no-such-command'], { reject: false });
  assert.is(bad.exitCode, 1);
  assert.match(bad.stderr, /unknown command/);
});

test.run();
