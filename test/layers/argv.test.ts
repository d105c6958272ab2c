// harness/argv.ts on command lines captured here (see test/fixtures/layers/README.md).
// Every expected device below was written by reading the fixture text.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  domainLogPath,
  extractLoggedCommandLine,
  normaliseAddr,
  parseQemuArgv,
  parseQemuMachine,
  splitQemuOpts,
  splitShellWords,
} from '../../harness/argv.js';
import { readFixture } from './fixtures.js';

test('splitShellWords: quotes, escapes and line continuations', () => {
  assert.equal(splitShellWords(`a 'b c' "d \\"e\\"" f\\ g \\\n h '{"x":1}'`), ['a', 'b c', 'd "e"', 'f g', 'h', '{"x":1}']);
  // virsh quotes a single quote as '\'' inside a single-quoted word.
  assert.equal(splitShellWords(`'it'\\''s'`), ["it's"]);
  assert.throws(() => splitShellWords(`'open`), /unterminated/);
});

test('normaliseAddr: every spelling to SS.F', () => {
  assert.is(normaliseAddr('0x2'), '02.0');
  assert.is(normaliseAddr('0x1f.0x2'), '1f.2');
  assert.is(normaliseAddr('0x2.0x1'), '02.1');
  assert.is(normaliseAddr('0x1D.0x7'), '1d.7');
  assert.is(normaliseAddr('3'), '03.0');
  assert.is(normaliseAddr('1f.2'), '1f.2');
  assert.throws(() => normaliseAddr('0x20'), /slot/);
  assert.throws(() => normaliseAddr('bus'), /cannot read/);
});

test('splitQemuOpts: ",," is a literal comma', () => {
  assert.equal(splitQemuOpts('virtio-net-pci,id=a,,b,addr=0x3'), ['virtio-net-pci', 'id=a,b', 'addr=0x3']);
});

test('parseQemuArgv: key=value syntax, ioh3420 and a switch (libvirt test data)', () => {
  const devices = parseQemuArgv(readFixture('libvirt-test-pcie-switch-downstream-port.args'));
  const down = (id: string, bus: string, addr: string, port: number, chassis: number) => ({ driver: 'xio3130-downstream', id, bus, addr, port, chassis });
  assert.equal(devices, [
    { driver: 'ioh3420', id: 'pci.1', bus: 'pcie.0', addr: '02.0', port: 0x10, chassis: 1 },
    { driver: 'x3130-upstream', id: 'pci.2', bus: 'pci.1', addr: '00.0' },
    down('pci.3', 'pci.2', '00.0', 0, 3),
    down('pci.4', 'pci.2', '01.0', 1, 4),
    down('pci.5', 'pci.2', '02.0', 2, 5),
    down('pci.6', 'pci.2', '03.0', 0x27, 30),
    { driver: 'x3130-upstream', id: 'pci.7', bus: 'pci.3', addr: '00.0' },
    down('pci.8', 'pci.2', '04.0', 4, 8),
    down('pci.9', 'pci.2', '05.0', 5, 9),
    down('pci.10', 'pci.2', '06.0', 6, 10),
    // ide-hd (bus=ide.0, no addr) is not a PCI function and is left out.
    { driver: 'qxl-vga', id: 'video0', bus: 'pcie.0', addr: '01.0' },
  ]);
  assert.is(parseQemuMachine(readFixture('libvirt-test-pcie-switch-downstream-port.args')), 'q35');
});

test('parseQemuArgv: JSON syntax from domxml-to-native, q35 with switch, DMI bridge and USB companion', () => {
  const text = readFixture('q35b.argv.txt');
  const port = (id: string, addr: string, p: number, chassis: number, multifunction?: boolean) => ({
    driver: 'pcie-root-port', id, bus: 'pcie.0', addr, ...(multifunction ? { multifunction } : {}), port: p, chassis,
  });
  assert.equal(parseQemuArgv(text), [
    port('pci.1', '02.0', 16, 1, true),
    { driver: 'x3130-upstream', id: 'pci.2', bus: 'pci.1', addr: '00.0' },
    { driver: 'xio3130-downstream', id: 'pci.3', bus: 'pci.2', addr: '00.0', port: 0, chassis: 3 },
    { driver: 'xio3130-downstream', id: 'pci.4', bus: 'pci.2', addr: '01.0', port: 1, chassis: 4 },
    { driver: 'i82801b11-bridge', id: 'pci.5', bus: 'pcie.0', addr: '1e.0' },
    // pci-bridge's chassis_nr is reported as chassis.
    { driver: 'pci-bridge', id: 'pci.6', bus: 'pci.5', addr: '00.0', chassis: 6 },
    port('pci.7', '02.1', 17, 7),
    port('pci.8', '02.2', 18, 8),
    port('pci.9', '02.3', 19, 9),
    { driver: 'ich9-usb-ehci1', id: 'usb', bus: 'pcie.0', addr: '1d.7' },
    // The companion has masterbus= and no id.
    { driver: 'ich9-usb-uhci1', bus: 'pcie.0', addr: '1d.0', multifunction: true },
    { driver: 'virtio-scsi-pci', id: 'scsi0', bus: 'pci.4', addr: '00.0' },
    { driver: 'e1000e', id: 'net0', bus: 'pci.3', addr: '00.0' },
    { driver: 'rtl8139', id: 'net1', bus: 'pci.6', addr: '01.0' },
    { driver: 'virtio-tablet-pci', id: 'input0', bus: 'pci.8', addr: '00.0' },
    { driver: 'virtio-mouse-pci', id: 'input1', bus: 'pci.9', addr: '00.0' },
    { driver: 'bochs-display', id: 'video0', bus: 'pcie.0', addr: '01.0' },
    { driver: 'virtio-gpu-pci', id: 'video1', bus: 'pci.7', addr: '00.0' },
    // hda-duplex sits on sound0.0 with no addr and is left out.
    { driver: 'intel-hda', id: 'sound0', bus: 'pci.6', addr: '02.0' },
  ]);
  assert.is(parseQemuMachine(text), 'pc-q35-7.2');
});

test('domxml-to-native re-addresses user-placed NICs; the logged start command line does not', () => {
  const nics = (text: string) => parseQemuArgv(text).filter((d) => d.id?.startsWith('net'));
  // pca.inactive.xml: net1 on bus 1 slot 5; net2/net3 a multifunction pair at 00:09.0/.1.
  assert.equal(nics(readFixture('pca.argv.txt')), [
    { driver: 'rtl8139', id: 'net0', bus: 'pci.0', addr: '04.0' },
    { driver: 'virtio-net-pci', id: 'net1', bus: 'pci.0', addr: '09.0' },
    { driver: 'e1000', id: 'net2', bus: 'pci.0', addr: '10.0' },
    { driver: 'e1000', id: 'net3', bus: 'pci.0', addr: '11.0' },
  ]);
  const logged = extractLoggedCommandLine(readFixture('pca.qemu.log'));
  assert.equal(nics(logged), [
    { driver: 'rtl8139', id: 'net0', bus: 'pci.0', addr: '04.0' },
    { driver: 'virtio-net-pci', id: 'net1', bus: 'pci.1', addr: '05.0' },
    { driver: 'e1000', id: 'net2', bus: 'pci.0', addr: '09.0', multifunction: true },
    { driver: 'e1000', id: 'net3', bus: 'pci.0', addr: '09.1' },
  ]);
  assert.is(parseQemuMachine(logged), 'pc-i440fx-7.2');
});

test('extractLoggedCommandLine: takes the last start of a log and stops at its last argument', () => {
  const log = [
    '2026-01-01 00:00:00.000+0000: starting up libvirt version: 9.0.0',
    'LC_ALL=C \\',
    '/usr/bin/qemu-system-x86_64 \\',
    "-device '{\"driver\":\"e1000\",\"id\":\"net0\",\"bus\":\"pci.0\",\"addr\":\"0x3\"}'",
    '2026-01-01 00:00:01.000+0000: shutting down, reason=destroyed',
    '2026-01-01 00:00:02.000+0000: starting up libvirt version: 9.0.0',
    'LC_ALL=C \\',
    '/usr/bin/qemu-system-x86_64 \\',
    "-device '{\"driver\":\"e1000\",\"id\":\"net0\",\"bus\":\"pci.0\",\"addr\":\"0x4\"}' \\",
    '-msg timestamp=on',
    'char device redirected to /dev/pts/3',
  ].join('\n');
  assert.equal(parseQemuArgv(extractLoggedCommandLine(log)), [{ driver: 'e1000', id: 'net0', bus: 'pci.0', addr: '04.0' }]);
  assert.throws(() => extractLoggedCommandLine('nothing here'), /starting up/);
});

test('domainLogPath: embedded root, system and session drivers; nothing for remote URIs', () => {
  assert.is(domainLogPath('qemu:///embed?root=/tmp/vp-x', 'g1'), '/tmp/vp-x/log/qemu/g1.log');
  assert.is(domainLogPath('qemu:///system', 'g1'), '/var/log/libvirt/qemu/g1.log');
  assert.is(domainLogPath('qemu:///session', 'g1', '/home/u'), '/home/u/.cache/libvirt/qemu/log/g1.log');
  assert.is(domainLogPath('qemu+ssh://host/system', 'g1'), undefined);
});

test.run();
