// Refusals libvirt 9.0 makes while it parses the XML, before it looks at the machine at
// all (so they win over an unknown machine and over every address or validation error).
// Observed order: devices are parsed kind by kind (disks, controllers, interfaces, inputs,
// sounds, videos, host devices, watchdogs, the balloon, RNGs), each kind in document order.

import type { ControllerSpec, DomainSpec, HostdevNetSpec, LeaseSpec, NetSpec, UserAddress } from '../types/domain.js';
import { reject, unsupported } from './errors.js';
import type { ReleaseFacts } from './releases.js';
import { hasUsbModelNone, isIch9Uhci } from './usbControllers.js';
import { unknownFeatureAtParse } from './domainFeatures.js';
import { unknownLifecycleAction } from './lifecycle.js';
import { checkDiskNamesAtPostParse } from './diskOrder.js';

/** Largest bus, slot and function the PCI address parser accepts (virPCIDeviceAddressIsValid). */
const PCI_LIMITS = [
  ['bus', 0xff, (v: number) => `bus='0x${v.toString(16)}', must be <= 0xFF`],
  ['slot', 0x1f, (v: number) => `slot='0x${v.toString(16)}', must be <= 0x1F`],
  ['function', 7, (v: number) => `function=0x${v.toString(16)}, must be <= 7`],
] as const;

/**
 * Refuses a PCI address field out of range. Observed: only an address whose domain, bus or
 * slot is non-zero is checked; one giving only a function reads as "no address".
 */
function checkPciFields(address: UserAddress | undefined): void {
  if (address?.type !== 'pci') return;
  if (((address.domain ?? 0) | (address.bus ?? 0) | (address.slot ?? 0)) === 0) return;
  for (const [field, max, text] of PCI_LIMITS) {
    const v = address[field] ?? 0;
    if (v > max) reject('invalid-address', `Invalid PCI address ${text(v)}`);
  }
}

/** A well-formed MAC whose first octet has the group bit set (libvirt's parser wants a unicast one). */
export function isMulticastMac(mac: string): boolean {
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac) && (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}

/** libvirt's words for a `<target>` number it cannot take: a negative one, or text that is no number. */
function badTargetMessage({ attribute, text }: NonNullable<ControllerSpec['badTarget']>): string {
  const expected = /^\s*-/.test(text) ? 'non-negative value' : 'integer value';
  return `Invalid value for attribute '${attribute}' in element 'target': '${text}'. Expected ${expected}`;
}

/** The parser's refusals of the controllers: a type the release lacks, a negative index, a bad address, USB model none beside another USB controller, companions without a master. */
function checkControllersAtParse(spec: DomainSpec, release: ReleaseFacts): void {
  // USB model 'none' refuses any other USB controller parsed after it, and the other way round
  let none = false;
  let other = false;
  for (const c of spec.controllers) {
    // the type attribute is the first the parser reads
    if (c.type === 'nvme' && !release.nvme) reject('other', "Invalid value for attribute 'type' in element 'controller': 'nvme'.");
    if (c.unknownModel !== undefined) reject('other', `Unknown model type '${c.unknownModel}'`);
    // the index attribute is read before the controller's address
    if (c.index !== undefined && c.index < 0) reject('other', `Invalid value for attribute 'index' in element 'controller': '${c.index}'. Expected non-negative value`);
    // a PCI controller's <target> numbers are read next, before its address (observed on 9.0, 11.3 and 12.8)
    if (c.badTarget !== undefined) reject('other', badTargetMessage(c.badTarget));
    checkPciFields(c.address);
    if (c.type !== 'usb') continue;
    if (c.model === 'none' ? other : none) reject('other', "Can't add another USB controller: USB is disabled for this domain");
    if (c.model === 'none') none = true;
    else other = true;
  }
  // the user's USB controllers must include one that is not an ICH9 UHCI companion
  const usb = spec.controllers.filter((c) => c.type === 'usb' && c.model !== 'none');
  if (usb.length > 0 && usb.every((c) => isIch9Uhci(c.model))) reject('other', 'No master USB controller specified');
}

/**
 * A lease's parts, in the parser's order (observed on 9.0, 11.3 and 12.8): the key, the
 * lockspace (its absence fails without a message), the target, its path, then the offset,
 * which must be a non-negative integer (oVirt's engine writes placeholders vdsm fills in).
 */
function checkLease(lease: LeaseSpec): void {
  if (!lease.key) reject('other', "Missing 'key' element for lease");
  if (!lease.lockspace) reject('other', 'An error occurred, but the cause is unknown');
  if (lease.target === undefined) reject('other', "Missing 'target' element for lease");
  if (lease.target.path === undefined) reject('other', "Missing 'path' attribute to 'target' element for lease");
  const offset = lease.target.offset;
  if (offset === undefined || /^[0-9]{1,19}$/.test(offset)) return;
  // strtoull's leniencies (spaces, a sign, a value past 64 bits) were not measured
  if (/^\s*\+?[0-9]/.test(offset)) unsupported(`lease offset '${offset}'`);
  reject('other', `Invalid value for attribute 'offset' in element 'target': '${offset}'. Expected non-negative integer value`);
}

/** Every interface in document order: SR-IOV ones (hostdevNets) fill the places the other NICs' positions leave. */
function interfacesInOrder(spec: DomainSpec): Array<NetSpec | HostdevNetSpec> {
  const out: Array<NetSpec | HostdevNetSpec> = [];
  const hostdevs = [...(spec.hostdevNets ?? [])];
  spec.nets.forEach((n, i) => {
    while (out.length < (n.position ?? i) && hostdevs.length > 0) out.push(hostdevs.shift()!);
    out.push(n);
  });
  return [...out, ...hostdevs];
}

/** The parser's refusals of the disks, in document order: a disk type, model or bus the release lacks, a bad address. */
function checkDisksAtParse(spec: DomainSpec, release: ReleaseFacts): void {
  for (const d of spec.disks) {
    // the disk element's attributes are read before its target's
    if (d.vhostVdpa && !release.vhostVdpaDisk) reject('other', "Invalid value for attribute 'type' in element 'disk': 'vhostvdpa'.");
    if (d.model === 'usb-storage' && !release.usbStorageDiskModel) reject('other', "Invalid value for attribute 'model' in element 'disk': 'usb-storage'");
    if (d.bus === 'nvme' && !release.nvme) reject('other', "Invalid value for attribute 'bus' in element 'target': 'nvme'.");
    checkPciFields(d.address);
  }
}

/** libvirt's words for a NIC's missing source. */
function missingSourceMessage({ netType, attribute }: NonNullable<NetSpec['missingSource']>): string {
  return attribute === undefined ? `interface type='${netType}' requires a 'source' element` : `Missing required attribute '${attribute}' in element 'source'`;
}

/** The parser's refusals of the interfaces, in document order (SR-IOV ones among them). */
function checkInterfacesAtParse(spec: DomainSpec, release: ReleaseFacts): void {
  for (const n of interfacesInOrder(spec)) {
    // the type's source is read before the MAC (observed on 9.0, 11.3 and 12.8)
    if ('missingSource' in n && n.missingSource !== undefined) reject('other', missingSourceMessage(n.missingSource));
    if (n.mac !== undefined && isMulticastMac(n.mac)) reject('other', `expected unicast mac address, found multicast '${n.mac}'`);
    // observed on 9.0, 11.3 and 12.8: after the MAC, before the backend and the address
    if ('romDisabledButTuned' in n && n.romDisabledButTuned) reject('other', 'ROM tuning is not supported when ROM is disabled');
    if ('passt' in n && n.passt && !release.passtBackend) reject('other', "Invalid value for attribute 'type' in element 'backend': 'passt'.");
    checkPciFields(n.address);
  }
}

/** Hyper-V's vendor_id is at most 12 characters, without a comma (QEMU's option syntax); observed on 9.0 and 12.8. */
function hypervVendorIdRefusal(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // a missing value: libvirt's own message, not measured
  if (new TextEncoder().encode(value).length > 12) return 'HyperV vendor_id value must not be more than 12 characters.';
  if (value.includes(',')) return 'HyperV vendor_id value is invalid';
  return undefined;
}

/** The `<cpu mode>` values libvirt's parser knows. */
const CPU_MODES = new Set(['custom', 'host-model', 'host-passthrough', 'maximum']);

/** Refusals of the parser itself, in the order libvirt reports them; throws the first. */
export function checkAtParse(spec: DomainSpec, release: ReleaseFacts): void {
  // the vCPU counts are read before the CPU (observed on 9.0 and 12.8)
  if (spec.vcpuCounts !== undefined && spec.vcpuCounts.current > spec.vcpuCounts.max) reject('other', 'maximum vCPU count must not be less than current vCPU count');
  // observed on 9.0, 11.3 and 12.8: the CPU is read before the features and the lifecycle actions
  if (spec.cpuMode !== undefined && !CPU_MODES.has(spec.cpuMode)) reject('other', `Invalid mode attribute '${spec.cpuMode}'`);
  // the features are parsed before any device, each in document order
  const unknownFeature = unknownFeatureAtParse(spec, release);
  const vendorId = hypervVendorIdRefusal(spec.hypervVendorId);
  if (unknownFeature !== undefined && vendorId !== undefined) unsupported('an unknown feature beside a bad Hyper-V vendor_id (their order is the document\'s, not carried)');
  if (unknownFeature !== undefined) reject('other', unknownFeature);
  if (vendorId !== undefined) reject('other', vendorId);
  const unknownAction = unknownLifecycleAction(spec);
  if (unknownAction !== undefined) reject('other', unknownAction);
  checkDisksAtParse(spec, release);
  checkControllersAtParse(spec, release);
  // leases next (observed: after a controller's unknown model and a disk's bad slot, before a filesystem's cache mode and a NIC's MAC)
  for (const lease of spec.leases ?? []) checkLease(lease);
  // libvirt's parser reads filesystems between the controllers and the interfaces
  for (const fs of spec.filesystems ?? []) {
    // libvirt's cache modes are none and always, on every known release ('auto', virtiofsd's own name, observed refused on all three)
    if (fs.cacheMode !== undefined && fs.cacheMode !== 'none' && fs.cacheMode !== 'always') reject('other', `Invalid value for attribute 'mode' in element 'cache': '${fs.cacheMode}'.`);
    checkPciFields(fs.address);
  }
  checkInterfacesAtParse(spec, release);
  // the controllers are parsed before the inputs, whatever the document order
  const usbNone = hasUsbModelNone(spec);
  for (const i of spec.inputs) {
    // the address is read (and range-checked) before it is found to be no USB address, and
    // both before the USB bus is looked for (observed on 9.0, 11.3 and 12.8)
    checkPciFields(i.address);
    if (i.bus === 'usb' && i.address?.type === 'pci') reject('other', 'Invalid address for a USB device');
    if (i.bus === 'usb' && usbNone) reject('other', "Can't add USB input device. USB bus is disabled");
  }
  // the graphics are parsed after the inputs, before the sounds (observed on 9.0 and 12.8)
  if (spec.unknownModels?.graphics !== undefined) reject('other', `Invalid value for attribute 'type' in element 'graphics': '${spec.unknownModels.graphics}'.`);
  // the model attribute is read first
  if (spec.unknownModels?.sound !== undefined) reject('other', `Invalid value for attribute 'model' in element 'sound': '${spec.unknownModels.sound}'.`);
  for (const s of spec.sounds) checkPciFields(s.address);
  // the audio backends are parsed after the sound cards
  const audio = (spec.audioTypes ?? []).find((t) => !release.audioTypes.has(t));
  if (audio !== undefined) reject('other', `Invalid value for attribute 'type' in element 'audio': '${audio}'.`);
  const video = spec.unknownModels?.video;
  if (video !== undefined) reject('other', release.wording90 ? `unknown video model '${video}'` : `Invalid value for attribute 'type' in element 'model': '${video}'.`);
  for (const v of spec.videos) checkPciFields(v.address);
  for (const h of spec.hostdevs ?? []) {
    if (h.subsystem === 'mdev' && h.modelMissing) reject('other', "Missing required attribute 'model' in element 'hostdev'");
    checkPciFields(h.address);
  }
  // counted before any watchdog is parsed (observed: wins over a watchdog's bad address)
  if (spec.watchdogs.length > 1 && !release.multipleWatchdogs) reject('other', 'only a single watchdog device is supported');
  for (const w of spec.watchdogs) {
    if (w.model === 'itco' && !release.multipleWatchdogs) reject('other', "unknown watchdog model 'itco'");
    checkPciFields(w.address);
  }
  checkLastDevicesAtParse(spec, release, usbNone);
  // <sysinfo> is parsed after every device (observed on 9.0 and 12.8: after a multicast MAC and a negative chassis, before an unknown machine)
  checkSysinfoUuids(spec);
}

/** Each `<sysinfo>` system UUID must be a UUID, and the domain's when it has one of its own. */
function checkSysinfoUuids(spec: DomainSpec): void {
  for (const text of spec.sysinfoUuids ?? []) {
    const uuid = uuidBytes(text);
    if (uuid === undefined) reject('other', 'malformed <sysinfo> uuid element');
    // without a <uuid> the first sysinfo one becomes the domain's
    if (spec.uuid !== undefined && uuid !== uuidBytes(spec.uuid)) reject('other', 'UUID mismatch between <uuid> and <sysinfo>');
  }
}

/** The parser's refusals of the devices it reads after the watchdogs, in its order. */
function checkLastDevicesAtParse(spec: DomainSpec, release: ReleaseFacts, usbNone: boolean): void {
  checkPciFields(spec.memballoon?.address);
  for (const r of spec.rngs) checkPciFields(r.address);
  // the TPMs come after the RNGs (virDomainDefParseXML's order)
  if (spec.unknownModels?.tpm !== undefined) reject('other', `Invalid value for attribute 'model' in element 'tpm': '${spec.unknownModels.tpm}'.`);
  // the hubs are parsed after the host devices and the RNGs: before any post-parse check (an independent generator's virt file, 11.3)
  if ((spec.usbHubs ?? []).length > 0 && usbNone) reject('other', "Can't add USB hub: USB is disabled for this domain");
  // observed: read after the RNGs (and after the USB checks)
  for (const p of spec.panics ?? []) if (p.model !== undefined && !release.panicModels.has(p.model)) reject('other', `unknown panic model '${p.model}'`);
  checkPciFields(spec.iommu?.address);
  checkPciFields(spec.vsock?.address);
  for (const m of spec.shmems ?? []) checkPciFields(m.address);
  for (const m of spec.memoryDevices ?? []) checkPciFields(m.address);
  if (release.cryptoAndPstore) for (const d of [...(spec.cryptos ?? []), ...(spec.pstores ?? [])]) checkPciFields(d.address);
}

/**
 * A UUID as libvirt's parser reads it (virUUIDParse): leading spaces, then 16 bytes of two
 * adjacent hex digits each, with '-' or ' ' allowed between bytes, then only spaces. The bytes
 * as lower-case hex, or undefined when it is malformed.
 */
export function uuidBytes(text: string): string | undefined {
  const m = /^\s*((?:[-\x20]*[0-9a-fA-F]{2}){16})\s*$/.exec(text);
  return m === null ? undefined : m[1].replace(/[-\x20]/g, '').toLowerCase();
}

/**
 * Two controllers of one type with one index (USB aside: its companions share an index).
 * Observed after the root-index check, before any address is assigned or the machine looked up.
 */
function checkDuplicateIndexes(controllers: ReadonlyArray<{ type: string; index?: number }>): void {
  const seen = new Set<string>();
  for (const c of controllers) {
    if (c.type === 'usb' || c.index === undefined || c.index < 0) continue;
    const key = `${c.type}:${c.index}`;
    if (seen.has(key)) reject('other', `Multiple '${c.type}' controllers with index '${c.index}'`);
    seen.add(key);
  }
}

/**
 * Two USB controllers at one index, neither an ICH9 UHCI companion (an EHCI counts as
 * one): refused before the machine is looked up (observed on 9.0, 11.3 and 12.8: xHCI beside
 * a PIIX3 UHCI or an ICH9 EHCI; two companions of one model are taken).
 */
function checkDuplicateUsbControllers(controllers: ReadonlyArray<{ type: string; index?: number; model?: string }>): void {
  const masters = new Set<number>();
  for (const c of controllers) {
    if (c.type !== 'usb' || c.index === undefined || c.model === 'none' || isIch9Uhci(c.model)) continue;
    if (masters.has(c.index)) reject('other', `Duplicate USB controllers with index ${c.index}`);
    masters.add(c.index);
  }
}

/**
 * Two virtio ports at one controller and port: refused after the duplicate controller
 * indexes, before the machine is looked up (observed on 9.0, 11.3 and 12.8; a second
 * unseen generator's files).
 */
function checkVirtioPortsOccupied(spec: DomainSpec): void {
  const seen = new Set<string>();
  for (const p of spec.virtioPorts ?? []) {
    if (p.port === undefined) continue;
    const key = `${p.controller ?? 0}:${p.port}`;
    if (seen.has(key)) reject('other', `virtio serial port ${p.port} on controller ${p.controller ?? 0} is already occupied`);
    seen.add(key);
  }
}

/** A pci-root or pcie-root above index 0: refused after the wrong-root check, before the machine lookup. */
function checkRootIndexes(spec: DomainSpec): void {
  for (const c of spec.controllers) {
    if (c.type === 'pci' && (c.model === 'pci-root' || c.model === 'pcie-root') && (c.index ?? 0) > 0) {
      reject('other', 'pci-root and pcie-root controllers should have index 0');
    }
  }
}

/**
 * What libvirt refuses of the devices before the driver's controller post-parse (an xHCI's
 * port count): ISA serial ports, checked as they are parsed, then the disks' names as each
 * disk is post-parsed (observed on 9.0 and 12.8: both after a wrong PCI root, the serial
 * ports before an xHCI of 20 ports and before an unindexable disk name).
 */
export function checkAtDevicePostParse(spec: DomainSpec): void {
  checkIsaSerials(spec);
  checkDiskNamesAtPostParse(spec);
}

/**
 * The checks libvirt makes after the devices' post-parse and before it looks the machine up,
 * in its order (observed: roots above index 0, duplicate indexes, boot orders, timer settings,
 * a second serial console, duplicate USB controllers, two virtio ports at one port).
 */
export function checkBeforeMachineLookup(spec: DomainSpec): void {
  checkRootIndexes(spec);
  checkDuplicateIndexes(spec.controllers);
  checkBootOrders(spec);
  checkTimerSettings(spec);
  // observed on 9.0 and 12.8: after duplicate controller indexes and boot orders, before duplicate USB controllers and an unknown machine
  if ((spec.consoleTargets ?? []).slice(1).some((t) => t === undefined || t === 'serial')) reject('other', 'Only the first console can be a serial port');
  checkDuplicateUsbControllers(spec.controllers);
  checkVirtioPortsOccupied(spec);
}

/**
 * libvirt's common post-parse collects the devices' boot orders: one used twice is refused,
 * then any beside `<os><boot>` (observed on 9.0 and 12.8: after duplicate controller
 * indexes, before a second serial console and an unknown machine).
 */
function checkBootOrders(spec: DomainSpec): void {
  const seen = new Set<number>();
  for (const order of spec.bootOrders ?? []) {
    if (seen.has(order)) reject('other', `boot order '${order}' used for more than one device`);
    seen.add(order);
  }
  if (spec.bootOrderWithOsBoot) reject('other', 'per-device boot elements cannot be used together with os/boot elements');
}

/**
 * libvirt's common post-parse checks each timer's settings against its kind, timers in
 * document order (virDomainDefPostParseTimer; the same in 9.0's and 11.3's source, observed
 * on 12.8: right after duplicate boot orders).
 */
function checkTimerSettings(spec: DomainSpec): void {
  for (const t of spec.timers ?? []) {
    if ((t.name === 'kvmclock' || t.name === 'hypervclock') && t.tickpolicy !== undefined) reject('other', `timer ${t.name} doesn't support setting of timer tickpolicy`);
    if (t.catchup && t.tickpolicy !== 'catchup') reject('other', "setting of timer catchup policies is only supported with tickpolicy='catchup'");
    if (t.name !== 'tsc' && t.frequency) reject('other', `timer ${t.name} doesn't support setting of timer frequency`);
    if (t.name !== 'tsc' && t.mode !== undefined) reject('other', `timer ${t.name} doesn't support setting of timer mode`);
    if (t.name !== 'platform' && t.name !== 'rtc' && t.track !== undefined) reject('other', `timer ${t.name} doesn't support setting of timer track`);
  }
}

/** QEMU's PC has four ISA serial ports. */
const ISA_SERIAL_PORTS = 4;

/**
 * Serial ports written with target type isa-serial (only those: one without a type gets it
 * later): at most four, each at a port of its own below 4. Observed on 9.0 and 12.8, after the
 * wrong-root check, before duplicate controller indexes and an unknown machine.
 */
function checkIsaSerials(spec: DomainSpec): void {
  const isa = (spec.serials ?? []).filter((s) => s.targetType === 'isa-serial');
  const taken = new Set<number>();
  isa.forEach((s, i) => {
    if (i >= ISA_SERIAL_PORTS || (s.port ?? 0) >= ISA_SERIAL_PORTS) reject('other', `Maximum supported number of ISA serial ports is '${ISA_SERIAL_PORTS}'`);
    if (s.port === undefined) return;
    if (taken.has(s.port)) reject('other', `target port '${s.port}' already allocated`);
    taken.add(s.port);
  });
}
