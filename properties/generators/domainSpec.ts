// A whole guest definition for one machine family: small most of the time (shrinking
// works best from small), and now and then big enough to overflow the root bus (31 slots
// on pc) or the packed root ports (8 per slot, 16 and more on q35/virt). A minority of
// devices get user addresses (address.ts), and about one spec in twelve is made invalid
// on purpose (faultInjection.ts; faults.ts recognises it).

import fc from 'fast-check';
import type { Arch, BuildProfile, ControllerSpec, DiskSpec, DomainSpec, NetSpec, PanicSpec, WatchdogSpec } from '../../types/domain.js';
import { releaseFacts } from '../../model/releases.js';
import { classifyMachine, defaultMachine } from '../../model/machines.js';
import { addressPlanArb } from './address.js';
import { applyAddressPlan } from './addressPlan.js';
import { scsiControllersArb, storageControllersArb, usbControllersArb, virtioSerialControllersArb } from './controller.js';
import { diskDraftArb, disksArb, nameDisks, virtioDiskDraftArb } from './disk.js';
import { type GenFamily, hasImplicitUsb } from './family.js';
import { injectFault, maybeFaultArb } from './faultInjection.js';
import { inputsArb } from './input.js';
import { memballoonArb } from './memballoon.js';
import { netsArb } from './net.js';
import { pciChainArb } from './pciChain.js';
import { rngsArb } from './rng.js';
import { filesystemsArb } from './filesystem.js';
import { soundsArb } from './sound.js';
import { videosArb } from './video.js';
import { watchdogsArb } from './watchdog.js';
import { applyDriveMove, driveMoveArb } from './driveAddress.js';
import { aliasPlanArb, applyAliasPlan } from './userAlias.js';
import { hypervArb } from './hyperv.js';

/** Now and then a CPU topology, as users write one, and `<vcpu>` its product. */
const cpuTopologyArb: fc.Arbitrary<DomainSpec['cpuTopology'] | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc
      .record({ sockets: fc.constantFrom(1, 2), cores: fc.constantFrom(1, 2, 4), threads: fc.constantFrom(1, 2) })
      .map(({ sockets, cores, threads }) => ({ sockets, dies: 1, clusters: 1, cores, threads, vcpus: sockets * cores * threads })),
  },
);

/** Domain-level settings users write beside the devices: Hyper-V enlightenments (when asked for, x86 only) and a CPU topology. */
function domainSettingsArb(opts: Pick<DomainSpecArbOptions, 'hyperv' | 'arch'>): fc.Arbitrary<Partial<DomainSpec>> {
  const hyperv = opts.hyperv === true && opts.arch === 'x86_64' ? hypervArb : fc.constant(null);
  return fc.tuple(hyperv, cpuTopologyArb).map(([h, cpuTopology]) => ({ ...(h ?? {}), ...(cpuTopology === null ? {} : { cpuTopology }) }));
}

/** What `domainSpecArb` needs to know about the target machine. */
export interface DomainSpecArbOptions {
  arch: Arch;
  /** Written into the spec as is (an alias or a versioned name). */
  machine: string;
  /** Decided by the caller from what QEMU says the machine is. */
  family: GenFamily;
  /** Upper bound on NICs + disks (default 45). */
  maxDevices?: number;
  /** Inject deliberate faults into about one spec in twelve (default true); false for base guests that must define. */
  faults?: boolean;
  /**
   * Leave the MAC out of some NICs, as users do (default true). false where two answers of
   * libvirt are compared with each other (diff, upgrade) or NICs are attached and detached
   * by MAC (hotplug): the MAC libvirt makes up differs between defines.
   */
  macless?: boolean;
  /**
   * Give some controllers, NICs and disks user aliases, about one spec in eight (default
   * true). false for hotplug bases, whose live NICs the sequence model names by itself.
   */
  userAliases?: boolean;
  /**
   * The build under test (its profile): video models its QEMU lacks and watchdogs its
   * release refuses are then drawn rarely, as refusals to predict rather than a share of
   * the run. Without it, what debian-12 takes.
   */
  profile?: Pick<BuildProfile, 'libvirt' | 'offers'> & Partial<Pick<BuildProfile, 'machines'>>;
  /**
   * Now and then leave the machine attribute out when the machine is the build's default
   * (needs the profile's machines; default true). false where two builds read one XML.
   */
  omitDefaultMachine?: boolean;
  /**
   * Now and then Hyper-V enlightenments, as Windows guests carry them (x86 only; default
   * false). QEMU starts them only where the host's kernel has each one: for runs that judge
   * layer xml alone.
   */
  hyperv?: boolean;
}

/** Whether the requested machine is the one libvirt picks when the XML names none. */
function isBuildDefault(opts: DomainSpecArbOptions): boolean {
  const machines = opts.profile?.machines;
  if (machines === undefined || opts.omitDefaultMachine === false) return false;
  const wanted = classifyMachine(opts.machine, machines)?.canonical;
  return wanted !== undefined && classifyMachine(defaultMachine({ ...opts.profile!, machines }, opts.arch) ?? '', machines)?.canonical === wanted;
}

/** Which NICs lose their MAC: none (mostly), or those whose position's bit is set in a 6-bit mask. */
const maclessMaskArb = fc.oneof({ weight: 7, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 63 }) });

/**
 * Users declare controllers in any order, not parent before child: sometimes the list is
 * reordered by these sort keys. Only when every controller names its index, since libvirt
 * numbers index-less ones in document order and the chains rely on that numbering.
 */
const controllerOrderArb = fc.oneof({ weight: 4, arbitrary: fc.constant<number[] | null>(null) }, { weight: 1, arbitrary: fc.array(fc.nat(99), { minLength: 2, maxLength: 24 }) });

function reorderControllers(spec: DomainSpec, keys: number[] | null): DomainSpec {
  if (keys === null || spec.controllers.some((c) => c.index === undefined)) return spec;
  const keyed = spec.controllers.map((c, i) => ({ c, k: keys[i % keys.length] * 100 + i }));
  return { ...spec, controllers: keyed.sort((a, b) => a.k - b.k).map((x) => x.c) };
}

function withoutSomeMacs(nets: NetSpec[], mask: number): NetSpec[] {
  return nets.map((n, i) => {
    if (!((mask >> (i % 6)) & 1)) return n;
    const { mac: _mac, ...rest } = n;
    return rest;
  });
}

/** Past this many NICs + disks a spec is "bulk": pc's 31 root slots or q35's 16 packed ports overflow. */
export function bulkThreshold(family: GenFamily): number {
  return family === 'i440fx' ? 32 : 17;
}

/** NICs and disks: a few (usually), or a bulk of them that overflows the root bus. */
function nicsAndDisksArb(family: GenFamily, maxDevices: number, usbNet: boolean): fc.Arbitrary<{ nets: NetSpec[]; disks: DiskSpec[] }> {
  const small = Math.min(4, maxDevices);
  const few = fc
    .record({ nets: netsArb(family, { maxLength: small, usbNet }), disks: disksArb(family, { maxLength: small }) })
    .filter(({ nets, disks }) => nets.length + disks.length <= maxDevices);
  const low = Math.min(bulkThreshold(family), maxDevices);
  const bulk = fc
    .integer({ min: low, max: Math.max(low, maxDevices) })
    .chain((total) =>
      fc.integer({ min: 0, max: total }).chain((netCount) =>
        fc.record({
          nets: netsArb(family, { minLength: netCount, maxLength: netCount }),
          // Mostly virtio disks (each its own PCI device), with some of the other buses mixed in.
          disks: fc
            .array(fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: virtioDiskDraftArb }, { weight: 1, arbitrary: diskDraftArb(family) }), {
              minLength: total - netCount,
              maxLength: total - netCount,
            })
            .map(nameDisks),
        }),
      ),
    );
  // Around the edge of pc's root bus: whether libvirt adds a pci-bridge there hangs on the
  // one slot it keeps free for a future bridge, which only a count near the edge shows.
  const crowded = fc
    .integer({ min: low - 8, max: low - 1 })
    .chain((total) => fc.record({ nets: netsArb(family, { minLength: total, maxLength: total }), disks: fc.constant<DiskSpec[]>([]) }));
  return family === 'i440fx' && maxDevices >= bulkThreshold(family)
    ? fc.oneof({ withCrossShrink: true }, { weight: 17, arbitrary: few }, { weight: 3, arbitrary: bulk }, { weight: 2, arbitrary: crowded })
    : fc.oneof({ withCrossShrink: true }, { weight: 17, arbitrary: few }, { weight: 3, arbitrary: bulk });
}

/**
 * A guest in which nothing needs a bus libvirt must add: no NICs, disks, sound, RNG,
 * watchdog or controllers, USB and balloon switched off. Users write such minimal guests,
 * and only they show whether libvirt leaves out q35's spare root port when it added no bus.
 */
function bare(written: DomainSpec): DomainSpec {
  const { filesystems: _shares, ...spec } = written;
  return {
    ...spec,
    controllers: [{ type: 'usb', model: 'none' }],
    disks: [],
    nets: [],
    sounds: [],
    rngs: [],
    watchdogs: [],
    memballoon: { model: 'none' },
    // the primary video may sit on the root bus itself; a second one or virtio input needs a port
    videos: spec.videos.slice(0, 1),
    inputs: spec.inputs.filter((i) => i.bus === 'ps2'),
  };
}

const bareArb = fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

/**
 * Now and then the USB devices name their ports, as a dumped definition does: ports 1 and
 * 2 of the first USB controller, which every controller there has (libvirt then adds no
 * hub, where the model does not follow explicit ports).
 */
function withUsbPorts(spec: DomainSpec): DomainSpec {
  const count = spec.inputs.filter((i) => i.bus === 'usb').length + spec.disks.filter((d) => d.bus === 'usb').length;
  if (count === 0 || count > 2) return spec;
  let port = 0;
  const inputs = spec.inputs.map((i) => (i.bus === 'usb' ? { ...i, usbPort: ++port } : i));
  const disks = spec.disks.map((d) => (d.bus === 'usb' ? { ...d, usbPort: ++port } : d));
  return { ...spec, inputs, disks };
}

/** Makes USB devices consistent with the USB controllers (faults.ts flags what is left). */
function reconcileUsb(spec: DomainSpec, family: GenFamily): DomainSpec {
  const usb = spec.controllers.filter((c) => c.type === 'usb');
  const wantsUsb = spec.disks.some((d) => d.bus === 'usb') || spec.inputs.some((i) => i.bus === 'usb');
  if (!wantsUsb) return spec;
  if (usb.some((c) => c.model === 'none'))
    return { ...spec, disks: spec.disks.filter((d) => d.bus !== 'usb'), inputs: spec.inputs.filter((i) => i.bus !== 'usb') };
  if (usb.length === 0 && !hasImplicitUsb(family)) {
    const xhci: ControllerSpec = { type: 'usb', model: 'qemu-xhci' };
    return { ...spec, controllers: [...spec.controllers, xhci] };
  }
  return spec;
}

/**
 * Now and then a panic device: on x86 a pvpanic where the release knows it (libvirt 9.1 on);
 * on virt one without a model, which each release resolves its own way (a pvpanic, or an ISA
 * panic QEMU lacks there, refused). Only with a build profile: the answer depends on the release.
 */
function panicArb(family: GenFamily, profile: DomainSpecArbOptions['profile']): fc.Arbitrary<PanicSpec | null> {
  const rarely = (panic: PanicSpec) => fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(panic) });
  if (profile === undefined) return fc.constant(null);
  if (family === 'arm-virt') return rarely({});
  return releaseFacts(profile).panicModels.has('pvpanic') ? rarely({ model: 'pvpanic' }) : fc.constant(null);
}

/** Random guest definitions for one machine. */
export function domainSpecArb(opts: DomainSpecArbOptions): fc.Arbitrary<DomainSpec> {
  const { family } = opts;
  const maxDevices = opts.maxDevices ?? 45;
  return fc
    .record({
      graphics: fc.boolean(),
      // usb-net only where the release gives it a USB port (libvirt 9.0 refuses one without an address)
      bulk: nicsAndDisksArb(family, maxDevices, opts.faults !== false && opts.profile !== undefined && releaseFacts(opts.profile).usbNetPorts),
      pciChain: pciChainArb(family),
      usb: usbControllersArb(family, opts.faults !== false),
      scsi: scsiControllersArb(family),
      storage: storageControllersArb(family),
      virtioSerial: virtioSerialControllersArb(family),
      videos: videosArb(family, opts.profile?.offers ? new Set(opts.profile.offers.videoModels) : undefined),
      sounds: soundsArb(family),
      memballoon: memballoonArb(family),
      rngs: rngsArb(family),
      filesystems: filesystemsArb(family),
      // base guests take the one watchdog every release accepts on every family
      watchdogs: opts.faults === false ? fc.constantFrom<WatchdogSpec[]>([], [{ model: 'i6300esb' }]) : watchdogsArb(family, opts.profile ? releaseFacts(opts.profile) : undefined),
      inputs: inputsArb,
      panic: panicArb(family, opts.profile),
      addresses: addressPlanArb(family),
      fault: opts.faults === false ? fc.constant(null) : maybeFaultArb(family),
      maclessMask: opts.macless === false ? fc.constant(0) : maclessMaskArb,
      driveMove: driveMoveArb,
      controllerOrder: controllerOrderArb,
      aliases: opts.userAliases === false ? fc.constant(null) : aliasPlanArb,
      bare: bareArb,
      usbPorts: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      settings: domainSettingsArb(opts),
      machineOmitted: isBuildDefault(opts) ? fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
    })
    .map((parts) => {
      const written: DomainSpec = {
        arch: opts.arch,
        machine: opts.machine,
        ...(parts.machineOmitted ? { machineOmitted: true } : {}),
        graphics: parts.graphics,
        controllers: [...parts.pciChain, ...parts.usb, ...parts.scsi, ...parts.storage, ...parts.virtioSerial],
        disks: applyDriveMove(parts.bulk.disks, parts.driveMove, parts.scsi),
        nets: parts.bulk.nets,
        videos: parts.videos,
        sounds: parts.sounds,
        memballoon: parts.memballoon,
        rngs: parts.rngs,
        ...(parts.filesystems.length > 0 ? { filesystems: parts.filesystems } : {}),
        ...(parts.panic ? { panics: [parts.panic] } : {}),
        watchdogs: parts.watchdogs,
        inputs: parts.inputs,
        ...parts.settings,
      };
      const base = parts.bare ? bare(written) : written;
      const reconciled = reconcileUsb(base, family);
      const addressed = applyAddressPlan(parts.usbPorts ? withUsbPorts(reconciled) : reconciled, parts.addresses, family);
      const faulty = injectFault(addressed, parts.fault, family);
      const reordered = applyAliasPlan(reorderControllers(faulty, parts.controllerOrder), parts.aliases);
      return parts.maclessMask === 0 ? reordered : { ...reordered, nets: withoutSomeMacs(reordered.nets, parts.maclessMask) };
    });
}
