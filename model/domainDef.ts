// The model's working copy of a domain definition, shaped like libvirt's after parsing and
// post-parse: controller indexes filled in, implicit controllers and devices added, videos
// ordered (primary first), every device carrying its key, its connect flags and its address.

import type { ControllerModel, ControllerSpec, ControllerType, RejectClass, UserAddress } from '../types/domain.js';
import type { WorkAddress } from './addressSet.js';
import type { FamilyFacts } from './families.js';
import type { ReleaseFacts } from './releases.js';
import { isUserAlias } from './userAliases.js';

/** Address information of one device, mutated by the passes as libvirt does. */
export interface DeviceInfo {
  /** libvirt's address type: none, pci, drive, usb, isa. */
  type: string;
  pci?: WorkAddress;
  /** Connect flags; 0 means the device does not use PCI. */
  flags: number;
}

/** A controller of the working definition. */
export interface ControllerDef {
  /** 'ccid': the smartcard controller, a USB device (never on PCI). */
  type: ControllerType | 'ccid';
  index: number;
  model?: ControllerModel;
  /** Has a <master> element (a USB companion). */
  companion: boolean;
  target?: { chassis?: number; port?: number; busNr?: number; chassisNr?: number; node?: number };
  /** The user's `<model name>`, when given. */
  modelName?: string;
  /** The user's `<target hotplug>`, when given. */
  hotplug?: 'on' | 'off';
  /** Added by libvirt itself, not written by the user. */
  implicit?: boolean;
  /** The user alias libvirt keeps (model/userAliases.ts): QEMU's id for it and its bus. */
  alias?: string;
  /** The user's `ports=` of a USB controller. */
  ports?: number;
  /** An NVMe controller's `<serial>`, else the first one a disk on it gives (libvirt takes that; an added controller too). */
  serial?: string;
  info: DeviceInfo;
}

/** A non-controller device of the working definition. */
export interface DeviceDef {
  key: string;
  model: string;
  /** The user alias libvirt keeps (NICs and disks): QEMU's id for the device. */
  alias?: string;
  /** A device libvirt looks for a PCI slot for although it computed no connect flags (a slot no bus has: refused). */
  waitsForSlot?: true;
  info: DeviceInfo;
}

/** The working definition: the lists libvirt's assignment walks, in its order. */
export interface DomainDef {
  facts: FamilyFacts;
  release: ReleaseFacts;
  machine: string;
  controllers: ControllerDef[];
  nets: DeviceDef[];
  sounds: DeviceDef[];
  /** Only virtio disks take PCI addresses; the others are kept for the output. */
  disks: Array<DeviceDef & { bus: string }>;
  /** undefined where the family adds none and the user gave none (FamilyFacts.implicitMemballoon). */
  memballoon?: DeviceDef;
  rngs: DeviceDef[];
  watchdogs: DeviceDef[];
  /** Output order: the primary video first. */
  videos: DeviceDef[];
  inputs: Array<DeviceDef & { bus: string }>;
  /** PCI host devices, keyed by their position. */
  hostdevs: DeviceDef[];
  /** Memory devices (keys memory:N): virtio ones on PCI after the vsock, DIMMs in memory slots. */
  memoryDevices: DeviceDef[];
  /** Crypto and pstore devices (keys crypto:N, pstore:N): after the vsock. */
  platformDevices: DeviceDef[];
  /** Shared memory devices (keys shmem:N): after the videos. */
  shmems: DeviceDef[];
  /** NICs that are PCI host devices (keys net:MAC): placed with the host devices, before them. */
  hostdevNets: DeviceDef[];
  /** Smartcards, on the CCID controller (never on PCI). */
  smartcards: DeviceDef[];
  /** pci-serial ports (the others take no PCI address), keyed by their position among all serials. */
  pciSerials: DeviceDef[];
  /** The vsock (key vsock:0), a virtio device. */
  vsocks: DeviceDef[];
  /** 9p filesystems (keys filesystem:N), placed right after the PCI controllers. */
  filesystems: DeviceDef[];
  /** The IOMMU (key iommu:0): a virtio one is an integrated PCI device on bus 0, an intel one is not on PCI. */
  iommus: DeviceDef[];
  /** pvpanic devices (the other panic models take no PCI address). */
  panics: DeviceDef[];
  /** USB hubs libvirt adds when the USB devices outnumber the controllers' ports. */
  hubs: DeviceDef[];
  /** Largest PCI controller index before assignment (decides the spare root port). */
  maxPciIndex: number;
  /** Refusals libvirt reports only after addresses are assigned (validation); the first one wins. */
  deferred: DeferredRejection[];
}

/**
 * When libvirt reports a refusal it finds after addressing, in the order observed: a
 * refusal of an earlier phase wins over any of a later one.
 */
export const PHASE = {
  /**
   * While libvirt assigns USB addresses, before it validates anything: USB devices where USB
   * is off (no controller, or model none), else the user's USB ports (observed on 9.0, 11.3
   * and 12.8: before UEFI without ACPI, an ISA panic on virt, a second iTCO watchdog, a
   * read-only SATA disk and a SCSI drive on bus 1, and before the lookup of a machine QEMU
   * does not list)
   */
  usbAddresses: 0.5,
  /** the driver's domain checks (ACPI and UEFI): after address assignment, before every device check (observed: before IDE controller 1) */
  domainValidation: 0.75,
  /** the same checks' later part: launch security, after the panic devices (qemuValidateDomainDef's order) */
  launchSecurityValidation: 0.8,
  /** while drive and USB addresses are assigned, disk by disk */
  driveAndUsbAddresses: 1,
  /** a video model checked against what QEMU offers, after the drive addresses */
  offeredVideoModels: 1.25,
  /** domain-wide checks before the devices' */
  beforeDeviceValidation: 1.5,
  /** controller validation */
  controllerValidation: 2,
  /** device validation (the default) */
  deviceValidation: 3,
  /** the graphics, validated after every other device (virDomainDeviceInfoIterateFlags; observed: after a usb-net NIC's ROM settings, before hugepages on demand) */
  graphicsValidation: 3.5,
  /** domain-wide checks after the devices' */
  afterDeviceValidation: 4,
  /** an input on a bus the machine lacks: after everything else (observed on virt: after the video checks) */
  machineInputBuses: 5,
  /** two devices sharing a user alias: last of all (observed on 9.0: after the device checks, hugepages, duplicate drive addresses and a ps2 input on virt) */
  aliasValidation: 6,
} as const;

/** One of the phases of PHASE. */
export type RefusalPhase = (typeof PHASE)[keyof typeof PHASE];

/** A refusal found while building the definition that libvirt reports after addressing. */
export interface DeferredRejection {
  errorClass: RejectClass;
  detail: string;
  /** When libvirt reports it; PHASE.deviceValidation when not given. */
  phase?: RefusalPhase;
}

/** Device info from a user's address (a missing PCI field reads as 0, as libvirt parses it). */
export function infoFromUser(address: UserAddress | undefined): DeviceInfo {
  if (address === undefined) return { type: 'none', flags: 0 };
  if (address.type !== 'pci') return { type: address.type, flags: 0 };
  return {
    type: 'pci',
    flags: 0,
    pci: {
      domain: address.domain ?? 0,
      bus: address.bus ?? 0,
      slot: address.slot ?? 0,
      function: address.function ?? 0,
      multi: address.multifunction,
    },
  };
}

/** libvirt's "address present": a PCI address whose domain, bus or slot is non-zero (observed: a lone function reads as no address). */
export function pciAddressPresent(info: DeviceInfo): boolean {
  const a = info.pci;
  return info.type === 'pci' && a !== undefined && (a.domain | a.bus | a.slot) !== 0;
}

/** libvirt's "address wanted": no address, or a PCI address that is not present. */
export function pciAddressWanted(info: DeviceInfo): boolean {
  return info.type === 'none' || (info.type === 'pci' && !pciAddressPresent(info));
}

/**
 * Inserts a controller where libvirt's parser does (virDomainControllerInsertPreAlloced):
 * an index-less one right after the last of its type; an indexed one before the earliest
 * of its type with a larger index (a master also before its companions at its index), else
 * right after the last of its type, else at the end. The scan runs over the whole list, not
 * only to the first smaller index: an index-less controller (-1 until the indexes are
 * filled in) leaves the list unsorted, and a later indexed one still goes before larger ones
 * ahead of it (observed: root ports 3, none, 2 end up 2, 3, then the index-less one).
 */
export function insertController(list: ControllerDef[], c: ControllerDef): void {
  let at = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    const cur = list[i];
    if (cur.type !== c.type) continue;
    if (c.index === -1) {
      at = i + 1;
      break;
    }
    if (cur.index > c.index) at = i;
    else if (!c.companion && cur.companion && cur.index === c.index) at = i;
    else if (at === -1) at = i + 1;
  }
  if (at === -1) list.push(c);
  else list.splice(at, 0, c);
}

/** Adds a controller libvirt made itself (virDomainDefAddController), where the release puts it. */
export function addImplicitController(list: ControllerDef[], c: ControllerDef, release: ReleaseFacts): void {
  if (release.addedControllersInOrder) insertController(list, c);
  else list.push(c);
}

/** Lowest index of `type` not used by any controller in the list (virDomainControllerFindUnusedIndex). */
export function unusedControllerIndex(list: ControllerDef[], type: string): number {
  let idx = 0;
  while (list.some((c) => c.type === type && c.index === idx)) idx++;
  return idx;
}

/** A controller of the working definition from a user's controller element (index -1 when left out). */
export function controllerFromSpec(spec: ControllerSpec): ControllerDef {
  return {
    type: spec.type,
    index: spec.index ?? -1,
    model: spec.model,
    companion: spec.masterStartport !== undefined,
    target: spec.target ? { ...spec.target } : undefined,
    ...(spec.modelName !== undefined ? { modelName: spec.modelName } : {}),
    ...(spec.hotplug !== undefined ? { hotplug: spec.hotplug } : {}),
    ...(isUserAlias(spec.alias) ? { alias: spec.alias } : {}),
    ...(spec.ports !== undefined ? { ports: spec.ports } : {}),
    ...(spec.serial !== undefined ? { serial: spec.serial } : {}),
    info: infoFromUser(spec.address),
  };
}
