// libvirt 9.0's PCI assignment for aarch64 'virt' guests. It is q35's assignment without
// the ICH9 chipset (pcie-root, root ports packed on pcie.0, conventional PCI devices behind
// a pcie-to-pci-bridge, one spare root port), plus what differs on virt:
// - libvirt adds no USB controller (a family fact), no memballoon and no ps2 inputs of its own;
// - once any device has <address type='virtio-mmio'/>, every virtio device (and every
//   SCSI controller, whatever its model) left without an address goes on virtio-mmio too
//   instead of PCI (qemuDomainAssignVirtioMMIOAddresses / PrimeVirtioDeviceAddresses).
// The shared definition builder and assignment do the rest; this file adjusts the
// definition before assignment so both keep one code path for every family.

import type { DomainSpec, Prediction, UserAddress } from '../types/domain.js';
import { memballoonKey } from '../types/keys.js';
import { ARM_VIRT_FACTS } from './armVirtFacts.js';
import { assignPciAddresses } from './assign.js';
import { buildDomainDef } from './buildDef.js';
import type { DomainDef, DeviceDef } from './domainDef.js';
import { OutsideCoverage, PredictedRejection, unsupported } from './errors.js';
import { toDomainState } from './toState.js';
import type { ReleaseFacts } from './releases.js';

const MMIO = 'virtio-mmio';

/** Predicts libvirt 9.0's answer for a spec on an aarch64 'virt' machine (canonical name given). */
export function predictArmVirt(spec: DomainSpec, canonical: string, release: ReleaseFacts): Prediction {
  if (spec.arch !== 'aarch64') return { kind: 'unsupported', reason: `arm-virt on ${spec.arch}` };
  try {
    const def = buildArmVirtDef(spec, canonical, release);
    // virtio-mmio disks must not take part in PCI assignment (libvirt skips them outright)
    const allDisks = def.disks;
    def.disks = allDisks.filter((d) => d.info.type !== MMIO);
    assignPciAddresses(def);
    def.disks = allDisks;
    const late = def.deferred[0];
    if (late !== undefined) return { kind: 'reject', errorClass: late.errorClass, detail: late.detail };
    const state = toDomainState(def);
    // a memballoon libvirt did not add is absent from its XML, not "model none"
    if (spec.memballoon === undefined) state.devices = state.devices.filter((d) => d.key !== memballoonKey);
    return { kind: 'ok', state };
  } catch (e) {
    if (e instanceof PredictedRejection) return { kind: 'reject', errorClass: e.errorClass, detail: e.message };
    if (e instanceof OutsideCoverage) return { kind: 'unsupported', reason: e.message };
    throw e;
  }
}

/** The working definition of a virt guest, ready for PCI assignment. */
export function buildArmVirtDef(spec: DomainSpec, canonical: string, release: ReleaseFacts): DomainDef {
  checkCoverage(spec);
  const hasMmio = mmioHolders(spec).length > 0;
  const def = buildDomainDef(withoutMmioAddresses(spec), ARM_VIRT_FACTS, canonical, release);
  refuseUsbWithoutController(def, spec);
  dropImplicitPs2(def, spec);
  if (spec.controllers.some((c) => c.type === 'usb' && c.ports !== undefined)) unsupported('ports= on a USB controller');
  if (spec.memballoon === undefined) def.memballoon = { key: memballoonKey, model: 'none', info: { type: 'none', flags: 0 } };
  // observed: the ps2 refusal comes after the video checks
  if (spec.inputs.some((i) => i.bus === 'ps2')) def.deferred.push({ errorClass: 'other', detail: 'ps2 is not supported by this QEMU binary' });
  if (hasMmio) primeVirtioMmio(def);
  return def;
}

/** Ground the model has not measured on virt: it says unsupported rather than guess. */
function checkCoverage(spec: DomainSpec): void {
  if ((spec.hostdevs ?? []).length > 0) unsupported('PCI host devices on virt (not measured)');
  if ((spec.panics ?? []).length > 0) unsupported('panic devices on virt (not measured)');
  if (spec.vsock !== undefined) unsupported('vsock on virt (not measured)');
  if ((spec.filesystems ?? []).length > 0) unsupported('9p filesystems on virt (not measured)');
  for (const n of spec.nets) if (n.model !== 'virtio' && n.model.startsWith('virtio')) unsupported(`net ${n.model} on virt (not measured)`);
  for (const h of mmioHolders(spec)) {
    // libvirt accepts virtio-mmio on any device at define time; only virtio ones can work
    if (!h.virtio) unsupported(`virtio-mmio address on non-virtio ${h.what}`);
  }
}

/** Every spec element that carries a virtio-mmio address, and whether it is a virtio device. */
function mmioHolders(spec: DomainSpec): Array<{ what: string; virtio: boolean }> {
  const out: Array<{ what: string; virtio: boolean }> = [];
  const add = (address: UserAddress | undefined, what: string, virtio: boolean) => {
    if (address?.type === MMIO) out.push({ what, virtio });
  };
  for (const d of spec.disks) add(d.address, `disk ${d.bus}`, d.bus === 'virtio');
  for (const n of spec.nets) add(n.address, `net ${n.model}`, n.model === 'virtio');
  for (const c of spec.controllers) add(c.address, `controller ${c.type}`, c.type === 'virtio-serial' || (c.type === 'scsi' && c.model === 'virtio-scsi'));
  for (const v of spec.videos) add(v.address, `video ${v.model}`, v.model === 'virtio');
  for (const s of spec.sounds) add(s.address, `sound ${s.model}`, false);
  for (const w of spec.watchdogs) add(w.address, `watchdog ${w.model}`, false);
  for (const i of spec.inputs) add(i.address, `input ${i.bus}`, i.bus === 'virtio');
  for (const r of spec.rngs) add(r.address, 'rng', true);
  if (spec.memballoon) add(spec.memballoon.address, `memballoon ${spec.memballoon.model}`, spec.memballoon.model === 'virtio');
  return out;
}

/**
 * The spec with virtio-mmio addresses left out. Equivalent for libvirt: a virtio device
 * without an address is put on virtio-mmio anyway once any device has such an address.
 */
function withoutMmioAddresses(spec: DomainSpec): DomainSpec {
  const strip = <T extends { address?: UserAddress }>(x: T): T => {
    if (x.address?.type !== MMIO) return x;
    const copy = { ...x };
    delete copy.address;
    return copy;
  };
  return {
    ...spec,
    controllers: spec.controllers.map(strip),
    disks: spec.disks.map(strip),
    nets: spec.nets.map(strip),
    videos: spec.videos.map(strip),
    sounds: spec.sounds.map(strip),
    memballoon: spec.memballoon && strip(spec.memballoon),
    rngs: spec.rngs.map(strip),
    watchdogs: spec.watchdogs.map(strip),
    inputs: spec.inputs.map(strip),
  };
}

/** libvirt adds no USB controller on virt (ARM_VIRT_FACTS): USB devices without one are refused first. */
function refuseUsbWithoutController(def: DomainDef, spec: DomainSpec): void {
  const anyUsb = def.controllers.some((c) => c.type === 'usb');
  const usbDevices = spec.disks.some((d) => d.bus === 'usb') || spec.inputs.some((i) => i.bus === 'usb');
  if (!anyUsb && usbDevices) {
    def.deferred.unshift({ errorClass: 'other', detail: 'USB is disabled for this domain, but USB devices are present in the domain XML' });
  }
}

/** Removes the ps2 mouse and keyboard the shared builder adds (x86 only in libvirt). */
function dropImplicitPs2(def: DomainDef, spec: DomainSpec): void {
  const userPs2 = spec.inputs.filter((i) => i.bus === 'ps2').length;
  let kept = 0;
  def.inputs = def.inputs.filter((i) => i.bus !== 'ps2' || kept++ < userPs2);
}

/** Puts every address-less virtio device (and SCSI controller) on virtio-mmio. */
function primeVirtioMmio(def: DomainDef): void {
  const prime = (d: { info: DeviceDef['info'] }) => {
    if (d.info.type === 'none') d.info.type = MMIO;
  };
  def.disks.filter((d) => d.bus === 'virtio').forEach(prime);
  def.nets.filter((n) => n.model === 'virtio').forEach(prime);
  def.videos.filter((v) => v.model === 'virtio').forEach(prime);
  def.inputs.filter((i) => i.bus === 'virtio').forEach(prime);
  // libvirt 9.0 primes SCSI controllers of any model, lsilogic included (observed)
  def.controllers.filter((c) => c.type === 'virtio-serial' || c.type === 'scsi').forEach(prime);
  if (def.memballoon.model === 'virtio') prime(def.memballoon);
  def.rngs.forEach(prime);
}
