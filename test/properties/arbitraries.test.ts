// What the spec generators produce, measured over many samples: identities stay unique,
// targets match buses, sizes reach past the root bus, user addresses cover every form on
// a minority of devices, and on-purpose faults are rare and always recognised.

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainSpec, UserAddress } from '../../types/domain.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { deliberateFaults } from '../../properties/generators/faults.js';
import { faultKinds, injectFault } from '../../properties/generators/faultInjection.js';
import { addressableDevices } from '../../properties/generators/pciDevices.js';
import { declaredPciBuses } from '../../properties/generators/pciBuses.js';
import { targetPrefix } from '../../properties/generators/diskNames.js';
import { FAMILIES, type FamilyCase } from './families.js';
import { isUserAlias } from '../../model/userAliases.js';

const SAMPLES = 2000;
const samples = new Map<string, DomainSpec[]>();

/** 2000 specs per family, drawn once with a fixed seed and shared by the tests below. */
function sampleOf(c: FamilyCase): DomainSpec[] {
  let specs = samples.get(c.family);
  if (specs === undefined) {
    specs = fc.sample(domainSpecArb({ arch: c.arch, machine: c.machine, family: c.family }), { numRuns: SAMPLES, seed: 4242 });
    samples.set(c.family, specs);
  }
  return specs;
}

const valid = (c: FamilyCase) => sampleOf(c).filter((s) => deliberateFaults(s, c.family).length === 0);
const pciAddressesOf = (s: DomainSpec) =>
  addressableDevices(s)
    .map((d) => d.holder.address)
    .filter((a): a is Extract<UserAddress, { type: 'pci' }> => a?.type === 'pci');

for (const c of FAMILIES) {
  test(`${c.family}: disk targets and MACs are unique in every valid spec`, () => {
    // the duplicate-disk-target fault copies a target on purpose
    for (const spec of valid(c)) {
      const targets = spec.disks.map((d) => d.target);
      const macs = spec.nets.flatMap((n) => (n.mac === undefined ? [] : [n.mac]));
      assert.is(new Set(targets).size, targets.length, `duplicate target in ${targets.join(',')}`);
      assert.is(new Set(macs).size, macs.length, `duplicate MAC in ${macs.join(',')}`);
      // QEMU's prefix; the multicast-mac fault writes the IPv4 multicast prefix on purpose
      for (const mac of macs) assert.match(mac, /^(52:54:00|01:00:5e)(:[0-9a-f]{2}){3}$/);
    }
  });

  test(`${c.family}: every disk target in a valid spec carries its bus's prefix; cdroms never sit on virtio there`, () => {
    // the disk-named-by-path fault writes /dev/vdX on purpose
    for (const spec of valid(c)) for (const d of spec.disks) assert.ok(d.bus !== 'nvme' && d.target.startsWith(targetPrefix(d.bus)), `${d.target} on ${d.bus}`);
    for (const spec of valid(c)) assert.not.ok(spec.disks.some((d) => d.device === 'cdrom' && d.bus === 'virtio'));
  });

  test(`${c.family}: most specs are small, a few are big`, () => {
    const sizes = sampleOf(c)
      .map((s) => s.nets.length + s.disks.length)
      .sort((a, b) => a - b);
    assert.ok(sizes[Math.floor(SAMPLES / 2)] <= 6, `median NICs+disks ${sizes[SAMPLES / 2]}`);
    const big = sizes.filter((n) => n >= 32).length / SAMPLES;
    assert.ok(big > 0.02 && big < 0.2, `share of specs with 32+ NICs+disks: ${big}`);
  });

  test(`${c.family}: a minority of PCI devices get a user address, in every form`, () => {
    let devices = 0;
    let addressed = 0;
    const forms = new Set<string>();
    for (const spec of sampleOf(c)) {
      const highestDeclared = Math.max(0, ...declaredPciBuses(spec).map((b) => b.index));
      const declared = new Set(declaredPciBuses(spec).map((b) => b.index));
      for (const d of addressableDevices(spec)) {
        devices++;
        const a = d.holder.address;
        if (a === undefined) continue;
        addressed++;
        if (a.type === 'virtio-mmio') {
          forms.add('virtio-mmio');
          continue;
        }
        const fields = ['domain', 'bus', 'slot', 'function'].filter((k) => k in a).join('+');
        forms.add(fields);
        if (a.multifunction === 'on') forms.add('multifunction');
        if ((a.bus ?? 0) === 0 && (a.slot ?? 0) === 0) forms.add('bus 0 slot 0');
        if ((a.bus ?? 0) > highestDeclared) forms.add('undeclared bus');
        if ((a.bus ?? 0) > 0 && declared.has(a.bus ?? 0)) forms.add('declared bus');
      }
    }
    const share = addressed / devices;
    assert.ok(share > 0.08 && share < 0.22, `addressed share ${share}`);
    for (const form of ['domain+bus+slot+function', 'slot', 'slot+function', 'bus', 'bus+slot', 'multifunction', 'bus 0 slot 0', 'undeclared bus', 'declared bus'])
      assert.ok(forms.has(form), `no ${form} address in ${[...forms].join(', ')}`);
    assert.is(forms.has('virtio-mmio'), c.family === 'arm-virt', 'virtio-mmio exactly on virt');
  });

  test(`${c.family}: multifunction siblings share function 0's slot`, () => {
    let groups = 0;
    for (const spec of valid(c)) {
      const addresses = pciAddressesOf(spec);
      for (const head of addresses.filter((a) => a.multifunction === 'on')) {
        const siblings = addresses.filter((a) => a !== head && a.bus === head.bus && a.slot === head.slot);
        if (siblings.length > 0) groups++;
        for (const s of siblings) assert.ok((s.function ?? 0) > 0, 'sibling on a function other than 0');
      }
    }
    assert.ok(groups > 20, `only ${groups} multifunction groups with siblings`);
  });

  test(`${c.family}: on-purpose faults are a minority of specs`, () => {
    const faulty = sampleOf(c).filter((s) => deliberateFaults(s, c.family).length > 0).length / SAMPLES;
    // without a profile the watchdog rules are 9.0's, under which about a tenth of pc specs
    // carry an itco (unknown there) or two watchdogs: the bound leaves room for them
    assert.ok(faulty > 0.03 && faulty < 0.25, `faulty share ${faulty}`);
  });

  test(`${c.family}: every injected fault kind is recognised in otherwise valid specs`, () => {
    const base = valid(c).slice(0, 100);
    for (const kind of faultKinds(c.family)) {
      base.forEach((spec, pick) => {
        const broken = injectFault(spec, { kind, pick }, c.family);
        assert.ok(deliberateFaults(broken, c.family).length > 0, `${kind} (pick ${pick}) not recognised`);
      });
    }
  });

  test(`${c.family}: valid specs keep to what the family has`, () => {
    for (const spec of valid(c)) {
      if (c.family !== 'i440fx') assert.not.ok(spec.disks.some((d) => d.bus === 'ide'), 'ide off pc');
      if (c.family === 'arm-virt') {
        assert.not.ok(spec.watchdogs.some((w) => w.model === 'ib700'), 'ib700 on virt');
        assert.not.ok(spec.videos.some((v) => v.model === 'qxl'), 'qxl on virt');
      }
      assert.ok(spec.watchdogs.length <= 1);
      assert.ok(spec.arch === c.arch && spec.machine === c.machine);
    }
  });
}

test('pc specs sometimes need more than the 31 slots of pci-root', () => {
  const pc = FAMILIES.find((c) => c.family === 'i440fx')!;
  const most = Math.max(...sampleOf(pc).map((s) => addressableDevices(s).length));
  assert.ok(most > 31, `largest pc spec has ${most} PCI devices`);
});

test('q35 and virt specs sometimes need more than 8 and 16 packed root ports', () => {
  for (const c of FAMILIES.filter((f) => f.family !== 'i440fx')) {
    const counts = sampleOf(c).map((s) => addressableDevices(s).filter((d) => d.pcieNative).length);
    assert.ok(counts.filter((n) => n > 8).length > 20, `${c.family}: few specs past 8 PCIe devices`);
    assert.ok(Math.max(...counts) > 16, `${c.family}: largest spec has ${Math.max(...counts)} PCIe devices`);
  }
});

test('maxDevices caps NICs + disks', () => {
  const specs = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'pc', family: 'i440fx', maxDevices: 5 }), { numRuns: 300, seed: 7 });
  // Faults may add up to two NICs or one disk of their own.
  for (const s of specs) assert.ok(s.nets.length + s.disks.length <= 7, `${s.nets.length} NICs + ${s.disks.length} disks`);
});

test('faults: false gives specs libvirt should accept, every one', () => {
  for (const c of FAMILIES) {
    const specs = fc.sample(domainSpecArb({ arch: c.arch, machine: c.machine, family: c.family, faults: false }), { numRuns: 500, seed: 99 });
    assert.equal(specs.flatMap((s) => deliberateFaults(s, c.family)), [], c.family);
  }
});

// A libvirt mutant that ignored user aliases on the command line survived generators that
// never wrote one: now about one spec in eight names some controllers (a declared root
// included), NICs and disks, each name unique and one libvirt keeps.
for (const c of FAMILIES) {
  test(`${c.family}: some specs carry user aliases, unique and kept by libvirt, the declared root's included`, () => {
    const specs = sampleOf(c);
    const aliasesOf = (s: DomainSpec) => [...s.controllers, ...s.nets, ...s.disks].flatMap((d) => (d.alias === undefined ? [] : [d.alias]));
    const aliased = specs.filter((s) => aliasesOf(s).length > 0);
    assert.ok(aliased.length > SAMPLES / 16 && aliased.length < SAMPLES / 4, `${aliased.length} of ${SAMPLES}`);
    for (const s of aliased) {
      const names = aliasesOf(s);
      assert.is(new Set(names).size, names.length, names.join(' '));
      for (const n of names) assert.ok(isUserAlias(n), n);
      for (const ctl of s.controllers) if (ctl.alias !== undefined) assert.ok(['pci', 'scsi', 'virtio-serial'].includes(ctl.type), ctl.type);
    }
    assert.ok(aliased.some((s) => s.controllers.some((ctl) => ctl.type === 'pci' && ctl.index === 0 && ctl.alias !== undefined)), 'an aliased root');
    assert.ok(aliased.some((s) => s.controllers.some((ctl) => ctl.type === 'pci' && ctl.index !== 0 && ctl.alias !== undefined)), 'an aliased bridge or port');
    assert.ok(aliased.some((s) => s.nets.some((n) => n.alias !== undefined) && s.disks.some((d) => d.alias !== undefined)), 'aliased NICs and disks');
  });
}

test('userAliases: false (hotplug bases) gives no user alias', () => {
  const [c] = FAMILIES;
  const specs = fc.sample(domainSpecArb({ arch: c.arch, machine: c.machine, family: c.family, userAliases: false }), { numRuns: 400, seed: 7 });
  assert.ok(specs.every((s) => [...s.controllers, ...s.nets, ...s.disks].every((d) => d.alias === undefined)));
});

test.run();
