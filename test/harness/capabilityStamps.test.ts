// Reading why libvirt re-probed QEMU from the stamps of its capability cache. The heads
// below are those of cache files libvirt 11.3 wrote here (debian-13, qemu-system-arm);
// the changed values are what a replaced QEMU or another host CPU signature looks like.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explainReprobes, stampsOf, type CacheStamps } from '../../harness/capabilityStamps.js';

const HEAD = `<qemuCaps>
  <emulator>/usr/bin/qemu-system-arm</emulator>
  <qemuctime>1796459921</qemuctime>
  <qemumoddirmtime>1796459915</qemumoddirmtime>
  <selfctime>1796459916</selfctime>
  <selfvers>11003000</selfvers>
  <flag name='sdl'/>
  <version>10000013</version>
</qemuCaps>`;

test('the stamps are the leaf elements before the first flag', () => {
  const s = stampsOf(HEAD);
  assert.is(s.emulator, '/usr/bin/qemu-system-arm');
  assert.equal(s.stamps, { qemuctime: '1796459921', qemumoddirmtime: '1796459915', selfctime: '1796459916', selfvers: '11003000' });
});

test('a changed stamp is named with its meaning; unchanged emulators say nothing; a new one is a first probe', () => {
  const before = stampsOf(HEAD).stamps;
  const saved: CacheStamps = new Map([['/usr/bin/qemu-system-arm', before], ['/usr/bin/qemu-system-x86_64', { qemuctime: '1', hostCPUSignature: 'AuthenticAMD, family 25' }]]);
  const now: CacheStamps = new Map([
    ['/usr/bin/qemu-system-arm', before],
    ['/usr/bin/qemu-system-x86_64', { qemuctime: '2', hostCPUSignature: 'AuthenticAMD, family 23' }],
    ['/usr/bin/qemu-system-aarch64', { qemuctime: '3' }],
  ]);
  const lines = explainReprobes(saved, now);
  assert.is(lines.length, 2);
  assert.match(lines[0], /qemu-system-x86_64: probed again because qemuctime 1 → 2: the QEMU binary was replaced.*hostCPUSignature AuthenticAMD, family 25 → AuthenticAMD, family 23: .*nested virtualisation/);
  assert.match(lines[1], /qemu-system-aarch64: no saved probe/);
  assert.equal(explainReprobes(saved, new Map([['/usr/bin/qemu-system-arm', before]])), []);
});

test.run();
