// Real libvirt bugs virtprop has found and that are still present in the build under
// test. The model keeps predicting libvirt's real behaviour; a case that fails only
// because of a listed bug is counted apart (never hidden, never shrunk again), and each
// entry points at a committed repro under known-issues/.

import type { CaseResult } from './caseResult.js';
import { nearestRelease } from '../../model/releases.js';

/** One known libvirt bug and how to recognise a case that hits it. */
export interface KnownIssue {
  id: string;
  title: string;
  /** Folder under known-issues/ with README.md, input.xml and repro.sh. */
  repro: string;
  /** The releases (libvirt versions the model knows) it was seen on; a release that fixed it must agree. */
  seenOn: readonly string[];
  matches(result: CaseResult): boolean;
}

/**
 * A switch port on a bus numbered above its own index: the upstream port on a later root
 * port, or (both left index-less, downstream written first) a downstream port on the
 * upstream port that sits below it, the same cycle mirrored.
 */
const switchPortMisplaced = (xml: string | undefined): boolean =>
  xml !== undefined &&
  // a user alias sits between the model name and the address (observed: <alias name='ua-…'/>)
  [...xml.matchAll(/<controller type='pci' index='(\d+)' model='pcie-switch-(?:upstream|downstream)-port'>\s*<model name='x?[a-z0-9]*-(?:upstream|downstream)'\/>\s*(?:<target [^>]*\/>\s*)?(?:<alias [^>]*\/>\s*)?<address type='pci' domain='0x0000' bus='0x([0-9a-f]+)'/g)].some((m) => parseInt(m[2], 16) > Number(m[1]));

/** True when libvirt's XML has an lsilogic-family SCSI controller on virtio-mmio. */
const lsiOnVirtioMmio = (xml: string | undefined): boolean =>
  xml !== undefined && /<controller type='scsi' index='\d+' model='lsi[a-z0-9]*'>\s*(?:<[^>]*>\s*)*?<address type='virtio-mmio'\/>/.test(xml);

const qemuRefused = (r: CaseResult, message: RegExp): boolean => r.failed?.property === 'qemu-refused' && message.test(r.observed);

/** True when libvirt's XML is of a machine without PCI (isapc, microvm) that still got a pci-root. */
const pciRootWithoutPci = (xml: string | undefined): boolean =>
  xml !== undefined && /<type [^>]*machine='(isapc|microvm)'/.test(xml) && /<controller type='pci' index='0' model='pci-root'/.test(xml);

/** True when libvirt's XML puts a pcie-to-pci-bridge on a bus numbered above its own index. */
const bridgeAboveItsIndex = (xml: string | undefined): boolean =>
  xml !== undefined &&
  [...xml.matchAll(/<controller type='pci' index='(\d+)' model='pcie-to-pci-bridge'>[\s\S]*?<address type='pci' domain='0x[0-9a-f]+' bus='0x([0-9a-f]+)'/g)].some((m) => parseInt(m[2], 16) > Number(m[1]));

/**
 * The gap-filling order bug on bus pci.N: the user declared a PCI controller above index N
 * but none with index N, so libvirt added it, appended it to its list, and its XML lists a
 * PCI controller sitting on bus N before it. A bus missing for any other reason (another
 * device kind put first on the command line, say) is not this bug.
 */
export function gapFillerOutOfOrder(inputXml: string, libvirtXml: string | undefined, n: number): boolean {
  if (libvirtXml === undefined) return false;
  const declared = [...inputXml.matchAll(/<controller\b(?=[^>]*\btype=['"]pci['"])[^>]*\bindex=['"](\d+)['"]/g)].map((m) => Number(m[1]));
  if (declared.includes(n) || !declared.some((i) => i > n)) return false;
  // a self-closing element (pcie-root) first, so an open one never swallows its neighbour
  const controllers = [...libvirtXml.matchAll(/<controller type='pci' index='(\d+)'[^>]*\/>|<controller type='pci' index='(\d+)'[^>]*>[\s\S]*?<\/controller>/g)];
  const provider = controllers.findIndex((m) => Number(m[1] ?? m[2]) === n);
  const child = controllers.findIndex((m) => {
    const bus = /<address type='pci' domain='0x[0-9a-f]+' bus='0x([0-9a-f]+)'/.exec(m[0]);
    return bus !== null && parseInt(bus[1], 16) === n;
  });
  return provider >= 0 && child >= 0 && child < provider;
}

/** Buses pci.N a case found missing: QEMU's refusal, or the argv layer's order check. */
function missingBuses(r: CaseResult): number[] {
  if (r.failed?.property === 'qemu-refused') return [...r.observed.matchAll(/Bus 'pci\.(\d+)' not found/g)].map((m) => Number(m[1]));
  if (r.failed?.property === 'argv-order') return [...r.observed.matchAll(/ on pci\.(\d+) comes before/g)].map((m) => Number(m[1]));
  return [];
}

/** The list, newest last. */
export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'libvirt-9.0-switch-upstream-cycle',
    title: 'pcie-switch-upstream-port auto-addressed onto a higher-indexed (downstream) bus; QEMU refuses to start',
    repro: 'known-issues/libvirt-9.0-switch-upstream-cycle',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) =>
      (r.failed?.property === 'invariant-bus' || r.failed?.property === 'qemu-refused' || r.failed?.property === 'argv-order') && switchPortMisplaced(r.libvirtXml),
  },
  {
    // listed before gap-controller-order, whose "Bus 'pci.N' not found" would claim it too
    id: 'libvirt-9.0-pci-root-without-pci',
    title: 'a pci-root on isapc or microvm (no PCI host bridge) is accepted; QEMU has no pci.0',
    repro: 'known-issues/libvirt-9.0-pci-root-without-pci',
    seenOn: ['9.0.0', '11.3.0'],
    matches: (r) => qemuRefused(r, /Bus 'pci\.0' not found/) && pciRootWithoutPci(r.libvirtXml),
  },
  {
    id: 'libvirt-9.0-gap-controller-order',
    title: 'a controller libvirt adds to fill an index gap is put on the command line after the devices on its bus',
    repro: 'known-issues/libvirt-9.0-gap-controller-order',
    // 11.3: a hotplug base guest on debian-13 failed to start with this signature
    seenOn: ['9.0.0', '11.3.0'],
    // not every missing bus: a mutant that put USB controllers before the PCI ones hid here
    matches: (r) => {
      const buses = missingBuses(r);
      return buses.length > 0 && buses.every((n) => gapFillerOutOfOrder(r.inputXml, r.libvirtXml, n));
    },
  },
  {
    id: 'libvirt-9.0-alias-clash-redefine',
    title: 'a user alias shared by a serial port and another device is accepted at define; libvirt refuses its own XML of the domain',
    repro: 'known-issues/libvirt-9.0-alias-clash-redefine',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) => r.failed?.property === 'invariant-stable' && /non unique alias detected/.test(r.observed),
  },
  {
    id: 'libvirt-isa-serial-default-type-redefine',
    title: 'serial ports without a target type are counted as ISA ports only after the check: five are accepted, saved as isa-serial and then refused',
    repro: 'known-issues/libvirt-isa-serial-default-type-redefine',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) => r.failed?.property === 'invariant-stable' && /Maximum supported number of ISA serial ports/.test(r.observed),
  },
  {
    id: 'libvirt-pvscsi-lun-past-0',
    title: "a disk or cdrom at unit 1 of a vmpvscsi controller is accepted and handed to QEMU as LUN 1; QEMU's pvscsi has LUN 0 only",
    repro: 'known-issues/libvirt-pvscsi-lun-past-0',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) => qemuRefused(r, /"driver":"scsi-[a-z]+"[^\n]*"lun":[1-9][^\n]*bad scsi device lun/),
  },
  {
    id: 'libvirt-9.0-duplicate-chassis',
    title: 'a user chassis equal to one libvirt assigns to another root port is accepted; QEMU refuses the port',
    repro: 'known-issues/libvirt-9.0-duplicate-chassis',
    // 12.8: check --build debian-unstable on aarch64 virt, a user chassis 1 beside an unnumbered root port
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) => qemuRefused(r, /Can't add chassis slot/),
  },
  {
    id: 'libvirt-9.0-empty-usb-cdrom',
    title: 'a USB cdrom without media is accepted at define time; QEMU refuses usb-storage without a drive',
    repro: 'known-issues/libvirt-9.0-empty-usb-cdrom',
    seenOn: ['9.0.0'],
    matches: (r) => qemuRefused(r, /"driver":"usb-storage".*drive property not set/),
  },
  {
    id: 'libvirt-9.0-virt-scsi-controller-on-virtio-mmio',
    title: 'aarch64 virt: an lsilogic controller gets a virtio-mmio address; QEMU plugs the bus-less lsi into pcie.0',
    repro: 'known-issues/libvirt-9.0-virt-scsi-controller-on-virtio-mmio',
    // 11.3 and 12.8: the same XML and qtree with an explicit lsilogic (12.8's implicit one is virtio-scsi)
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) =>
      ((r.failed?.property === 'qemu' || r.failed?.property === 'argv') && lsiOnVirtioMmio(r.libvirtXml)) ||
      // QEMU then puts the bus-less lsi on the first free slot, which may be one the user gave another device.
      (qemuRefused(r, /in use by lsi53c895a/) && lsiOnVirtioMmio(r.libvirtXml)),
  },
  {
    id: 'libvirt-9.0-multifunction-off-accepted',
    title: "multifunction='off' on function 0 of a slot with other functions in use is accepted; QEMU refuses the other functions",
    repro: 'known-issues/libvirt-9.0-multifunction-off-accepted',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) => qemuRefused(r, /single function device can't be populated in function/),
  },
  {
    id: 'libvirt-9.0-acpi-property-without-acpi',
    title: 'acpi=off is passed on -machine to a machine without an ACPI property (aarch64 collie); QEMU refuses',
    repro: 'known-issues/libvirt-9.0-acpi-property-without-acpi',
    seenOn: ['9.0.0'],
    matches: (r) => qemuRefused(r, /Property '[\w-]+-machine\.acpi' not found/),
  },
  {
    id: 'libvirt-9.0-virtio-mmio-over-32',
    title: 'aarch64 virt: more virtio devices put on virtio-mmio than the 32 transports the board has; QEMU refuses the 33rd',
    repro: 'known-issues/libvirt-9.0-virtio-mmio-over-32',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    // QEMU 11.1 words it differently: "A 'virtio-bus' bus was found but is full" (check --build debian-unstable)
    matches: (r) => qemuRefused(r, /No 'virtio-bus' bus found for device 'virtio-[a-z-]+-device'|"driver":"virtio-[a-z-]+-device".*A 'virtio-bus' bus was found but is full/),
  },
  {
    id: 'libvirt-9.0-uhci-companion-without-ehci',
    title: 'an ICH9 UHCI companion without an ich9-ehci1 at its index is accepted beside another USB controller; every start fails',
    repro: 'known-issues/libvirt-9.0-uhci-companion-without-ehci',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    // libvirt's own refusal while it builds the command line, reported by the failed start
    matches: (r) => qemuRefused(r, /masterbus not found/),
  },
  {
    id: 'libvirt-9.0-pcspk-soundhw',
    title: "a PC speaker is accepted and asked of QEMU with -soundhw, which QEMU 7.1 removed; every start fails",
    repro: 'known-issues/libvirt-9.0-pcspk-soundhw',
    seenOn: ['9.0.0'],
    matches: (r) => qemuRefused(r, /-soundhw: invalid option/),
  },
  {
    id: 'libvirt-9.0-transitional-virtio-mmio',
    title: 'a virtio-(non-)transitional device on virtio-mmio gets a QEMU device name that does not exist; QEMU refuses to start',
    repro: 'known-issues/libvirt-9.0-transitional-virtio-mmio',
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) => qemuRefused(r, /"driver":"virtio-[a-z0-9-]+-device-(?:non-)?transitional".*is not a valid device model name/),
  },
  {
    id: 'libvirt-12.8-bridge-on-later-root-port',
    title: 'a pcie-to-pci-bridge without a free root port is put on one added with a higher index; QEMU finds no such bus',
    repro: 'known-issues/libvirt-12.8-bridge-on-later-root-port',
    // 9.0 and 11.3: the root port that fills an index gap below a later controller takes the
    // bridge the same way (an independent generator's q35 guest: bridge 1, pci-bridge 3)
    seenOn: ['9.0.0', '11.3.0', '12.8.0'],
    matches: (r) =>
      (r.failed?.property === 'invariant-bus' || r.failed?.property === 'argv-order' || qemuRefused(r, /Bus 'pci\.\d+' not found/)) && bridgeAboveItsIndex(r.libvirtXml),
  },
];

/** Whether a listed issue was seen on the release a libvirt version maps to (any release when the version is unknown). */
export function seenOnRelease(id: string, libvirt: string | undefined): boolean {
  const issue = KNOWN_ISSUES.find((k) => k.id === id);
  return issue !== undefined && (libvirt === undefined || issue.seenOn.includes(nearestRelease(libvirt)));
}

/** The known issue a failed case is explained by, if any. */
export function knownIssueOf(result: CaseResult): KnownIssue | undefined {
  if (result.outcome !== 'mismatch') return undefined;
  return KNOWN_ISSUES.find((k) => seenOnRelease(k.id, result.libvirt) && k.matches(result));
}
