// Recognises the on-purpose invalid constructs the generators inject (faultInjection.ts),
// from the spec alone, so the answer stays right after shrinking. Each rule is one that
// libvirt 9.0 was seen to reject at define time (watchdogs: the release's own rules); a
// spec with no fault found here is meant to be accepted.

import type { DomainSpec, UserAddress } from '../../types/domain.js';
import { DEBIAN_12, releaseFacts, type ReleaseFacts } from '../../model/releases.js';
import { type GenFamily, hasIde, hasImplicitUsb, IDE_UNITS, rootModel } from './family.js';
import { addressableDevices } from './pciDevices.js';
import { declaredControllers, declaredPciBuses } from './pciBuses.js';
import { secondaryVideoModels } from './video.js';
import { isIch9Uhci } from '../../model/usbControllers.js';
import { isMulticastMac } from '../../model/parseChecks.js';
import { hypervDependencyRefusal } from '../../model/domainFeatures.js';
import { diskNameToIndex } from '../../model/diskNames.js';
import { topologyCpus } from '../../model/cpuTopology.js';

/** One reason a spec is invalid on purpose, e.g. `duplicate-address 0000:00:05.0`. */
export type DeliberateFault = string;

interface Located {
  label: string;
  address: Extract<UserAddress, { type: 'pci' }>;
  /** For devices: whether libvirt would give it a PCIe port (so a bus it adds is a root port). */
  pcieNative?: boolean;
}

function pciAddresses(spec: DomainSpec): Located[] {
  const out: Located[] = [];
  spec.controllers.forEach((c, i) => {
    if (c.address?.type === 'pci') out.push({ label: `controllers[${i}]`, address: c.address });
  });
  const controllers = new Set<object>(spec.controllers);
  for (const d of addressableDevices(spec)) {
    if (d.holder.address?.type === 'pci' && !controllers.has(d.holder))
      out.push({ label: d.label, address: d.holder.address, pcieNative: d.pcieNative });
  }
  return out;
}

function fmt(a: Located['address']): string {
  const h = (n: number | undefined, w: number) => (n ?? 0).toString(16).padStart(w, '0');
  return `${h(a.domain, 4)}:${h(a.bus, 2)}:${h(a.slot, 2)}.${h(a.function, 1)}`;
}

/** libvirt reads domain, bus and slot all zero as "no address given" (function does not matter). */
function isUnassigned(a: Located['address']): boolean {
  return (a.domain ?? 0) === 0 && (a.bus ?? 0) === 0 && (a.slot ?? 0) === 0;
}

function addressFaults(spec: DomainSpec, family: GenFamily): DeliberateFault[] {
  const faults: DeliberateFault[] = [];
  const seen = new Map<string, string>();
  const buses = new Map(declaredPciBuses(spec).map((b) => [b.index, b.model]));
  for (const { label, address, pcieNative } of pciAddresses(spec)) {
    if (isUnassigned(address)) continue;
    const slot = address.slot ?? 0;
    const bus = address.bus ?? 0;
    const where = fmt(address);
    if ((address.domain ?? 0) !== 0) faults.push(`pci-domain-not-0 ${label} ${where}`);
    if (slot > 31 || (address.function ?? 0) > 7) faults.push(`address-out-of-range ${label} ${where}`);
    if (seen.has(where)) faults.push(`duplicate-address ${seen.get(where)} ${label} ${where}`);
    seen.set(where, label);
    // the chipset functions no device of the config holds: ISA bridge (0), ACPI/PM 01.3 (pc), SMBus 1f.3 (q35)
    const chipsetOnly = [0, 3].includes(address.function ?? 0);
    if (bus === 0 && slot === 1 && chipsetOnly && family === 'i440fx') faults.push(`reserved-slot ${label} ${where}`);
    if (bus === 0 && slot === 0x1f && chipsetOnly && family === 'q35') faults.push(`reserved-slot ${label} ${where}`);
    const model = buses.get(bus);
    if (bus !== 0 && (model === 'pcie-root-port' || model === 'pcie-switch-downstream-port') && slot !== 0)
      faults.push(`slot-on-port-not-0 ${label} ${where}`);
    if (bus !== 0 && model === 'pci-bridge' && slot === 0) faults.push(`slot-0-on-bridge ${label} ${where}`);
    // An undeclared bus is added by libvirt: a pci-bridge on pc (slots 1..31), a root port
    // for a PCIe device on q35/virt (slot 0 only).
    if (bus !== 0 && !buses.has(bus) && family === 'i440fx' && slot === 0) faults.push(`slot-0-on-added-bridge ${label} ${where}`);
    if (bus !== 0 && !buses.has(bus) && family !== 'i440fx' && pcieNative === true && slot !== 0)
      faults.push(`slot-on-added-port-not-0 ${label} ${where}`);
  }
  return faults;
}

function controllerFaults(spec: DomainSpec, family: GenFamily): DeliberateFault[] {
  const faults: DeliberateFault[] = [];
  const buses = declaredPciBuses(spec);
  const root = buses.find((b) => b.index === 0);
  if (root !== undefined && root.model !== rootModel(family)) faults.push(`wrong-root-model ${root.model}`);
  if (buses.some((b) => b.controller.index === undefined) && !spec.controllers.some((c) => c.type === 'pci' && c.index === 0))
    faults.push('unindexed-pci-controller-without-root');
  const pcieOnly = ['pcie-root-port', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port', 'pcie-to-pci-bridge', 'dmi-to-pci-bridge'];
  for (const b of buses) {
    if (family === 'i440fx' && b.model !== undefined && pcieOnly.includes(b.model)) faults.push(`pcie-controller-on-pc ${b.model}`);
    if (family !== 'i440fx' && b.model === 'pcie-switch-downstream-port' && !buses.some((u) => u.model === 'pcie-switch-upstream-port'))
      faults.push('downstream-port-without-upstream');
    if (family !== 'i440fx' && b.model === 'pci-bridge' && !buses.some((p) => p.index < b.index && (p.model === 'dmi-to-pci-bridge' || p.model === 'pcie-to-pci-bridge')))
      faults.push('pci-bridge-without-pci-parent');
  }
  return faults;
}

/** Where the chipset's own storage controller sits, if the family has one pinned. */
const PINNED_STORAGE: Partial<Record<GenFamily, { type: 'sata' | 'ide'; slot: number; fn: number }>> = {
  q35: { type: 'sata', slot: 0x1f, fn: 2 },
  i440fx: { type: 'ide', slot: 1, fn: 1 },
};

function storageControllerFaults(spec: DomainSpec, family: GenFamily): DeliberateFault[] {
  const faults: DeliberateFault[] = [];
  const ide = declaredControllers(spec, 'ide');
  if (ide.length > 0 && !hasIde(family)) faults.push('ide-controller-unsupported');
  if (hasIde(family) && ide.some((c) => c.index > 0)) faults.push('second-ide-controller');
  const pinned = PINNED_STORAGE[family];
  if (pinned !== undefined) {
    for (const c of declaredControllers(spec, pinned.type)) {
      const a = c.controller.address;
      if (c.index !== 0 || a?.type !== 'pci' || isUnassigned(a)) continue;
      if ((a.bus ?? 0) !== 0 || (a.slot ?? 0) !== pinned.slot || (a.function ?? 0) !== pinned.fn) faults.push(`primary-${pinned.type}-moved`);
    }
  }
  return faults;
}

function usbFaults(spec: DomainSpec, family: GenFamily, release: ReleaseFacts): DeliberateFault[] {
  const usb = spec.controllers.filter((c) => c.type === 'usb');
  const usbNone = usb.some((c) => c.model === 'none');
  const faults: DeliberateFault[] = [];
  if (usbNone && usb.length > 1) faults.push('usb-none-with-other-usb-controller');
  // observed: USB controllers that are all UHCI companions ("No master USB controller specified")
  const usable = usb.filter((c) => c.model !== 'none');
  if (usable.length > 0 && usable.every((c) => isIch9Uhci(c.model))) faults.push('uhci-companions-without-ehci');
  const usbNets = spec.nets.filter((n) => n.model === 'usb-net');
  // libvirt 9.0 looks for a PCI slot for a usb-net NIC without a USB address, and finds none
  if (!release.usbNetPorts && usbNets.some((n) => n.usb === undefined)) faults.push('usb-net-without-port');
  const usbDevices = spec.disks.some((d) => d.bus === 'usb') || spec.inputs.some((i) => i.bus === 'usb') || (release.usbNetPorts && usbNets.length > 0);
  const usbPresent = usb.length === 0 ? hasImplicitUsb(family) : !usbNone;
  if (usbDevices && !usbPresent) faults.push('usb-device-without-usb');
  return faults;
}

function diskFaults(spec: DomainSpec, family: GenFamily): DeliberateFault[] {
  const faults: DeliberateFault[] = [];
  for (const d of spec.disks) {
    if (d.bus === 'ide' && !hasIde(family)) faults.push(`ide-unsupported ${d.target}`);
    if (d.bus === 'ide' && hasIde(family) && d.target.length === 3 && d.target.charCodeAt(2) - 97 >= IDE_UNITS)
      faults.push(`ide-past-last-unit ${d.target}`);
    if (d.bus === 'ide' && d.target.length > 3) faults.push(`ide-past-last-unit ${d.target}`);
    if (d.device === 'cdrom' && d.bus === 'virtio') faults.push(`virtio-cdrom ${d.target}`);
    if (spec.disks.some((o) => o !== d && o.target === d.target)) faults.push(`duplicate-disk-target ${d.target}`);
    if (d.bus !== 'nvme' && diskNameToIndex(d.target) === undefined) faults.push(`disk-name-unindexable ${d.target}`);
    if (d.sourceMissing && d.device === 'disk' && d.lun === undefined) faults.push(`disk-without-source ${d.target}`);
  }
  return faults;
}

function videoFaults(spec: DomainSpec, family: GenFamily): DeliberateFault[] {
  const videos = spec.videos;
  if (videos.length === 0) return [];
  const faults: DeliberateFault[] = [];
  if (videos.some((v) => v.model === 'none') && videos.length > 1) faults.push('video-none-not-alone');
  if (family === 'arm-virt' && videos.some((v) => v.model === 'qxl')) faults.push('qxl-on-virt');
  const marked = videos.filter((v) => v.primary === true);
  if (marked.length > 1) faults.push('two-primary-videos');
  const primary = marked[0] ?? videos[0];
  const allowed = secondaryVideoModels(family);
  for (const v of videos) if (v !== primary && v.model !== 'none' && !allowed.includes(v.model)) faults.push(`secondary-video-${v.model}`);
  return faults;
}

/**
 * Watchdog combinations the release refuses (model/releases.ts): on 9.0 a second one or an
 * itco; later, a repeated model other than i6300esb, differing actions, itco off q35 and
 * ib700 on q35.
 */
function watchdogFaults(spec: DomainSpec, family: GenFamily, release: ReleaseFacts): DeliberateFault[] {
  const w = spec.watchdogs;
  if (!release.multipleWatchdogs) return [...(w.length > 1 ? ['two-watchdogs'] : []), ...(w.some((x) => x.model === 'itco') ? ['itco-unknown'] : [])];
  const faults: DeliberateFault[] = [];
  if (w.some((x, i) => x.model !== 'i6300esb' && w.findIndex((o) => o.model === x.model) !== i)) faults.push('watchdog-model-twice');
  if (w.some((x) => (x.action ?? 'reset') !== (w[0].action ?? 'reset'))) faults.push('watchdog-actions-differ');
  if (family !== 'q35' && w.some((x) => x.model === 'itco')) faults.push('itco-off-q35');
  if (family === 'q35' && release.ib700RefusedOffPc && w.some((x) => x.model === 'ib700')) faults.push('ib700-on-q35');
  return faults;
}

/**
 * Every on-purpose fault found in `spec` for its family; empty means libvirt should accept
 * it. The release decides the watchdog rules (debian-12's by default: the host's).
 */
export function deliberateFaults(spec: DomainSpec, family: GenFamily, release: ReleaseFacts = releaseFacts(DEBIAN_12)): DeliberateFault[] {
  return [
    ...addressFaults(spec, family),
    ...controllerFaults(spec, family),
    ...storageControllerFaults(spec, family),
    ...usbFaults(spec, family, release),
    ...diskFaults(spec, family),
    ...videoFaults(spec, family),
    ...watchdogFaults(spec, family, release),
    ...firmwareFaults(spec),
    ...parserFaults(spec),
    ...hypervFaults(spec, release),
    ...cpuTopologyFaults(spec, release),
    ...spec.disks.filter((d) => d.readonly && d.device === 'disk' && (d.bus === 'sata' || d.bus === 'ide')).map((d) => `readonly-${d.bus}-disk ${d.target}`),
  ];
}

/** A CPU topology whose product is not the vCPU count (clusters count where the release reads them). */
function cpuTopologyFaults(spec: DomainSpec, release: ReleaseFacts): DeliberateFault[] {
  const t = spec.cpuTopology;
  if (t === undefined) return [];
  const cpus = topologyCpus(t, release);
  return cpus === t.vcpus ? [] : [`cpu-topology-mismatch ${cpus} for ${t.vcpus} vCPUs`];
}

/** A Hyper-V enlightenment without what it needs, where the release checks that (hyperv.ts writes such subsets now and then). */
function hypervFaults(spec: DomainSpec, release: ReleaseFacts): DeliberateFault[] {
  const missing = release.hypervDependencies ? hypervDependencyRefusal(spec) : undefined;
  return missing === undefined ? [] : [`hyperv-dependency ${missing}`];
}

/** Values libvirt's parser or validation refuses whatever the machine (observed on 9.0, 11.3 and 12.8). */
function parserFaults(spec: DomainSpec): DeliberateFault[] {
  const faults: DeliberateFault[] = [];
  for (const c of spec.controllers) if (c.unknownModel !== undefined) faults.push(`unknown-controller-model ${c.type} ${c.unknownModel}`);
  for (const n of spec.nets) if (n.mac !== undefined && isMulticastMac(n.mac)) faults.push(`multicast-mac ${n.mac}`);
  if (spec.inputs.some((i) => i.bus === 'usb' && i.address?.type === 'pci')) faults.push('usb-input-pci-address');
  for (const d of spec.disks) {
    const lun = d.lun;
    if (lun === undefined) continue;
    const badSource = lun.sourceType === 'file' || lun.sourceType === 'dir' || (lun.sourceType === 'network' && lun.protocol !== 'iscsi');
    if (badSource || (d.bus !== 'scsi' && d.bus !== 'virtio')) faults.push(`lun-source ${d.target}`);
  }
  if (spec.vsock?.cid !== undefined && spec.vsock.cid < 3) faults.push('low-vsock-cid');
  for (const n of spec.nets) if (n.romDisabledButTuned) faults.push(`rom-disabled-but-tuned ${n.mac ?? ''}`);
  for (const c of spec.controllers) if (c.badTarget !== undefined) faults.push(`bad-target-number ${c.badTarget.attribute}='${c.badTarget.text}'`);
  return faults;
}

/** UEFI without ACPI on x86, ACPI without UEFI on aarch64 (refused by libvirt 9.0 to 12.8, observed). */
function firmwareFaults(spec: DomainSpec): DeliberateFault[] {
  if (spec.arch === 'x86_64' && spec.uefi && !spec.acpi) return ['uefi-without-acpi'];
  if (spec.arch === 'aarch64' && spec.acpi && !spec.uefi) return ['acpi-without-uefi'];
  return [];
}
