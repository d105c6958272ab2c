// What is aarch64 'virt's own beyond its facts (families.ts): the ground the model has
// not measured there, and virtio-mmio. Once any device has <address type='virtio-mmio'/>,
// every virtio device (and every SCSI controller, whatever its model) left without an
// address goes on virtio-mmio too instead of PCI (qemuDomainAssignVirtioMMIOAddresses /
// PrimeVirtioDeviceAddresses). Everything else — pcie-root, root ports packed on pcie.0,
// conventional PCI devices behind a pcie-to-pci-bridge, one spare root port, no implicit
// USB, balloon or ps2 — is the shared builder and assignment reading the family's facts.

import type { DomainSpec, UserAddress } from '../types/domain.js';
import type { DomainDef, DeviceDef } from './domainDef.js';
import { unsupported } from './errors.js';

const MMIO = 'virtio-mmio';

/** Ground the model has not measured on virt: it says unsupported rather than guess. */
export function checkArmVirtCoverage(spec: DomainSpec): void {
  // libvirt leaves these on PCI when it primes virtio-mmio (observed on 11.3 and 12.8: a 9p
  // share, a vsock, a host device and a pvpanic beside virtio-mmio disks stay on PCI); one
  // with a virtio-mmio address of its own was not measured, but for a 9p share (observed on
  // 9.0, 11.3 and 12.8: it keeps its address, and primes the others as any holder does)
  const own = [
    ...(spec.hostdevs ?? []).map((h) => ({ what: 'PCI host device', address: h.address })),
    ...(spec.hostdevNets ?? []).map((n) => ({ what: 'hostdev interface', address: n.address })),
    ...(spec.panics ?? []).map((p) => ({ what: 'panic device', address: p.address })),
    ...(spec.vsock === undefined ? [] : [{ what: 'vsock', address: spec.vsock.address }]),
    ...(spec.filesystems ?? []).flatMap((fs) => (fs.driver === 'virtiofs' ? [{ what: 'virtiofs share', address: fs.address }] : [])),
  ].find((u) => u.address?.type === MMIO);
  if (own) unsupported(`a ${own.what} with a virtio-mmio address (not measured)`);
  // shared memory, crypto, DIMM/NVDIMM and virtio-mem devices were observed placed as on q35
  // (9.0, 11.3 and 12.8, 2026-12-06); virtio-pmem is refused by QEMU there, at a step not measured
  if ((spec.memoryDevices ?? []).some((m) => m.model === 'virtio-pmem')) unsupported('a virtio-pmem device on virt (refused, at a step not measured)');
  if ((spec.pstores ?? []).length > 0) unsupported('a pstore device on virt (not measured)');
  const memoryLike = (spec.memoryDevices ?? []).length + (spec.shmems ?? []).length + (spec.cryptos ?? []).length > 0;
  if (memoryLike && mmioHolders(spec).length > 0) unsupported('memory, shared memory or crypto devices beside virtio-mmio devices (not measured)');
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
  for (const n of spec.nets) add(n.address, `net ${n.model}`, n.model.startsWith('virtio'));
  for (const c of spec.controllers) add(c.address, `controller ${c.type}`, c.type === 'virtio-serial' || (c.type === 'scsi' && c.model === 'virtio-scsi'));
  for (const v of spec.videos) add(v.address, `video ${v.model}`, v.model === 'virtio');
  for (const s of spec.sounds) add(s.address, `sound ${s.model}`, false);
  for (const w of spec.watchdogs) add(w.address, `watchdog ${w.model}`, false);
  for (const i of spec.inputs) add(i.address, `input ${i.bus}`, i.bus === 'virtio');
  for (const r of spec.rngs) add(r.address, 'rng', true);
  for (const fs of spec.filesystems ?? []) add(fs.address, 'filesystem', true);
  if (spec.memballoon) add(spec.memballoon.address, `memballoon ${spec.memballoon.model}`, spec.memballoon.model !== 'none');
  return out;
}

/**
 * The spec with virtio-mmio addresses left out, and whether it had any. Equivalent for
 * libvirt: a virtio device without an address is put on virtio-mmio anyway once any
 * device has such an address (primeVirtioMmio does that after the build).
 */
export function withoutMmioAddresses(spec: DomainSpec): { spec: DomainSpec; hadMmio: boolean } {
  const hadMmio = mmioHolders(spec).length > 0;
  if (!hadMmio) return { spec, hadMmio };
  const strip = <T extends { address?: UserAddress }>(x: T): T => {
    if (x.address?.type !== MMIO) return x;
    const copy = { ...x };
    delete copy.address;
    return copy;
  };
  return {
    hadMmio,
    spec: {
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
    },
  };
}

/** Puts every address-less virtio device (and SCSI controller) on virtio-mmio. */
export function primeVirtioMmio(def: DomainDef): void {
  const prime = (d: { info: DeviceDef['info'] }) => {
    if (d.info.type === 'none') d.info.type = MMIO;
  };
  def.disks.filter((d) => d.bus === 'virtio').forEach(prime);
  // every virtio NIC model, variants too (virDomainNetIsVirtioModel; observed with non-transitional)
  def.nets.filter((n) => n.model.startsWith('virtio')).forEach(prime);
  def.videos.filter((v) => v.model === 'virtio').forEach(prime);
  def.inputs.filter((i) => i.bus === 'virtio').forEach(prime);
  // libvirt 9.0 primes SCSI controllers of any model, lsilogic included (observed)
  def.controllers.filter((c) => c.type === 'virtio-serial' || c.type === 'scsi').forEach(prime);
  // every balloon libvirt accepts is virtio, of whichever variant
  if (def.memballoon !== undefined && def.memballoon.model !== 'none') prime(def.memballoon);
  def.rngs.forEach(prime);
}
