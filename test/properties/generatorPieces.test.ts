// The pure pieces under the generators: disk naming, PCI index assignment as libvirt does
// it, chain numbering, and address resolution against a spec's buses.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainSpec } from '../../types/domain.js';
import { diskTarget } from '../../properties/generators/diskNames.js';
import { nameDisks } from '../../properties/generators/disk.js';
import { declaredPciBuses } from '../../properties/generators/pciBuses.js';
import { numberChain, writeIndexes } from '../../properties/generators/pciChain.js';
import { applyAddressPlan } from '../../properties/generators/addressPlan.js';
import { macFromSuffix } from '../../properties/generators/net.js';
import { deliberateFaults } from '../../properties/generators/faults.js';
import fc from 'fast-check';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { parseMachineHelp } from '../../harness/capabilities.js';
import { renderDomainXml } from '../../properties/userxml/renderXml.js';

const emptySpec = (machine = 'pc'): DomainSpec => ({
  arch: 'x86_64',
  machine,
  graphics: false,
  controllers: [],
  disks: [],
  nets: [],
  videos: [],
  sounds: [],
  rngs: [],
  watchdogs: [],
  inputs: [],
});

test('disk targets count in base 26 after the prefix, aa following z', () => {
  assert.is(diskTarget('vd', 0), 'vda');
  assert.is(diskTarget('vd', 25), 'vdz');
  assert.is(diskTarget('vd', 26), 'vdaa');
  assert.is(diskTarget('sd', 27), 'sdab');
  assert.is(diskTarget('sd', 26 + 26 * 26 - 1), 'sdzz');
  assert.is(diskTarget('sd', 26 + 26 * 26), 'sdaaa');
});

test('sata, scsi and usb share the sd names; a fifth ide disk moves to sata', () => {
  const ide = { device: 'disk' as const, bus: 'ide' as const, skip: 0 };
  const disks = nameDisks([
    { device: 'disk', bus: 'sata', skip: 0 },
    { device: 'cdrom', bus: 'scsi', skip: 2 },
    ide, ide, ide, ide, ide,
    { device: 'disk', bus: 'virtio', skip: 0 },
  ]);
  assert.equal(
    disks.map((d) => `${d.target}/${d.bus}`),
    ['sda/sata', 'sdd/scsi', 'hda/ide', 'hdb/ide', 'hdc/ide', 'hdd/ide', 'sde/sata', 'vda/virtio'],
  );
});

test('MAC suffixes land under 52:54:00 as two-digit lower-case hex', () => {
  assert.is(macFromSuffix(0), '52:54:00:00:00:00');
  assert.is(macFromSuffix(0xab0c01), '52:54:00:ab:0c:01');
});

test('unindexed PCI controllers take the lowest unused index in document order, whatever comes first', () => {
  // Measured: bridge, pci-root index=0, bridge defines as bridges 1 and 2.
  const spec = emptySpec();
  spec.controllers = [
    { type: 'pci', model: 'pci-bridge' },
    { type: 'usb', model: 'qemu-xhci' },
    { type: 'pci', index: 0, model: 'pci-root' },
    { type: 'pci', index: 2, model: 'pci-bridge' },
    { type: 'pci', model: 'pci-bridge' },
  ];
  assert.equal(declaredPciBuses(spec).map((b) => b.index), [1, 0, 2, 3]);
});

test('a switch is numbered after its root port, its ports addressed on its bus', () => {
  const chain = numberChain([{ kind: 'switch', withRootPort: true, downstreams: 2, addressed: true }], 1);
  assert.equal(chain, [
    { type: 'pci', index: 1, model: 'pcie-root-port' },
    { type: 'pci', index: 2, model: 'pcie-switch-upstream-port', address: { type: 'pci', bus: 1, slot: 0 } },
    { type: 'pci', index: 3, model: 'pcie-switch-downstream-port', address: { type: 'pci', bus: 2, slot: 0 } },
    { type: 'pci', index: 4, model: 'pcie-switch-downstream-port', address: { type: 'pci', bus: 2, slot: 1 } },
  ]);
});

test('nested pci-bridges on one parent never share a slot', () => {
  const chain = numberChain(
    [
      { kind: 'pci-bridge', nestUnder: null, slot: 5 },
      { kind: 'pci-bridge', nestUnder: 0, slot: 7 },
      { kind: 'pci-bridge', nestUnder: 0, slot: 7 },
    ],
    1,
  );
  assert.equal(chain.map((c) => c.address), [undefined, { type: 'pci', bus: 1, slot: 7 }, { type: 'pci', bus: 1, slot: 8 }]);
});

test('leaving indexes out declares the root, and libvirt would give back the same indexes', () => {
  const numbered = numberChain([{ kind: 'pcie-to-pci', withBridge: true }], 1);
  const written = writeIndexes('q35', numbered, { firstIndex: 1, omitIndex: [true, false], declareRoot: false, order: [] });
  assert.equal(written[0], { type: 'pci', index: 0, model: 'pcie-root' });
  assert.is(written[1].index, undefined);
  const spec = { ...emptySpec('q35'), controllers: written };
  assert.equal(declaredPciBuses(spec).map((b) => b.index), [0, ...numbered.map((c) => c.index!)]);
  assert.equal(deliberateFaults(spec, 'q35'), []);
});

test('a chain written in another order, indexes left out, still gives every controller the index it was numbered with', () => {
  const numbered = numberChain([{ kind: 'root-port' }, { kind: 'pcie-to-pci', withBridge: true }, { kind: 'root-port' }, { kind: 'root-port' }], 1);
  const written = writeIndexes('q35', numbered, { firstIndex: 1, omitIndex: [false, true, false, true], declareRoot: true, order: [9, 3, 7, 1, 5, 0] });
  // the root is no longer first, and an unindexed port is written among indexed ones
  assert.not.equal(written.map((c) => c.model), [{ type: 'pci', index: 0, model: 'pcie-root' }, ...numbered].map((c) => c.model));
  const spec = { ...emptySpec('q35'), controllers: written };
  const byIndex = (cs: { index?: number; model?: string }[]) => [...cs].sort((a, b) => a.index! - b.index!).map((c) => `${c.index}:${c.model}`);
  assert.equal(byIndex(declaredPciBuses(spec)), byIndex([{ index: 0, model: 'pcie-root' }, ...numbered]));
  assert.equal(deliberateFaults(spec, 'q35'), []);
});

test('root-bus addresses never reuse a slot and skip the slots the chipset owns', () => {
  const spec = emptySpec();
  spec.nets = Array.from({ length: 40 }, (_, i) => ({ model: 'e1000' as const, mac: macFromSuffix(i) }));
  const addressed = applyAddressPlan(spec, spec.nets.map((_, i) => ({ kind: 'root' as const, style: 'full' as const, pick: i * 7 })), 'i440fx');
  const slots = addressed.nets.flatMap((n) => (n.address?.type === 'pci' ? [n.address.slot!] : []));
  // pc's bus 0 has slots 2..31 for us (slot 1 is the PIIX3): 30 NICs get one, 10 are left to libvirt.
  assert.is(slots.length, 30);
  assert.is(new Set(slots).size, 30);
  assert.ok(slots.every((s) => s >= 2 && s <= 31));
  assert.equal(spec.nets[0].address, undefined, 'the input spec is left alone');
});

test('a port address goes to a declared root port, and falls back to the root bus when none is free', () => {
  const spec = emptySpec('q35');
  spec.controllers = [{ type: 'pci', index: 1, model: 'pcie-root-port' }];
  spec.nets = [0, 1].map((i) => ({ model: 'virtio' as const, mac: macFromSuffix(i) }));
  const plan = [0, 1].map(() => ({ kind: 'port' as const, style: 'bus' as const, pick: 0 }));
  const out = applyAddressPlan(spec, plan, 'q35');
  assert.equal(out.nets[0].address, { type: 'pci', bus: 1 });
  assert.equal(out.nets[1].address, { type: 'pci', domain: 0, bus: 0, slot: 1, function: 0 });
});

test('an undeclared bus on q35 takes only PCIe devices, on slot 0', () => {
  const spec = emptySpec('q35');
  spec.nets = [
    { model: 'virtio', mac: macFromSuffix(1) },
    { model: 'e1000', mac: macFromSuffix(2) },
  ];
  const out = applyAddressPlan(spec, [{ kind: 'far', offset: 2, slotPick: 9 }, { kind: 'far', offset: 2, slotPick: 9 }], 'q35');
  assert.equal(out.nets[0].address, { type: 'pci', domain: 0, bus: 2, slot: 0, function: 0 });
  // e1000 would make libvirt add a pci-bridge there (slots 1..31), so it goes on bus 0 instead.
  assert.equal(out.nets[1].address, { type: 'pci', domain: 0, bus: 0, slot: 10, function: 0 });
});

test('a multifunction group puts the next devices on functions 1.. of the same slot', () => {
  const spec = emptySpec();
  spec.nets = [0, 1, 2, 3].map((i) => ({ model: 'virtio' as const, mac: macFromSuffix(i) }));
  const out = applyAddressPlan(spec, [{ kind: 'multifunction', size: 3, pick: 0 }], 'i440fx');
  assert.equal(
    out.nets.map((n) => n.address),
    [
      { type: 'pci', domain: 0, bus: 0, slot: 2, function: 0, multifunction: 'on' },
      { type: 'pci', domain: 0, bus: 0, slot: 2, function: 1 },
      { type: 'pci', domain: 0, bus: 0, slot: 2, function: 2 },
      undefined,
    ],
  );
});

test('virtio-mmio is given to virtio devices on virt only', () => {
  const spec = { ...emptySpec('virt'), arch: 'aarch64' as const };
  spec.nets = [
    { model: 'virtio', mac: macFromSuffix(1) },
    { model: 'e1000e', mac: macFromSuffix(2) },
  ];
  const out = applyAddressPlan(spec, [{ kind: 'mmio' }, { kind: 'mmio' }], 'arm-virt');
  assert.equal(out.nets.map((n) => n.address), [{ type: 'virtio-mmio' }, undefined]);
  assert.equal(applyAddressPlan(spec, [{ kind: 'mmio' }], 'q35').nets[0].address, undefined);
});

test('the fault detector: slot 0 of bus 0 is "no address", not a clash', () => {
  const spec = emptySpec();
  spec.nets = [
    { model: 'virtio', mac: macFromSuffix(1), address: { type: 'pci', bus: 0, slot: 0 } },
    { model: 'virtio', mac: macFromSuffix(2), address: { type: 'pci', domain: 0, bus: 0, slot: 0, function: 0 } },
    { model: 'virtio', mac: macFromSuffix(3), address: { type: 'pci', slot: 7 } },
    { model: 'virtio', mac: macFromSuffix(4), address: { type: 'pci', bus: 0, slot: 7, function: 0 } },
  ];
  assert.equal(deliberateFaults(spec, 'i440fx'), ['duplicate-address nets[2] nets[3] 0000:00:07.0']);
});

// QEMU 7.2's own listing (`qemu-system-x86_64 -machine help`, Debian 12), the part that matters.
const MACHINE_HELP = `Supported machines are:
pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)
pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)
q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)
pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)`;

test("the machine attribute is left out now and then, only when the machine is the build's default", () => {
  const profile = { libvirt: '9.0.0', machines: parseMachineHelp('x86_64', MACHINE_HELP) };
  const omitted = (machine: string, family: 'i440fx' | 'q35', extra: { omitDefaultMachine?: boolean } = {}): number =>
    fc.sample(domainSpecArb({ arch: 'x86_64', machine, family, profile, ...extra }), { numRuns: 300, seed: 5 }).filter((s) => s.machineOmitted).length;
  assert.ok(omitted('pc', 'i440fx') > 10, 'pc is the default: some specs leave it out');
  assert.ok(omitted('pc-i440fx-7.2', 'i440fx') > 10, 'so is its versioned name');
  assert.is(omitted('q35', 'q35'), 0);
  assert.is(omitted('pc', 'i440fx', { omitDefaultMachine: false }), 0);
  const xml = renderDomainXml({ ...emptySpec(), machineOmitted: true }, { name: 'x', virtType: 'qemu', imageDir: '/tmp' });
  assert.match(xml, /<type arch='x86_64'>hvm<\/type>/);
});

test.run();
