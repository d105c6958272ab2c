// Hotplug sequences for one machine: a small random base guest (the same generator as
// `check`, mostly small, on pc sometimes crowded), whether it has ACPI, and a list of
// steps. Steps are drawn as drafts and then resolved in order, so every attached device
// gets an identity of its own (MAC 52:54:01:…, target vd…) and a detach names a device
// attached earlier in the same sequence; shrinking a draft list re-resolves consistently.

import fc from 'fast-check';
import type { Arch, ControllerSpec, DomainSpec, NetModel } from '../../types/domain.js';
import type { HotplugDevice, HotplugMode, HotplugStep } from '../../model/hotplugTypes.js';
import { domainSpecArb } from '../generators/domainSpec.js';
import { netModelArb } from '../generators/net.js';
import { diskTarget } from '../generators/diskNames.js';
import type { GenFamily } from '../generators/family.js';

/** A base guest and the commands run against it. */
export interface HotplugCase {
  base: DomainSpec;
  /** `<features><acpi/>`: on pc the only way QEMU hotplugs into pci.0. */
  acpi: boolean;
  steps: HotplugStep[];
}

/** A device before it has an identity. */
type DeviceDraft = { kind: 'net'; model: NetModel } | { kind: 'disk' } | { kind: 'controller'; spec: ControllerSpec; modelName?: string };

/** A step before identities are fixed. */
type StepDraft =
  | { op: 'attach'; mode: HotplugMode; device: DeviceDraft }
  /** Several live NIC attaches in a row: the way a sequence runs a bus out of slots. */
  | { op: 'burst'; count: number; fill: boolean; model: NetModel }
  | { op: 'detach'; mode: HotplugMode; pick: number }
  | { op: 'restart' };

/** Controllers an attach may carry: SCSI (hotpluggable), USB and virtio-serial (not), a PCI controller (refused). */
function controllerDraftArb(family: GenFamily): fc.Arbitrary<DeviceDraft> {
  const pci: ControllerSpec = { type: 'pci', model: family === 'i440fx' ? 'pci-bridge' : 'pcie-root-port' };
  const simple = fc
    .constantFrom<ControllerSpec>({ type: 'scsi', model: 'virtio-scsi' }, { type: 'scsi', model: 'lsilogic' }, { type: 'usb', model: 'qemu-xhci' }, { type: 'virtio-serial' }, pci)
    .map((spec): DeviceDraft => ({ kind: 'controller', spec }));
  if (family !== 'q35') return simple;
  // a root port complete enough to pass validation (index, model name, chassis, port): only ever tried live
  const complete: DeviceDraft = { kind: 'controller', spec: { type: 'pci', index: 12, model: 'pcie-root-port', target: { chassis: 12, port: 0x60 } }, modelName: 'pcie-root-port' };
  return fc.oneof({ weight: 5, arbitrary: simple }, { weight: 1, arbitrary: fc.constant(complete) });
}

function deviceDraftArb(family: GenFamily): fc.Arbitrary<DeviceDraft> {
  return fc.oneof(
    { weight: 6, arbitrary: netModelArb(family).map((model) => ({ kind: 'net' as const, model })) },
    { weight: 3, arbitrary: fc.constant({ kind: 'disk' as const }) },
    { weight: 1, arbitrary: controllerDraftArb(family) },
  );
}

/** Burst lengths drawn for q35 (a spare root port or the few empty ports a base declares) and pc. */
const BURST: Record<GenFamily, { min: number; max: number }> = { i440fx: { min: 8, max: 30 }, q35: { min: 2, max: 4 }, 'arm-virt': { min: 2, max: 4 } };

/**
 * Length of a filling burst on pc: about 25 slots of pci.0 are free plus 31 per pci-bridge
 * of the base (the spec's own bridges, read from the input, never from libvirt). Worked
 * out when steps are resolved, so base and steps shrink independently of each other.
 */
function fillLength(family: GenFamily, base: DomainSpec): number {
  if (family !== 'i440fx') return BURST[family].max;
  return 31 + 31 * base.controllers.filter((c) => c.type === 'pci' && c.model === 'pci-bridge').length;
}

function stepDraftArb(family: GenFamily): fc.Arbitrary<StepDraft> {
  const mode = fc.oneof({ weight: 3, arbitrary: fc.constant<HotplugMode>('live') }, { weight: 2, arbitrary: fc.constant<HotplugMode>('config') });
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant('attach' as const), mode, device: deviceDraftArb(family) }) },
    // half the bursts fill every hotpluggable slot there is
    { weight: 2, arbitrary: fc.record({ op: fc.constant('burst' as const), count: fc.integer(BURST[family]), fill: fc.boolean(), model: netModelArb(family) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('detach' as const), mode, pick: fc.nat(15) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
  );
}

/** MAC of the n-th device attached in a sequence (base NICs use 52:54:00, so they never clash). */
export const attachedMac = (n: number): string => `52:54:01:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;

/** Target of the n-th disk attached in a sequence: far past any base disk's vdX. */
export const attachedTarget = (n: number): string => diskTarget('vd', 700 + n);

/** Turns drafts into concrete steps: identities in order, detaches resolved to earlier attaches (or dropped), filling bursts sized. */
export function resolveSteps(drafts: StepDraft[], fill = 0): HotplugStep[] {
  const steps: HotplugStep[] = [];
  const attached: HotplugDevice[] = [];
  let n = 0;
  const concrete = (d: DeviceDraft): HotplugDevice => {
    const i = n++;
    if (d.kind === 'net') return { kind: 'net', spec: { model: d.model, mac: attachedMac(i) } };
    if (d.kind === 'disk') return { kind: 'disk', spec: { device: 'disk', bus: 'virtio', target: attachedTarget(i) } };
    return d.modelName === undefined ? { kind: 'controller', spec: d.spec } : { kind: 'controller', spec: d.spec, modelName: d.modelName };
  };
  for (const d of drafts) {
    if (d.op === 'restart') steps.push({ op: 'restart' });
    else if (d.op === 'detach') {
      if (attached.length > 0) steps.push({ op: 'detach', mode: d.mode, device: attached[d.pick % attached.length] });
    } else {
      const list = d.op === 'burst' ? Array.from({ length: d.fill ? Math.max(d.count, fill) : d.count }, () => ({ kind: 'net' as const, model: d.model })) : [d.device];
      const complete = d.op === 'attach' && d.device.kind === 'controller' && d.device.modelName !== undefined;
      const mode = d.op === 'burst' || complete ? 'live' : d.mode;
      for (const draft of list) {
        const device = concrete(draft);
        if (device.kind !== 'controller') attached.push(device);
        steps.push({ op: 'attach', mode, device });
      }
    }
  }
  return steps;
}

/** What the case generator needs to know about the machine. */
export interface HotplugArbOptions {
  arch: Arch;
  machine: string;
  family: GenFamily;
  /** Keeps only bases the model can start from (never libvirt's answer): true = usable. */
  usableBase?: (base: DomainSpec, acpi: boolean) => boolean;
}

/** Random hotplug cases for one machine. */
export function hotplugCaseArb(opts: HotplugArbOptions): fc.Arbitrary<HotplugCase> {
  const small = domainSpecArb({ arch: opts.arch, machine: opts.machine, family: opts.family, maxDevices: 4, macless: false, userAliases: false });
  // on pc a crowded base leaves a handful of root slots, so bursts reach "no more slots"
  const crowded = domainSpecArb({ arch: opts.arch, machine: opts.machine, family: opts.family, maxDevices: 24, macless: false, userAliases: false });
  const base = opts.family === 'i440fx' ? fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: crowded }) : small;
  // ACPI only matters on pc; q35 hotplugs natively (PCIe) and stays as `check` renders it
  const acpi = opts.family === 'i440fx' ? fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.constant(false);
  const pair = fc.record({ base, acpi });
  const usable = opts.usableBase ? pair.filter(({ base: b, acpi: a }) => opts.usableBase!(b, a)) : pair;
  return fc
    .record({ start: usable, drafts: fc.array(stepDraftArb(opts.family), { minLength: 1, maxLength: 10 }) })
    .map(({ start, drafts }) => ({
      // the spec carries ACPI itself (renderDomainXml writes <features><acpi/>), so model and XML agree
      base: start.acpi ? { ...start.base, acpi: true } : start.base,
      acpi: start.acpi || start.base.acpi === true,
      steps: resolveSteps(drafts, fillLength(opts.family, start.base)),
    }));
}
