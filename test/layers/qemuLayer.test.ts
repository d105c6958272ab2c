// properties/judges/qemuLayer.ts on live XML and `info qtree` captured from the same running
// guests (test/fixtures/layers), then on trees altered the way real bugs would alter them.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDomainXml } from '../../harness/parseDomainXml.js';
import { parseQtree } from '../../harness/qtree.js';
import { compareQemuTree } from '../../properties/judges/qemuLayer.js';
import type { QemuPciDevice } from '../../types/qemu.js';
import { readFixture } from './fixtures.js';

const FIXTURES = ['q35a', 'q35b', 'q35c', 'q35x', 'pca', 'pcb', 'pcx', 'arm1', 'arm2', 'arm3', 'pc-ua', 'q35-ua', 'pc-ua-ide'];

async function load(name: string) {
  return { live: await parseDomainXml(readFixture(`${name}.live.xml`)), tree: parseQtree(readFixture(`${name}.qtree.txt`)) };
}

for (const name of FIXTURES) {
  test(`${name}: QEMU built every PCI function where libvirt's live XML says`, async () => {
    const { live, tree } = await load(name);
    const result = compareQemuTree(live, tree);
    assert.is(result.diff, '');
    assert.ok(result.agree);
  });
}

test('libvirt 9.0 bug caught: on aarch64 virt an lsilogic next to a virtio-mmio disk gets a virtio-mmio address', async () => {
  // arm-mmio-lsi.live.xml has <controller type='scsi' model='lsilogic'> with
  // <address type='virtio-mmio'/>; libvirt then passes -device lsi without bus/addr and
  // QEMU plugs it into pcie.0 at a slot of its own choosing (01.0 in the qtree).
  const { live, tree } = await load('arm-mmio-lsi');
  const result = compareQemuTree(live, tree);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^\+scsi0 on pcie\.0 01\.0$/m);
  assert.equal(result.diff.split('\n').filter((l) => /^[-+][^-+]/.test(l)), ['+scsi0 on pcie.0 01.0']);
});

test('a device QEMU put on another slot shows as one removed and one added line', async () => {
  const { live, tree } = await load('q35b');
  const moved = tree.map((d): QemuPciDevice => (d.id === 'net1' ? { ...d, addr: '03.0' } : d));
  const result = compareQemuTree(live, moved);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^-net1 on pci\.6 01\.0$/m);
  assert.match(result.diff, /^\+net1 on pci\.6 03\.0$/m);
});

test('a device libvirt lists but QEMU lacks, and one QEMU has that libvirt does not know', async () => {
  const { live, tree } = await load('pca');
  const extra: QemuPciDevice = { driver: 'e1000', id: 'stray0', parentBus: 'pci.0', addr: '1e.0', childBuses: [] };
  const result = compareQemuTree(live, [...tree.filter((d) => d.id !== 'balloon0'), extra]);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^-balloon0 on pci\.0 0b\.0$/m);
  assert.match(result.diff, /^\+stray0 on pci\.0 1e\.0$/m);
});

test('an unexplained id-less function is reported, not skipped like the listed built-ins', async () => {
  const { live, tree } = await load('q35a');
  const unknown: QemuPciDevice = { driver: 'edu', parentBus: 'pcie.0', addr: '10.0', childBuses: [] };
  const result = compareQemuTree(live, [...tree, unknown]);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^\+\(no id: edu\) on pcie\.0 10\.0$/m);
});

test('a bridge whose bus QEMU names differently is caught through "provides"', async () => {
  const { live, tree } = await load('q35b');
  const renamed = tree.map((d): QemuPciDevice => (d.id === 'pci.5' ? { ...d, childBuses: ['pci.50'] } : d));
  const result = compareQemuTree(live, renamed);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^\+pci\.5 on pcie\.0 1e\.0 provides pci\.50$/m);
});

// Observed 2026-12-05, libvirt 9.0.0 / QEMU 7.2 (fixtures q35-ua, pc-ua): a root with a user
// alias keeps QEMU's bus name (pcie.0, pci.0) while every other controller's bus is named by
// its user alias. Checked here so the fixtures' agreement above cannot come from aliases left out.
test('user aliases: the root bus keeps its name, the others take the alias, and a bus named otherwise is caught', async () => {
  for (const [name, rootBus] of [['q35-ua', 'pcie.0'], ['pc-ua', 'pci.0']]) {
    const { live, tree } = await load(name);
    assert.is(live.controllers.find((c) => c.type === 'pci' && c.index === 0)?.alias, 'ua-root');
    assert.ok(tree.some((d) => d.parentBus === rootBus), `${name}: something on ${rootBus}`);
  }
  const { live, tree } = await load('q35-ua');
  const renamed = tree.map((d): QemuPciDevice => (d.id === 'ua-p2p' ? { ...d, childBuses: ['pci.5'] } : d));
  const result = compareQemuTree(live, renamed);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^\+ua-p2p on pci\.2 00\.0 provides pci\.5$/m);
});

// Observed 2026-12-05, libvirt 9.0.0 / QEMU 7.2 (fixture pc-ua-ide): the built-in IDE with a
// user alias is ua-ide in live XML and id-less in QEMU; an EHCI named ua-ehci leaves its
// companion libvirt's alias usb, which no other controller shares.
test('user aliases on the built-in IDE and an EHCI master are joined like libvirt\'s own', async () => {
  const { live, tree } = await load('pc-ua-ide');
  assert.equal(live.controllers.filter((c) => c.type !== 'pci').map((c) => c.alias).sort(), ['ua-ehci', 'ua-ide', 'usb']);
  const moved = live.controllers.map((c) => (c.alias === 'ua-ide' && c.address.pci ? { ...c, address: { type: 'pci', pci: { ...c.address.pci, function: 4 } } } : c));
  const result = compareQemuTree({ ...live, controllers: moved }, tree);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^-ua-ide on pci\.0 01\.4$/m);
});

test("the pc IDE built-in is joined to libvirt's 'ide' controller when listed, and its place checked", async () => {
  const { live, tree } = await load('pca');
  const controllers = live.controllers.map((c) =>
    c.type === 'ide' && c.address.pci ? { ...c, address: { type: 'pci', pci: { ...c.address.pci, function: 4 } } } : c,
  );
  const result = compareQemuTree({ ...live, controllers }, tree);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^-ide on pci\.0 01\.4$/m);
  assert.match(result.diff, /^\+ide on pci\.0 01\.1$/m);
});

test.run();
