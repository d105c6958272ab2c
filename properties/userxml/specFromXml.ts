// Reads a user's INPUT domain XML into a DomainSpec, so the model can predict for a file
// that was never generated. Faithful or not at all: anything the spec cannot carry that
// could change libvirt's PCI placement makes the answer `{ unsupported: reason }`.
//
// Ignored on purpose, because none of it can make libvirt add a PCI controller or
// device, or move one (libvirt's PCI assignment reads only devices and the machine):
//  - domain-level: name, uuid, title, description, metadata, memory sizes, vcpus,
//    iothreads, tuning blocks, clock, on_*, pm, seclabel, resource, sysinfo, perf,
//    idmap, genid; `<cpu>` (only the number of its NUMA cells is read: expander buses name one);
//    `<os>` besides `<type>` (boot order, nvram, kernel, smbios; of the firmware and loader
//    only whether they are UEFI, which libvirt checks against ACPI);
//    `<features>` children in FEATURES_WITHOUT_PCI (ACPI, APIC, PAE, hyperv, …).
//  - devices: `<emulator>` (reported, so callers can check it exists), `<graphics>`
//    (only "is there one": it makes libvirt add a default video), `<audio>` (a backend),
//    `<console>`/`<parallel>` on ISA, pty or the platform UART (`<serial>` is read:
//    a pci-serial port takes a PCI address), `<channel>`
//    of guestfwd type, USB `<hub>`/`<redirdev>`, `<redirfilter>`, `<tpm>` on TIS/CRB.
//    Their state lines are left out of the comparison, but only while libvirt gives
//    them no PCI address (see `ignoredDeviceKey`).
// PCI host devices are read (the model takes them to be absent from the host; adaptXml
// makes sure they are), and so are mdev, vhost-scsi and SCSI host devices (a SCSI one only at
// a drive address on a declared controller), host USB devices and smartcards (USB devices, started
// layers not judged: the host's devices are not there), 9p and virtiofs shares, shared and
// memory devices, the vsock, the IOMMU, panic devices,
// floppies, passthrough inputs and user aliases on any device (kinds other than controllers,
// NICs, disks and virtio ports keep the command line from being predicted). i686 is read as
// x86_64 (same machines, same assignment). `<qemu:commandline>` and `<qemu:override>` are read
// past on layer xml (libvirt never places what it passes to QEMU) and keep such a file off the
// started layers. What else the spec cannot carry (vDPA interfaces, legacy ivshmem, a SCSI host
// device without a drive address …) is unsupported. Virtio consoles and channels are read into `virtioPorts`
// (they can make libvirt add a virtio-serial controller); their own lines stay out of the
// comparison like the other chardevs.

import type { Arch, DeviceState, DomainSpec, DomainState, NetModel } from '../../types/domain.js';
import { parseUnsigned, Unrepresentable, unrepresentable } from './address.js';
import { scsiDiskDrive, parseController, parseDisk, parseHostdevNet, parseMemoryDevice, parseShmem, parseCrypto, parsePstore, parseFilesystem, parseLease, parseHostdev, parseInput, parseSmartcard, parseUsbDevice, parseMemballoon, parseNet, parseIommu, parsePanic, parseRng, parseSerial, parseVsock, parseSound, parseVideo, parseVirtioPort, parseWatchdog, unknownModelName, userAliasOf } from './devices.js';
import { childNamed, childrenNamed, parseDomainElement, type XNode } from './xmlTree.js';
import { usbDevicesOf } from '../../model/usbControllers.js';
import { isMulticastMac } from '../../model/parseChecks.js';
import { ARCH_BOUND_FEATURES } from '../../model/domainFeatures.js';

export { NotDomainXmlError } from './xmlTree.js';

/** A user's file the spec describes faithfully. */
export interface ParsedUserXml {
  spec: DomainSpec;
  /** `<name>`: the domain that define creates. */
  name: string;
  /** `<domain type=…>`: kvm or qemu. */
  domainType: 'kvm' | 'qemu';
  /** `<emulator>` path, when the file names one. */
  emulator?: string;
  /** Device elements read but not represented, by element name (see the header comment). */
  ignored: string[];
  /**
   * Set when the spec leaves out elements it cannot carry (readWithoutUnplaceable): why the
   * whole file is unsupported. Such a spec answers only whether libvirt refuses the machine.
   */
  passedOver?: string;
}

/** Result of reading a user's domain XML. */
export type SpecFromXml = ParsedUserXml | { unsupported: string; name?: string };

const DOMAIN_LEVEL_IGNORED = new Set([
  'name', 'uuid', 'title', 'description', 'metadata', 'memory', 'currentMemory', 'maxMemory', 'memoryBacking', 'vcpu', 'vcpus',
  'iothreads', 'iothreadids', 'cputune', 'memtune', 'blkiotune', 'numatune', 'clock', 'on_poweroff', 'on_reboot', 'on_crash',
  'on_lockfailure', 'pm', 'seclabel', 'resource', 'sysinfo', 'perf', 'idmap', 'genid', 'bootloader', 'bootloader_args', 'keywrap',
  'defaultiothread', 'throttlegroups', 'launchSecurity',
  'os', 'cpu', 'features', 'devices',
]);

const FEATURES_WITHOUT_PCI = new Set(['ras', 'pmu', 'acpi', 'apic', 'pae', 'hap', 'hyperv', 'kvm', 'xen', 'pvspinlock', 'vmport', 'smm', 'ioapic', 'gic', 'vmcoreinfo', 'htm', 'msrs', 'privnet', 'viridian', 'nested-hv', 'ccf-assist', 'cfpc', 'sbbc', 'ibs', 'tcg', 'async-teardown']);

/** Device elements that can be left out: they never get, take or cause a PCI address in the given shape. */
function ignorable(dev: XNode): boolean {
  const targetType = childNamed(dev, 'target')?.attrs.type;
  switch (dev.name) {
    case 'emulator':
    case 'graphics':
    case 'audio':
    case 'redirfilter':
      return true;
    case 'console':
      // a serial console is the first serial port again; virtio consoles need a virtio-serial controller
      return targetType === undefined || targetType === 'serial';
    case 'parallel':
      return true;
    case 'channel':
      // only guestfwd lives in the slirp stack; every other channel needs a virtio-serial controller
      return targetType === 'guestfwd';
    case 'tpm':
      // TIS (libvirt's default model on x86 and virt) and CRB sit on the system bus; a model libvirt has no name for is its parser's refusal
      return dev.attrs.model === undefined || dev.attrs.model === 'tpm-tis' || dev.attrs.model === 'tpm-crb' || !TPM_MODELS.has(dev.attrs.model);
    default:
      return false;
  }
}

/** libvirt's TPM model names (the same on 9.0, 11.3 and 12.8). */
const TPM_MODELS = new Set(['tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy']);

/** Element names (as keyed in libvirt's output) whose state lines a user's XML may carry unpredicted. */
const IGNORED_KINDS = new Set(['hub', 'redirdev', 'redirfilter', 'lease', 'serial', 'console', 'parallel', 'channel', 'tpm', 'panic']);

/** true for an observed device key (types/keys.ts) of an element specFromXml ignores. */
export const ignoredDeviceKey = (key: string): boolean => IGNORED_KINDS.has(key.split(':')[0]);

/**
 * Whether an observed device can be left out of a comparison for a user's file: one of the
 * ignored kinds while libvirt gave it no PCI address (so a wrong "cannot matter" still
 * shows), or the first `<console>`, which libvirt prints as a second view of the first
 * serial port, address and all.
 */
export function ignoredDevice(device: DeviceState, state: DomainState): boolean {
  if (!ignoredDeviceKey(device.key)) return false;
  if (device.address.type !== 'pci') return true;
  const serial = state.devices.find((d) => d.key === 'serial:0');
  return device.key === 'console:0' && serial !== undefined && JSON.stringify(serial.address) === JSON.stringify(device.address);
}

/** An element with nothing in it, to look into an optional element's children. */
const NO_NODE: XNode = { name: '', attrs: {}, children: [], text: '' };

function textOf(node: XNode | undefined): string {
  return node?.text ?? '';
}

/** Number of `<cpu><numa>` cells, when there are any; cells with ids out of order are beyond the spec. */
function numaCells(domain: XNode): number | undefined {
  const numa = childNamed(childNamed(domain, 'cpu') ?? NO_NODE, 'numa');
  if (!numa) return undefined;
  const cells = childrenNamed(numa, 'cell');
  cells.forEach((c, i) => {
    if (c.attrs.id !== undefined && Number(c.attrs.id) !== i) unrepresentable('<cpu><numa> cells with ids out of order');
  });
  return cells.length;
}

/** Whether the guest memory is shared the way libvirt's vhost-user check asks (qemuValidateDomainDefVhostUserRequireSharedMemory). */
function sharedMemory(domain: XNode): boolean {
  const domainShared = childNamed(childNamed(domain, 'memoryBacking') ?? NO_NODE, 'access')?.attrs.mode === 'shared';
  const cells = childrenNamed(childNamed(childNamed(domain, 'cpu') ?? NO_NODE, 'numa') ?? NO_NODE, 'cell');
  if (cells.length === 0) return domainShared;
  return cells.every((c) => (c.attrs.memAccess ?? (domainShared ? 'shared' : 'default')) === 'shared');
}

/** QEMU capabilities whose names could bear on buses, controllers or machines: a file that adds or drops one is beyond the spec. */
const PCI_CAPABILITY = /pci|pcie|usb|ich9|piix|virtio|scsi|sata|ahci|hci|bridge|root|port|machine|bus|slot|device/i;

/**
 * `<qemu:capabilities>` adding or dropping capabilities of QEMU that have nothing to do with
 * placement (oVirt adds blockdev and incremental-backup): the xml layer reads past it, the
 * started layers are not judged (DomainSpec.qemuArgs).
 */
function harmlessQemuCapabilities(node: XNode): boolean {
  return node.name === 'qemu:capabilities' && node.children.every((c) => (c.name === 'qemu:add' || c.name === 'qemu:del') && c.attrs.capability !== undefined && !PCI_CAPABILITY.test(c.attrs.capability));
}

/** The namespace of libvirt's QEMU driver: the only namespace besides its own that libvirt's QEMU driver reads. */
const QEMU_NAMESPACE = 'http://libvirt.org/schemas/domain/qemu/1.0';

/**
 * An element of another application's namespace (oVirt's, Nova's …): libvirt's parser looks
 * up only its own unqualified elements and the QEMU driver's namespace, so it never reads it.
 * The prefix must be declared (on the element or the root) with a URI that is not QEMU's.
 */
function foreignNamespaced(node: XNode, domain: XNode): boolean {
  const colon = node.name.indexOf(':');
  if (colon <= 0) return false;
  const uri = node.attrs[`xmlns:${node.name.slice(0, colon)}`] ?? domain.attrs[`xmlns:${node.name.slice(0, colon)}`];
  return uri !== undefined && uri !== QEMU_NAMESPACE;
}

/** Whether `<maxMemory>` turns memory hotplug on; one without a positive size and slot count is beyond the spec (its refusal not measured). */
function readMaxMemory(domain: XNode): boolean {
  const max = childNamed(domain, 'maxMemory');
  if (max === undefined) return false;
  if (!/^\d+$/.test(max.attrs.slots ?? '') || Number(max.attrs.slots) === 0 || !/^\d+$/.test(max.text.trim()) || Number(max.text.trim()) === 0) unrepresentable('<maxMemory> without a size and a slot count');
  return true;
}

/**
 * Secure boot from a loader the file names (`<loader secure='yes'>`, no `<os firmware>`): with
 * autoselection libvirt looks for a firmware first, outside the model.
 */
function explicitSecureBoot(domain: XNode): DomainSpec['secureBoot'] {
  const os = childNamed(domain, 'os') ?? NO_NODE;
  if (os.attrs.firmware !== undefined || childNamed(os, 'loader')?.attrs.secure !== 'yes') return undefined;
  const smm = childNamed(childNamed(domain, 'features') ?? NO_NODE, 'smm');
  return { smm: smm !== undefined && (smm.attrs.state ?? 'on') === 'on' };
}

/** UEFI as libvirt's validation tests it: firmware autoselection of EFI, or a pflash loader (a loader of no or another type is not). */
const usesUefi = (os: XNode): boolean => os.attrs.firmware === 'efi' || childNamed(os, 'loader')?.attrs.type === 'pflash';

/** Domain-level checks: machine, arch, elements that could add PCI devices. */
function readDomain(domain: XNode, opts: SpecFromXmlOptions): { arch: Arch; machine: string; domainType: 'kvm' | 'qemu'; name: string } {
  const defaultArch = opts.defaultArch;
  const domainType = domain.attrs.type;
  if (domainType !== 'kvm' && domainType !== 'qemu') unrepresentable(`domain type '${domainType ?? ''}' is not a QEMU domain`);
  for (const child of domain.children) {
    if (!DOMAIN_LEVEL_IGNORED.has(child.name) && !foreignNamespaced(child, domain) && child.name !== 'qemu:commandline' && child.name !== 'qemu:override' && !harmlessQemuCapabilities(child)) unrepresentable(`<${child.name}> at domain level`);
  }
  const name = textOf(childNamed(domain, 'name'));
  if (name === '') unrepresentable('domain without <name>');
  // <cpu> is passed over: its NUMA cells matter only as the nodes expander buses name (numaCells)
  for (const f of childNamed(domain, 'features')?.children ?? []) if (!FEATURES_WITHOUT_PCI.has(f.name)) unrepresentable(`<features><${f.name}>`);
  const type = childNamed(childNamed(domain, 'os') ?? NO_NODE, 'type');
  if (!type) unrepresentable('<os> without <type>');
  if (textOf(type) !== 'hvm') unrepresentable(`os type '${textOf(type)}'`);
  // libvirt picks the host's arch when none is given; only the caller knows which host that is
  const written = type.attrs.arch ?? defaultArch;
  // i686 guests get the same machines and the same PCI assignment as x86_64 ones (x86 alike in libvirt)
  const arch = written === 'i686' ? 'x86_64' : written;
  if (arch !== 'x86_64' && arch !== 'aarch64') unrepresentable(arch === undefined ? 'no arch given (libvirt would pick the host arch)' : `arch '${arch}'`);
  const machine = type.attrs.machine ?? opts.defaultMachine?.(arch);
  if (!machine) unrepresentable(NO_MACHINE_GIVEN);
  return { arch, machine, domainType, name };
}

/** The reason a file without `<os><type machine>` is unsupported when no default machine is known. */
export const NO_MACHINE_GIVEN = 'no machine given (libvirt would pick the emulator default)';

/** Options of specFromXml. */
export interface SpecFromXmlOptions {
  /** Arch to assume when `<os><type>` names none (libvirt's: the host's). */
  defaultArch?: Arch;
  /** The machine libvirt picks for an arch when `<os><type>` names none (the build's profile: model/machines.ts defaultMachine). */
  defaultMachine?: (arch: Arch) => string | undefined;
}

/** Parses a user's domain XML into a spec; throws NotDomainXmlError for input that is no domain XML at all. */
export async function specFromXml(xml: string, opts: SpecFromXmlOptions = {}): Promise<SpecFromXml> {
  const domain = await parseDomainElement(xml);
  try {
    return readUserDomain(domain, opts);
  } catch (err) {
    if (err instanceof Unrepresentable) {
      const name = textOf(childNamed(domain, 'name'));
      return name === '' ? { unsupported: err.message } : { unsupported: err.message, name };
    }
    throw err;
  }
}

/**
 * Elements the spec cannot carry that every known release parses (their values checked
 * here) and that libvirt places, if at all, only after it has looked the machine up: left
 * out, they cannot change whether libvirt refuses a machine it does not know. One with a
 * PCI address of its own stays (it could clash with another before that).
 */
const PARSED_BY_EVERY_RELEASE: Record<string, (node: XNode) => boolean> = {
  // an mdev without a model is the parser's refusal (observed on 9.0, 11.3 and 12.8)
  hostdev: (n) => (n.attrs.mode ?? 'subsystem') === 'subsystem' && ['scsi', 'scsi_host', 'mdev'].includes(n.attrs.type ?? '') && (n.attrs.type !== 'mdev' || n.attrs.model !== undefined),
  // a multicast MAC is the parser's refusal
  interface: (n) => (n.attrs.type === 'hostdev' || n.attrs.type === 'vdpa') && !isMulticastMac(childNamed(n, 'mac')?.attrs.address ?? ''),
  shmem: (n) => childNamed(n, 'model')?.attrs.type === 'ivshmem',
  // unknown to 9.0's parser, which skips elements it does not know
  filesystem: (n) => ['path', 'handle', 'loop', 'nbd', 'ploop', 'virtiofs', undefined].includes(childNamed(n, 'driver')?.attrs.type),
  iommu: (n) => ['intel', 'smmuv3', 'virtio'].includes(n.attrs.model ?? ''),
  launchSecurity: (n) => n.attrs.type === 's390-pv',
};

/** Feature names every known release parses (libvirt refuses one it does not know). */
const FEATURES_EVERY_RELEASE = new Set(['hpt', 'capabilities']);

const hasOwnPciAddress = (n: XNode): boolean => {
  const a = childNamed(n, 'address')?.attrs;
  return a?.type === 'pci' && [a.domain, a.bus, a.slot].some((v) => v !== undefined && Number(v) !== 0);
};

/** The domain without the elements of PARSED_BY_EVERY_RELEASE (and such features), and whether any went. */
function withoutUnplaceable(domain: XNode): { domain: XNode; left: boolean } {
  const unplaceable = (n: XNode): boolean => PARSED_BY_EVERY_RELEASE[n.name]?.(n) === true && !hasOwnPciAddress(n);
  const feature = (n: XNode): boolean => FEATURES_EVERY_RELEASE.has(n.name);
  let left = false;
  const without = (nodes: XNode[], drop: (n: XNode) => boolean): XNode[] => {
    const kept = nodes.filter((n) => !drop(n));
    if (kept.length < nodes.length) left = true;
    return kept;
  };
  const children = without(domain.children, unplaceable).map((c) => {
    if (c.name === 'devices') return { ...c, children: without(c.children, unplaceable) };
    if (c.name === 'features') return { ...c, children: without(c.children, feature) };
    return c;
  });
  return { domain: { ...domain, children }, left };
}

/**
 * For a file specFromXml finds unsupported: its spec without the elements every release parses
 * but the spec cannot carry, marked with the reason (ParsedUserXml.passedOver); else the
 * original answer. Good for one question only: does libvirt refuse the machine first.
 */
export async function readWithoutUnplaceable(xml: string, unsupported: string, opts: SpecFromXmlOptions = {}): Promise<SpecFromXml> {
  const { domain, left } = withoutUnplaceable(await parseDomainElement(xml));
  if (!left) return { unsupported };
  try {
    return { ...readUserDomain(domain, opts), passedOver: unsupported };
  } catch (err) {
    if (err instanceof Unrepresentable) return { unsupported };
    throw err;
  }
}

/** The spec of a domain element; throws Unrepresentable for anything it cannot carry. */
function readUserDomain(domain: XNode, opts: SpecFromXmlOptions): ParsedUserXml {
  const { arch, machine, domainType, name } = readDomain(domain, opts);
  const spec: DomainSpec = { arch, machine, graphics: false, controllers: [], disks: [], nets: [], videos: [], sounds: [], rngs: [], watchdogs: [], inputs: [], virtType: domainType };
  if (childNamed(childNamed(domain, 'features') ?? NO_NODE, 'acpi')) spec.acpi = true;
  // <qemu:env> sets QEMU's environment; <qemu:arg> hands QEMU arguments libvirt never places
  if (childrenNamed(domain, 'qemu:commandline').some((c) => c.children.some((a) => a.name !== 'qemu:env'))) spec.qemuArgs = true;
  if (childNamed(domain, 'qemu:capabilities') !== undefined) spec.qemuArgs = true;
  // <qemu:override> sets properties of the devices libvirt hands QEMU: the XML keeps its addresses, QEMU's may differ
  if (childNamed(domain, 'qemu:override') !== undefined) spec.qemuArgs = true;
  readFirmwareAndSecurity(domain, spec);
  if (childNamed(childNamed(childNamed(domain, 'features') ?? NO_NODE, 'smm') ?? NO_NODE, 'tseg')) spec.smmTseg = true;
  if (readMaxMemory(domain)) spec.maxMemory = true;
  if (childNamed(childNamed(domain, 'memtune') ?? NO_NODE, 'min_guarantee') !== undefined) spec.minGuarantee = true;
  if (childNamed(childNamed(domain, 'features') ?? NO_NODE, 'ras') !== undefined) spec.rasFeature = true;
  const bound = (childNamed(domain, 'features') ?? NO_NODE).children.map((c) => c.name).filter((n) => ARCH_BOUND_FEATURES.has(n));
  if (bound.length > 0) spec.archBoundFeatures = bound;
  const backing = childNamed(domain, 'memoryBacking') ?? NO_NODE;
  if (childNamed(backing, 'hugepages') !== undefined && childNamed(backing, 'allocation')?.attrs.mode === 'ondemand') spec.hugepagesOnDemand = true;
  readIothreads(domain, spec);
  readRefusedSettings(domain, spec);
  const cells = numaCells(domain);
  if (cells !== undefined) spec.numaCells = cells;
  if (sharedMemory(domain)) spec.sharedMemory = true;
  const devicesNodes = childrenNamed(domain, 'devices');
  if (devicesNodes.length > 1) unrepresentable('more than one <devices>');
  const devices = devicesNodes[0]?.children ?? [];
  const reading: DeviceReading = { spec, arch, defaultNet: arch === 'aarch64' ? 'virtio' : 'rtl8139', ignored: [] };
  const shared = sharedUserAliasOf(devices);
  if (shared !== undefined) spec.sharedUserAlias = shared;
  for (const dev of devices) {
    noteUnkeptUserAlias(dev, spec);
    (READ_DEVICE.get(dev.name) ?? readOtherDevice)(dev, reading);
  }
  refuseUsbPortNamedTwice(devices, spec);
  markSharedMacs(spec);
  // a source's path matters only where libvirt names it: two disks with one target
  for (const d of spec.disks) if (!spec.disks.some((o) => o !== d && o.target === d.target)) delete d.sourcePath;
  // libvirt counts every interface for a MAC-less NIC's position; the spec keeps hostdev ones apart
  if ((spec.hostdevNets ?? []).length > 0) placeAmongInterfaces(devices, spec);
  refuseSharedUsbSource(spec);
  refuseUnmeasuredScsiHostdevs(spec);
  // libvirt adds a CCID controller for a smartcard naming none it has: not measured beyond index 0
  if ((spec.smartcards ?? []).some((c) => (c.ccidController ?? 0) >= Math.max(1, spec.ccidControllers ?? 0))) unrepresentable('a smartcard on a CCID controller the file does not declare');
  if (!spec.graphics && (spec.hostdevs ?? []).some((h) => h.subsystem === 'mdev' && h.display)) unrepresentable('hostdev mdev with a display but no graphics (the refusal not measured)');
  const audioTypes = devices.filter((d) => d.name === 'audio').map((d) => d.attrs.type ?? '');
  if (audioTypes.length > 0) spec.audioTypes = audioTypes;
  readConsoles(devices, arch, spec);
  const spice = spiceWithoutGraphics(devices);
  if (spice !== undefined) spec.spiceWithoutGraphics = spice;
  if (childrenNamed(childNamed(domain, 'os') ?? NO_NODE, 'boot').length > 0 && devices.some((d) => childNamed(d, 'boot') !== undefined)) spec.bootOrderWithOsBoot = true;
  const bootOrders = deviceBootOrders(devices);
  if (bootOrders.length > 1) spec.bootOrders = bootOrders;
  const parsed: ParsedUserXml = { spec, name, domainType, ignored: reading.ignored };
  if (reading.emulator !== undefined) parsed.emulator = reading.emulator;
  return parsed;
}

/** UEFI, launch security, secure boot from a named loader and the BIOS on the serial console. */
function readFirmwareAndSecurity(domain: XNode, spec: DomainSpec): void {
  if (usesUefi(childNamed(domain, 'os') ?? NO_NODE)) spec.uefi = true;
  const launchSecurity = childNamed(domain, 'launchSecurity');
  if (launchSecurity !== undefined && launchSecurity.attrs.type !== 'sev') unrepresentable(`<launchSecurity type='${launchSecurity.attrs.type ?? ''}'>`);
  if (launchSecurity !== undefined) spec.launchSecurity = 'sev';
  const secureBoot = explicitSecureBoot(domain);
  if (secureBoot !== undefined) spec.secureBoot = secureBoot;
  if (childNamed(childNamed(domain, 'os') ?? NO_NODE, 'bios')?.attrs.useserial === 'yes') spec.biosSerial = true;
}

/** What reading `<devices>` fills in: the spec, and besides it the elements passed over and the emulator path. */
interface DeviceReading {
  readonly spec: DomainSpec;
  readonly arch: Arch;
  /** The NIC model libvirt picks when `<interface>` names none. */
  readonly defaultNet: NetModel;
  /** Element names read but not represented, in the order first met. */
  readonly ignored: string[];
  emulator?: string;
}

function noteIgnored(reading: DeviceReading, name: string): void {
  if (!reading.ignored.includes(name)) reading.ignored.push(name);
}

/** At most one of a device the domain has only one of. */
function once<T>(present: T | undefined, element: string, value: () => T): T {
  if (present) unrepresentable(`more than one <${element}>`);
  return value();
}

/** Reads an element into a list of the spec while its own line stays out of the comparison (IGNORED_KINDS). */
function readKeptOut<T>(list: (spec: DomainSpec) => T[], parse: (dev: XNode) => T): (dev: XNode, reading: DeviceReading) => void {
  return (dev, reading) => {
    list(reading.spec).push(parse(dev));
    noteIgnored(reading, dev.name);
  };
}

/** How each device element the spec carries is read (a Map: an element named like an Object method must not find one). */
const READ_DEVICE = new Map<string, (dev: XNode, reading: DeviceReading) => void>([
  ['disk', (dev, { spec }) => (targetlessDisk(dev, spec) ? undefined : spec.disks.push(parseDisk(dev)))],
  ['interface', (dev, { spec, defaultNet }) => (dev.attrs.type === 'hostdev' ? (spec.hostdevNets ??= []).push(parseHostdevNet(dev)) : spec.nets.push(parseNet(dev, defaultNet)))],
  ['controller', (dev, { spec }) => (dev.attrs.type === 'ccid' ? readCcidController(dev, spec) : spec.controllers.push(parseController(dev)))],
  ['smartcard', (dev, { spec }) => (spec.smartcards ??= []).push(parseSmartcard(dev))],
  ['memory', (dev, { spec }) => (spec.memoryDevices ??= []).push(parseMemoryDevice(dev))],
  ['shmem', (dev, { spec }) => (spec.shmems ??= []).push(parseShmem(dev))],
  ['crypto', (dev, { spec }) => (spec.cryptos ??= []).push(parseCrypto(dev))],
  ['pstore', (dev, { spec }) => (spec.pstores ??= []).push(parsePstore(dev))],
  // read for the USB ports and hubs they take; their own lines stay out of the comparison
  ['hub', readKeptOut((spec) => (spec.usbHubs ??= []), parseUsbDevice)],
  ['redirdev', readKeptOut((spec) => (spec.usbRedirdevs ??= []), parseUsbDevice)],
  ['video', (dev, { spec, arch }) => {
    if (!noteUnknownModel(spec, 'video', childNamed(dev, 'model')?.attrs.type)) spec.videos.push(parseVideo(dev, arch));
  }],
  ['sound', (dev, { spec }) => {
    if (!noteUnknownModel(spec, 'sound', dev.attrs.model)) spec.sounds.push(parseSound(dev));
  }],
  ['rng', (dev, { spec }) => spec.rngs.push(parseRng(dev))],
  ['watchdog', (dev, { spec }) => spec.watchdogs.push(parseWatchdog(dev))],
  ['input', (dev, { spec }) => spec.inputs.push(parseInput(dev))],
  ['hostdev', (dev, { spec }) => (spec.hostdevs ??= []).push(parseHostdev(dev))],
  ['vsock', (dev, { spec }) => (spec.vsock = once(spec.vsock, 'vsock', () => parseVsock(dev)))],
  ['filesystem', (dev, { spec }) => (spec.filesystems ??= []).push(parseFilesystem(dev))],
  // a sanlock lease (oVirt): nothing on the guest's buses, read for the parser's refusals
  ['lease', readKeptOut((spec) => (spec.leases ??= []), parseLease)],
  ['iommu', (dev, { spec }) => (spec.iommu = once(spec.iommu, 'iommu', () => parseIommu(dev)))],
  ['memballoon', (dev, { spec }) => (spec.memballoon = once(spec.memballoon, 'memballoon', () => parseMemballoon(dev)))],
  // read, and their state lines still left out of the comparison (IGNORED_KINDS)
  ['serial', readKeptOut((spec) => (spec.serials ??= []), parseSerial)],
  ['panic', readKeptOut((spec) => (spec.panics ??= []), parsePanic)],
  ['channel', readChardev],
  ['console', readChardev],
]);

/**
 * A disk without `<target dev>`, kept aside for its refusal (observed on 9.0, 11.3 and 12.8 on
 * buses virtio, sata, scsi and ide and with no bus at all: "missing target information for
 * device <path>"). One with an address (placed before its disk is validated), on USB (it takes
 * a USB port first) or on NVMe stays beyond the spec.
 */
function targetlessDisk(dev: XNode, spec: DomainSpec): boolean {
  const target = childNamed(dev, 'target');
  if (target?.attrs.dev || childNamed(dev, 'address') !== undefined) return false;
  const bus = target?.attrs.bus;
  if (bus !== undefined && bus !== 'virtio' && bus !== 'sata' && bus !== 'scsi' && bus !== 'ide') return false;
  const source = childNamed(dev, 'source');
  if (source !== undefined && Object.keys(source.attrs).some((a) => a !== 'file' && a !== 'dev')) return false;
  const path = source?.attrs.file ?? source?.attrs.dev;
  (spec.targetlessDisks ??= []).push({ ...(path === undefined ? {} : { source: path }), ...(bus === undefined ? {} : { bus }), after: spec.disks.length });
  return true;
}

/** Domain settings read only for the refusals they bring: lifecycle actions, the CPU mode, clock timers. */
function readRefusedSettings(domain: XNode, spec: DomainSpec): void {
  const lifecycle = readLifecycle(domain);
  if (lifecycle !== undefined) spec.lifecycle = lifecycle;
  const cpuMode = childNamed(domain, 'cpu')?.attrs.mode;
  if (cpuMode !== undefined) spec.cpuMode = cpuMode;
  const timers = readTimers(domain);
  if (timers.length > 0) spec.timers = timers;
  const sleep = acpiSleep(domain);
  if (sleep !== undefined) spec.acpiSleep = sleep;
  const vcpus = vcpuCounts(domain);
  if (vcpus !== undefined) spec.vcpuCounts = vcpus;
  const topology = cpuTopology(domain);
  if (topology !== undefined) spec.cpuTopology = topology;
  const plain = writtenVcpus(domain);
  if (plain !== undefined && plain > 1 && vcpus === undefined && topology === undefined) spec.vcpus = plain;
  const vendorId = hypervVendorId(domain);
  if (vendorId !== undefined) spec.hypervVendorId = vendorId;
  const hyperv = hypervEnlightenments(domain);
  if (hyperv !== undefined) spec.hyperv = hyperv;
  const uuid = childNamed(domain, 'uuid')?.text;
  if (uuid !== undefined) spec.uuid = uuid;
  // an empty entry is as none (the parser's XPath string is empty)
  const smbiosUuids = childrenNamed(domain, 'sysinfo')
    .filter((s) => s.attrs.type === 'smbios')
    .flatMap((s) => childrenNamed(childNamed(s, 'system') ?? NO_NODE, 'entry').filter((e) => e.attrs.name === 'uuid').slice(0, 1))
    .map((e) => e.text)
    .filter((t) => t !== '');
  if (smbiosUuids.length > 0) spec.sysinfoUuids = smbiosUuids;
}

/**
 * The vCPU count and its `current=` as the parser compares them, when nothing it reads first
 * may fail (plain decimals, no cpuset, no `<vcpus>` list): else left to libvirt.
 */
function vcpuCounts(domain: XNode): DomainSpec['vcpuCounts'] {
  const vcpu = childNamed(domain, 'vcpu');
  const max = writtenVcpus(domain);
  const current = vcpu?.attrs.current;
  if (vcpu === undefined || max === undefined || current === undefined || !/^\d{1,6}$/.test(current)) return undefined;
  if (vcpu.attrs.cpuset !== undefined || childNamed(domain, 'vcpus') !== undefined || max === 0) return undefined;
  return { max, current: Number(current) };
}

/** `<vcpu>`'s count when it is a plain decimal; undefined when absent or written otherwise. */
function writtenVcpus(domain: XNode): number | undefined {
  const text = childNamed(domain, 'vcpu')?.text.trim();
  return text !== undefined && /^\d{1,6}$/.test(text) ? Number(text) : undefined;
}

/**
 * `<cpu><topology>` beside the vCPU count it must multiply to. A topology the parser refuses
 * (sockets, cores or threads missing, zero or not a number) is beyond the spec.
 */
function cpuTopology(domain: XNode): DomainSpec['cpuTopology'] {
  const topology = childNamed(childNamed(domain, 'cpu') ?? NO_NODE, 'topology');
  if (topology === undefined) return undefined;
  const count = (name: string, required: boolean): number => {
    const text = topology.attrs[name];
    if (text === undefined && !required) return 1;
    if (text === undefined || !/^\d{1,6}$/.test(text) || Number(text) === 0) unrepresentable(`<cpu><topology ${name}='${text ?? ''}'> (the parser's refusal not measured)`);
    return Number(text);
  };
  const vcpu = childNamed(domain, 'vcpu');
  const vcpus = vcpu === undefined ? 1 : writtenVcpus(domain);
  if (vcpus === undefined) unrepresentable(`<vcpu>${vcpu?.text.trim() ?? ''}</vcpu> beside a CPU topology`);
  return { sockets: count('sockets', true), dies: count('dies', false), clusters: count('clusters', false), cores: count('cores', true), threads: count('threads', true), vcpus };
}

/** `<pm>`'s states as set; a state without enabled yes or no is beyond the spec (its refusal not measured). */
function acpiSleep(domain: XNode): DomainSpec['acpiSleep'] {
  const pm = childNamed(domain, 'pm');
  if (pm === undefined) return undefined;
  const out: NonNullable<DomainSpec['acpiSleep']> = {};
  for (const [element, state] of [['suspend-to-mem', 's3'], ['suspend-to-disk', 's4']] as const) {
    const node = childNamed(pm, element);
    if (node === undefined) continue;
    if (node.attrs.enabled !== 'yes' && node.attrs.enabled !== 'no') unrepresentable(`<pm><${element} enabled='${node.attrs.enabled ?? ''}'>`);
    out[state] = true;
  }
  return out.s3 || out.s4 ? out : undefined;
}

/** `<features><hyperv>`, if written. */
const hypervNode = (domain: XNode): XNode | undefined => childNamed(childNamed(domain, 'features') ?? NO_NODE, 'hyperv');

/** Hyper-V enlightenments libvirt 9.0's parser already knows (later releases know more). */
const HYPERV_ON_EVERY_RELEASE = new Set(['relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'reset', 'vendor_id', 'frequencies', 'reenlightenment', 'tlbflush', 'ipi', 'evmcs', 'avic']);

/**
 * The Hyper-V vendor_id value the parser checks, when the parser surely gets that far: each
 * child before it parses (hypervChildParses; else its refusal is left to libvirt, outside the model).
 */
function hypervVendorId(domain: XNode): string | undefined {
  const hyperv = hypervNode(domain);
  if (hyperv === undefined || hyperv.attrs.mode === 'passthrough') return undefined;
  for (const c of hyperv.children) {
    if (c.name === 'vendor_id' && c.attrs.state === 'on') return c.attrs.value;
    if (!hypervChildParses(c)) return undefined;
  }
  return undefined;
}

const hasState = (node: XNode): boolean => node.attrs.state === 'on' || node.attrs.state === 'off';

/**
 * Whether every release's parser surely takes this `<hyperv>` child (vendor_id aside): a
 * kind every release knows, with a state; spinlocks with enough retries; `<tlbflush>`'s
 * children direct and extended, a stimer's direct, each with a state.
 */
function hypervChildParses(c: XNode): boolean {
  if (!HYPERV_ON_EVERY_RELEASE.has(c.name) || !hasState(c)) return false;
  if (c.name === 'spinlocks' && c.attrs.state === 'on' && !(Number(c.attrs.retries) >= 4095)) return false;
  const children = c.name === 'tlbflush' ? ['direct', 'extended'] : c.name === 'stimer' ? ['direct'] : [];
  return c.children.every((t) => children.includes(t.name) && hasState(t));
}

/** Whether `<hyperv>` is written, and the enlightenments its custom mode sets on where the parser surely takes the whole element (hypervChildParses). */
function hypervEnlightenments(domain: XNode): DomainSpec['hyperv'] {
  const hyperv = hypervNode(domain);
  if (hyperv === undefined) return undefined;
  if ((hyperv.attrs.mode ?? 'custom') !== 'custom') return {};
  const on: string[] = [];
  let tlbflushDirect = false;
  for (const c of hyperv.children) {
    if (!hypervChildParses(c) || (c.name === 'vendor_id' && c.attrs.state === 'on' && c.attrs.value === undefined)) return {};
    if (c.attrs.state !== 'on' || c.name === 'spinlocks' || c.name === 'vendor_id') continue;
    on.push(c.name);
    if (c.name === 'tlbflush' && c.children.some((t) => t.name === 'direct' && t.attrs.state === 'on')) tlbflushDirect = true;
  }
  return { on, ...(tlbflushDirect ? { tlbflushDirect: true as const } : {}) };
}

/** The consoles' targets: whether the first is a serial port, and every one's type when there are several. */
function readConsoles(devices: XNode[], arch: Arch, spec: DomainSpec): void {
  const consoles = devices.filter((d) => d.name === 'console');
  if (consoles.length > 1) spec.consoleTargets = consoles.map((c) => childNamed(c, 'target')?.attrs.type);
  // libvirt makes the first console a serial port when the file has none (x86's default console target is serial)
  const console = consoles[0];
  const consoleTarget = console === undefined ? undefined : (childNamed(console, 'target')?.attrs.type ?? (arch === 'x86_64' ? 'serial' : undefined));
  if (consoleTarget === 'serial') spec.serialConsole = true;
}

/** The kinds whose `<boot order>` libvirt collects first, in its order (virDomainDeviceInfoIterate). */
const BOOT_ORDER_KINDS = ['disk', 'interface', 'hostdev', 'filesystem', 'redirdev'];

/** Every device's `<boot order>`, in libvirt's order; one that is no positive integer is beyond the spec (its refusal not measured). */
function deviceBootOrders(devices: XNode[]): number[] {
  const rank = (d: XNode): number => (BOOT_ORDER_KINDS.includes(d.name) ? BOOT_ORDER_KINDS.indexOf(d.name) : BOOT_ORDER_KINDS.length);
  const withBoot = devices.filter((d) => childNamed(d, 'boot') !== undefined);
  return [...withBoot].sort((a, b) => rank(a) - rank(b)).map((d) => {
    const order = childNamed(d, 'boot')!.attrs.order ?? '';
    if (!/^[1-9]\d{0,8}$/.test(order)) unrepresentable(`<${d.name}><boot order='${order}'>`);
    return Number(order);
  });
}

/** The lifecycle actions written (an empty element is libvirt's default, as if absent). */
function readLifecycle(domain: XNode): DomainSpec['lifecycle'] {
  const out: NonNullable<DomainSpec['lifecycle']> = {};
  for (const event of ['poweroff', 'reboot', 'crash'] as const) {
    const action = childNamed(domain, `on_${event}`)?.text.trim();
    if (action) out[event] = action;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const TIMER_VALUES = {
  name: ['platform', 'pit', 'rtc', 'hpet', 'tsc', 'kvmclock', 'hypervclock', 'armvtimer'],
  present: ['yes', 'no'],
  tickpolicy: ['delay', 'catchup', 'merge', 'discard'],
  track: ['boot', 'guest', 'wall', 'realtime'],
  mode: ['auto', 'native', 'emulate', 'paravirt', 'smpsafe'],
} as const;

/** A decimal the parser takes as an unsigned long long: whether it is other than 0 (anything else is beyond the spec). */
function nonZeroCount(value: string | undefined, element: string, attr: string): boolean {
  if (value === undefined) return false;
  if (!/^\d{1,19}$/.test(value)) unrepresentable(`<${element} ${attr}='${value}'>`);
  return Number(value) !== 0;
}

/** `<clock><timer>`s with the attributes the driver checks; a value the parser may not know is beyond the spec (its refusal not measured). */
function readTimers(domain: XNode): NonNullable<DomainSpec['timers']> {
  return childrenNamed(childNamed(domain, 'clock') ?? NO_NODE, 'timer').map((t) => {
    const value = <K extends keyof typeof TIMER_VALUES>(key: K): (typeof TIMER_VALUES)[K][number] | undefined => {
      const v = t.attrs[key];
      if (v === undefined) return undefined;
      if (!(TIMER_VALUES[key] as readonly string[]).includes(v)) unrepresentable(`<timer ${key}='${v}'>`);
      return v as (typeof TIMER_VALUES)[K][number];
    };
    const name = value('name') ?? unrepresentable('<timer> without a name');
    const timer: NonNullable<DomainSpec['timers']>[number] = { name };
    const present = value('present');
    if (present !== undefined) timer.present = present;
    const tickpolicy = value('tickpolicy');
    if (tickpolicy !== undefined) timer.tickpolicy = tickpolicy;
    const track = value('track');
    if (track !== undefined) timer.track = track;
    const mode = value('mode');
    if (mode !== undefined) timer.mode = mode;
    if (nonZeroCount(t.attrs.frequency, 'timer', 'frequency')) timer.frequency = true;
    const catchup = childNamed(t, 'catchup');
    if (catchup !== undefined && ['threshold', 'slew', 'limit'].filter((a) => nonZeroCount(catchup.attrs[a], 'catchup', a)).length > 0) timer.catchup = true;
    return timer;
  });
}

/** The domain's IOThreads as written (the disks and controllers that name one carry it). */
function readIothreads(domain: XNode, spec: DomainSpec): void {
  const count = childNamed(domain, 'iothreads')?.text.trim();
  const ids = childrenNamed(childNamed(domain, 'iothreadids') ?? NO_NODE, 'iothread').map((t) => parseUnsigned(t.attrs.id ?? '', 'iothread id'));
  if (count !== undefined || ids.length > 0) spec.iothreads = count === undefined ? { ids } : { count: parseUnsigned(count, '<iothreads>'), ids };
}


/**
 * A CCID controller: a USB device (index 0 is the one libvirt adds for a smartcard anyway).
 * Indexes out of order, a model or an address off USB are beyond the spec.
 */
function readCcidController(dev: XNode, spec: DomainSpec): void {
  const address = childNamed(dev, 'address');
  const extra = Object.keys(dev.attrs).find((a) => a !== 'type' && a !== 'index');
  const child = dev.children.find((c) => c.name !== 'address' && c.name !== 'alias');
  const next = spec.ccidControllers ?? 0;
  if (Number(dev.attrs.index ?? String(next)) !== next || extra || child || (address !== undefined && address.attrs.type !== 'usb')) unrepresentable(`controller type='ccid' out of index order, or off USB`);
  spec.ccidControllers = next + 1;
}

/** A channel or console: a virtio one is a port of a virtio-serial controller, any other is passed over or unsupported. */
function readChardev(dev: XNode, reading: DeviceReading): void {
  if (childNamed(dev, 'target')?.attrs.type !== 'virtio') return readOtherDevice(dev, reading);
  (reading.spec.virtioPorts ??= []).push(parseVirtioPort(dev));
  noteIgnored(reading, dev.name);
}

/** Any other element: passed over when it cannot touch PCI (graphics and the emulator noted), else unsupported. */
function readOtherDevice(dev: XNode, reading: DeviceReading): void {
  if (!ignorable(dev)) {
    const t = childNamed(dev, 'target')?.attrs.type ?? dev.attrs.model ?? dev.attrs.type;
    unrepresentable(`<${dev.name}${t ? ` ${t}` : ''}>`);
  }
  if (dev.name === 'graphics') readGraphics(dev, reading.spec);
  const tpmModel = dev.name === 'tpm' ? dev.attrs.model : undefined;
  if (tpmModel !== undefined && !TPM_MODELS.has(tpmModel)) reading.spec.unknownModels = { ...reading.spec.unknownModels, tpm: reading.spec.unknownModels?.tpm ?? tpmModel };
  if (dev.name === 'emulator') reading.emulator = dev.text;
  noteIgnored(reading, dev.name);
}

/** libvirt's graphics types (the same on 9.0, 11.3 and 12.8). */
const GRAPHICS_TYPES = new Set(['sdl', 'vnc', 'rdp', 'desktop', 'spice', 'egl-headless', 'dbus']);

/** A `<graphics>`: its type, which the parser refuses if it has no name for it, and a VNC password QEMU cannot take. */
function readGraphics(dev: XNode, spec: DomainSpec): void {
  const type = dev.attrs.type;
  // without a type the parser's refusal was not measured
  if (type === undefined) unrepresentable('<graphics> without a type');
  spec.graphics = true;
  if (!GRAPHICS_TYPES.has(type)) spec.unknownModels = { ...spec.unknownModels, graphics: spec.unknownModels?.graphics ?? type };
  const passwd = dev.attrs.passwd;
  if (type === 'vnc' && passwd !== undefined && spec.longVncPassword === undefined && new TextEncoder().encode(passwd).length > 8) spec.longVncPassword = passwd;
}

/** A CCID controller's USB port is not read: the port an input, a disk or another USB device names too is beyond the spec. */
function refuseUsbPortNamedTwice(devices: XNode[], spec: DomainSpec): void {
  const portsRead = new Set(usbDevicesOf(spec).flatMap((d) => (d.usbPort === undefined ? [] : [`${d.usbBus ?? 0}:${d.usbPort}`])));
  for (const dev of devices) {
    const a = dev.name === 'controller' ? childNamed(dev, 'address') : undefined;
    if (a?.attrs.type === 'usb' && a.attrs.port !== undefined && portsRead.has(`${Number(a.attrs.bus ?? '0')}:${a.attrs.port.split('.')[0]}`)) unrepresentable(`USB port ${a.attrs.port} named by another device and a <${dev.name}>`);
  }
}

/** Elements whose user alias the spec carries, and those whose alias names nothing on PCI. */
const USER_ALIAS_READ = new Set(['disk', 'interface', 'controller', 'channel', 'console']);

/**
 * A user alias on another device the spec reads (oVirt and KubeVirt put one on every device)
 * moves nothing, but becomes its QEMU id, and libvirt's numbering of its neighbours beside
 * one (video1 …) was not measured: noted, so that only the command line is not predicted.
 */
function noteUnkeptUserAlias(dev: XNode, spec: DomainSpec): void {
  if (userAliasOf(dev) === undefined || !READ_DEVICE.has(dev.name) || USER_ALIAS_READ.has(dev.name)) return;
  const kinds = (spec.unkeptUserAliases ??= []);
  if (!kinds.includes(dev.name)) kinds.push(dev.name);
}

/** Notes a video or sound model name libvirt has no value for (its parser refuses the first); true when it was one. */
function noteUnknownModel(spec: DomainSpec, kind: 'video' | 'sound', name: string | undefined): boolean {
  const unknown = unknownModelName(kind, name);
  if (unknown === undefined) return false;
  spec.unknownModels = { ...spec.unknownModels, [kind]: spec.unknownModels?.[kind] ?? unknown };
  return true;
}

/**
 * A user alias two elements share, which libvirt refuses after every other check (the model
 * predicts that), or undefined. Serial ports are left out of that check (observed on 9.0: two
 * serials, or a serial and a disk or controller, with one alias are taken at define; see
 * known-issues/libvirt-9.0-alias-clash-redefine); consoles and parallel ports were not measured.
 */
function sharedUserAliasOf(devices: XNode[]): string | undefined {
  const checked = devices.filter((d) => d.name !== 'serial');
  const aliases = checked.flatMap((d) => userAliasOf(d) ?? []);
  const twice = aliases.find((a, i) => aliases.indexOf(a) !== i);
  if (twice !== undefined && checked.some((d) => (d.name === 'console' || d.name === 'parallel') && userAliasOf(d) === twice)) {
    unrepresentable(`user alias ${twice} shared with a console or parallel port (whether libvirt checks those is not measured)`);
  }
  return twice;
}

/** Elements whose `type` names a character device backend (a smartcard's only in passthrough mode). */
const CHARDEV_ELEMENTS = new Set(['serial', 'parallel', 'console', 'channel', 'redirdev', 'smartcard']);

/** The first thing needing SPICE graphics in a file that has none (see DomainSpec.spiceWithoutGraphics). */
function spiceWithoutGraphics(devices: XNode[]): DomainSpec['spiceWithoutGraphics'] {
  if (devices.some((d) => d.name === 'graphics' && d.attrs.type === 'spice')) return undefined;
  const chardev = devices.find((d) => CHARDEV_ELEMENTS.has(d.name) && (d.attrs.type === 'spicevmc' || d.attrs.type === 'spiceport'));
  if (chardev) return chardev.attrs.type as 'spicevmc' | 'spiceport';
  return devices.some((d) => d.name === 'audio' && d.attrs.type === 'spice') ? 'audio' : undefined;
}

/** Gives each NIC of `nets` its place among all the file's interfaces (hostdev ones included). */
function placeAmongInterfaces(devices: XNode[], spec: DomainSpec): void {
  const kinds = devices.filter((d) => d.name === 'interface').map((d) => d.attrs.type === 'hostdev');
  let next = 0;
  kinds.forEach((hostdev, position) => {
    if (!hostdev) spec.nets[next++].position = position;
  });
}

/** A host SCSI device at a drive address a disk or another one takes (libvirt's answer not measured). */
function refuseUnmeasuredScsiHostdevs(spec: DomainSpec): void {
  const taken = new Set(spec.disks.flatMap((d) => (d.bus === 'scsi' ? [JSON.stringify(scsiDiskDrive(d))] : [])));
  for (const h of spec.hostdevs ?? []) {
    // one without an address libvirt gives a free unit (the model's hostdevDrives)
    if (h.subsystem !== 'scsi' || h.drive === undefined) continue;
    const at = JSON.stringify({ controller: h.drive.controller, bus: h.drive.bus, target: h.drive.target, unit: h.drive.unit });
    if (taken.has(at)) unrepresentable('hostdev scsi at a drive address a disk or another host device takes');
    taken.add(at);
  }
}

/** libvirt's check for one host USB device given twice was not measured. */
function refuseSharedUsbSource(spec: DomainSpec): void {
  const sources = (spec.hostdevs ?? []).flatMap((h) => (h.subsystem === 'usb' ? [JSON.stringify(h.source)] : []));
  if (sources.some((s, i) => sources.indexOf(s) !== i)) unrepresentable('one host USB device given twice');
}

/**
 * A NIC's identity is its MAC (types/keys.ts); NICs sharing one (libvirt takes that, observed
 * on 9.0, 11.3 and 12.8) are known by their position instead. A host device NIC among them is
 * beyond the spec.
 */
function markSharedMacs(spec: DomainSpec): void {
  const lower = (mac: string | undefined): string | undefined => mac?.toLowerCase();
  const macs = [...spec.nets, ...(spec.hostdevNets ?? [])].flatMap((n) => (n.mac === undefined ? [] : [lower(n.mac)]));
  const shared = new Set(macs.filter((m, i) => macs.indexOf(m) !== i));
  if ((spec.hostdevNets ?? []).some((n) => shared.has(lower(n.mac)))) unrepresentable(`a host device interface shares its MAC with another interface`);
  for (const n of spec.nets) if (shared.has(lower(n.mac))) n.macShared = true;
}
