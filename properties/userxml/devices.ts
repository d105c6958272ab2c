// One parser per device element a DomainSpec can describe. Each reads only what the spec
// can carry and rejects (Unrepresentable) any attribute or child that could change where
// libvirt puts the device or what it adds for it; children that cannot (boot order, a
// disk's source, a NIC's link state …) are listed per kind and skipped on purpose.

import {
  CONTROLLER_MODELS_BY_TYPE,
  CONTROLLER_TYPES,
  PCI_CONTROLLER_MODELS,
  type ControllerSpec,
  type DiskBus,
  type DiskSpec,
  type FilesystemSpec,
  type LeaseSpec,
  type HostdevSpec,
  type HostdevNetSpec,
  type PciHostdevSpec,
  type MemoryDeviceSpec,
  type PlatformPciDeviceSpec,
  type ShmemSpec,
  type SmartcardSpec,
  type UsbDeviceSpec,
  type UsbHostdevSpec,
  type MdevHostdevSpec,
  type ScsiHostHostdevSpec,
  type ScsiHostdevSpec,
  type InputSpec,
  LEGACY_NET_MODELS,
  type IommuSpec,
  type PanicSpec,
  type SerialSpec,
  type VsockSpec,
  type MemballoonSpec,
  type NetModel,
  type NetSpec,
  type RngSpec,
  type SoundModel,
  type SoundSpec,
  type UserAddress,
  type VideoModel,
  type VirtioPortSpec,
  type VirtioVariant,
  type VideoSpec,
  type WatchdogModel,
  type WatchdogSpec,
  type UsbPortAddress,
} from '../../types/domain.js';
import { diskNameToIndex, DRIVE_UNITS_PER_CONTROLLER as UNITS, nvmeNameToDrive } from '../../model/diskNames.js';
import { ANY_RELEASE_PANIC_MODELS } from '../../model/releases.js';
import { isUserAlias } from '../../model/userAliases.js';
import { PORTS_ATTRIBUTE_MODELS } from '../../model/usbControllers.js';
import { isPciControllerModel, PCI_CONTROLLER_FACTS } from '../../model/pciControllers.js';
import { parseUnsigned, unrepresentable, userAddress } from './address.js';
import { childNamed, type XNode } from './xmlTree.js';

/** Children any device may have that never move it: its address (read separately), a user alias, an ACPI index, a boot order. */
const ANY_DEVICE_CHILDREN = new Set(['address', 'alias', 'acpi', 'boot']);

/** `value` narrowed to the union of `allowed` when it is one of them; else the file is beyond the spec, for `reason`. */
function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], reason: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) unrepresentable(reason);
  return found;
}

/** A virtio device's model attribute: plain, or one of its variants (transitional, non-transitional). */
const VIRTIO_MODELS = ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const;

/** Checks that an element has only the given attributes and children (plus ANY_DEVICE_CHILDREN). */
function only(node: XNode, what: string, attrs: string[], children: string[]): void {
  for (const a of Object.keys(node.attrs)) if (!attrs.includes(a)) unrepresentable(`${what}: attribute ${a}='${node.attrs[a]}'`);
  for (const c of node.children) if (!ANY_DEVICE_CHILDREN.has(c.name) && !children.includes(c.name)) unrepresentable(`${what}: child <${c.name}>`);
}

/**
 * The element's `<alias name>` when libvirt keeps it (a user alias). Any other alias libvirt
 * drops at parse (observed: 'foo' and 'ua-a.b' are gone from the inactive XML), so it is read past.
 */
export function userAliasOf(node: XNode): string | undefined {
  const name = childNamed(node, 'alias')?.attrs.name;
  return isUserAlias(name) ? name : undefined;
}

/** The device's `<address>`, if any, as a UserAddress. */
const addressOf = (node: XNode, what: string): UserAddress | undefined => userAddress(childNamed(node, 'address'), what);

/** Drive units per controller and how libvirt derives the drive address from the index (measured on 9.0). */
const DRIVE_LAYOUT: Partial<Record<DiskBus, (idx: number) => Record<string, number>>> = {
  // IDE: two buses of two units on each controller
  ide: (i) => ({ controller: Math.floor(i / UNITS.ide), bus: Math.floor((i % UNITS.ide) / 2), target: 0, unit: i % 2 }),
  sata: (i) => ({ controller: Math.floor(i / UNITS.sata), bus: 0, target: 0, unit: i % UNITS.sata }),
  fdc: (i) => ({ controller: Math.floor(i / UNITS.fdc), bus: 0, target: 0, unit: i % UNITS.fdc }),
  scsi: (i) => ({ controller: Math.floor(i / UNITS.scsi), bus: 0, target: 0, unit: i % UNITS.scsi }),
};

/** A SCSI disk's drive address: the one given, else the one libvirt derives from its name. */
export function scsiDiskDrive(disk: DiskSpec): Record<string, number> | undefined {
  const idx = diskNameToIndex(disk.target);
  return disk.drive ?? (idx === undefined ? undefined : DRIVE_LAYOUT.scsi!(idx));
}

/**
 * A `<address type='drive'>` is dropped when it is exactly the one libvirt derives from the
 * target name (libvirt's own test inputs spell it out that way); any other drive address
 * moves the disk to another controller, which the spec cannot say.
 */
function driveAddress(node: XNode, bus: DiskBus, target: string): DiskSpec['drive'] {
  const layout = DRIVE_LAYOUT[bus];
  const idx = diskNameToIndex(target);
  const what = `disk ${target}`;
  const expected: Record<string, number> | undefined = bus === 'nvme' ? nvmeNameToDrive(target) : layout && idx !== undefined ? layout(idx) : undefined;
  if (expected === undefined) unrepresentable(`${what}: <address type='drive'> on bus ${bus}`);
  for (const a of Object.keys(node.attrs)) if (a !== 'type' && !(a in expected)) unrepresentable(`${what}: drive address attribute ${a}`);
  const given: Record<string, number> = {};
  for (const field of Object.keys(expected)) given[field] = node.attrs[field] === undefined ? 0 : parseUnsigned(node.attrs[field], `${what} drive ${field}`);
  if (Object.keys(expected).every((f) => given[f] === expected[f])) return undefined;
  // the model knows where a SCSI or SATA disk's own controller choice leads; IDE's and a floppy's are not measured
  if (bus === 'ide' || bus === 'fdc') unrepresentable(`${what}: drive address differs from libvirt's own choice`);
  return { controller: given.controller, bus: given.bus, target: given.target, unit: given.unit };
}

const DISK_BUSES: DiskBus[] = ['virtio', 'sata', 'ide', 'scsi', 'usb', 'fdc', 'nvme'];
/** libvirt picks the bus from the name's prefix when `bus` is left out. */
const BUS_BY_PREFIX: Array<[RegExp, DiskBus]> = [[/^hd/, 'ide'], [/^sd/, 'scsi'], [/^vd/, 'virtio'], [/^fd/, 'fdc']];

/** A `<source>` that names a medium (a file, a block device, a network or pool volume). */
const hasMedium = (source: XNode | undefined): boolean => source !== undefined && ['file', 'dev', 'name', 'volume', 'dir'].some((a) => source.attrs[a] !== undefined);

/** The path libvirt keeps of a disk's source (virDomainDiskGetSource): none for a volume, an NVMe or a vhost-user source. */
function diskSourcePath(node: XNode): string | undefined {
  const source = childNamed(node, 'source');
  const attr = { file: 'file', block: 'dev', dir: 'dir', network: 'name' }[node.attrs.type ?? 'file'];
  return source === undefined || attr === undefined ? undefined : source.attrs[attr];
}

/** libvirt's empty source (virStorageSourceIsEmpty): a local one without its path, a network one without a protocol. */
function diskSourceEmpty(node: XNode): boolean {
  const type = node.attrs.type ?? 'file';
  if (type === 'network') return childNamed(node, 'source')?.attrs.protocol === undefined;
  return (type === 'file' || type === 'block' || type === 'dir') && diskSourcePath(node) === undefined;
}

/** `<disk>`: device, target bus and name, address; the source does not matter for placement. */
export function parseDisk(node: XNode): DiskSpec {
  // a SCSI passthrough LUN sits where a disk of its bus would (a drive address, or a
  // virtio-blk PCI slot); libvirt's refusals of one (wrong source type …) are left to it
  const device = node.attrs.device === 'lun' ? 'disk' : (node.attrs.device ?? 'disk');
  if (device !== 'disk' && device !== 'cdrom' && device !== 'floppy') unrepresentable(`disk device='${device}'`);
  const t = childNamed(node, 'target');
  const target = t?.attrs.dev;
  if (!target) unrepresentable('disk without <target dev=…>');
  const what = `disk ${target}`;
  // the bus as libvirt ends up with it: written, or taken from the name's prefix
  const busAttr = t.attrs.bus ?? BUS_BY_PREFIX.find(([re]) => re.test(target))?.[1];
  // model='virtio-transitional' etc. changes the PCI connect flags of a virtio disk; usb-storage
  // (libvirt 12.8's own output for USB disks) is kept for the releases that refuse it
  const usbStorage = node.attrs.model === 'usb-storage' && busAttr === 'usb';
  const virtioModel = busAttr === 'virtio' ? VIRTIO_MODELS.find((m) => m === node.attrs.model) : undefined;
  if (node.attrs.model !== undefined && node.attrs.model !== 'virtio' && !usbStorage && virtioModel === undefined) unrepresentable(`disk model='${node.attrs.model}'`);
  only(node, what, ['type', 'device', 'model', 'snapshot', 'rawio', 'sgio'], [
    'driver', 'source', 'target', 'readonly', 'shareable', 'transient', 'serial', 'wwn', 'vendor', 'product', 'boot',
    'alias', 'acpi', 'blockio', 'geometry', 'iotune', 'encryption', 'auth', 'backingStore', 'seclabel', 'mirror', 'throttlefilters',
  ]);
  if (busAttr === undefined) unrepresentable(`${what}: no bus, and its name does not imply one the spec knows`);
  const bus = oneOf(busAttr, DISK_BUSES, `${what}: bus='${busAttr}'`);
  // a floppy drive on another bus, or another device on the floppy controller, is not measured
  if ((device === 'floppy') !== (bus === 'fdc')) unrepresentable(`${what}: ${device} on bus ${bus}`);
  // libvirt 12.8 derives an NVMe disk's drive address from a name nvme<C>n<N>; what it does with another name was not measured
  if (bus === 'nvme' && nvmeNameToDrive(target) === undefined) unrepresentable(`${what}: an NVMe disk named otherwise than nvme<controller>n<namespace>`);
  const spec: DiskSpec = usbStorage ? { device, bus, target, model: 'usb-storage' } : { device, bus, target };
  if (t.attrs.bus === undefined) spec.busImplied = true;
  readDiskDriver(node, spec, what);
  readDiskSource(node, spec);
  const serial = childNamed(node, 'serial');
  if (bus === 'nvme' && serial !== undefined) spec.serial = serial.text;
  if (virtioModel !== undefined && virtioModel !== 'virtio') spec.model = virtioModel;
  // read-only matters for a hard disk only: libvirt refuses one on IDE and SATA
  if (device === 'disk' && childNamed(node, 'readonly')) spec.readonly = true;
  if (childNamed(node, 'wwn') !== undefined) spec.wwn = true;
  const alias = userAliasOf(node);
  if (alias !== undefined) spec.alias = alias;
  readDiskAddress(node, spec, what);
  return spec;
}

/** The driver settings libvirt checks (its iothread/queues and iommu/ats options move no disk). */
function readDiskDriver(node: XNode, spec: DiskSpec, what: string): void {
  const iothread = childNamed(node, 'driver')?.attrs.iothread;
  if (iothread !== undefined) spec.iothread = parseUnsigned(iothread, `${what} iothread`);
  const nativeIo = readNativeIo(childNamed(node, 'driver'), what);
  if (nativeIo !== undefined) spec.nativeIo = nativeIo;
}

/** What libvirt checks of a disk's source: a LUN's type and sgio, a vDPA source, its path, whether it is empty. */
function readDiskSource(node: XNode, spec: DiskSpec): void {
  if (node.attrs.device === 'lun' && node.attrs.sgio === 'unfiltered') spec.unfilteredSgio = true;
  if (node.attrs.device === 'lun') {
    const sourceType = node.attrs.type ?? 'file';
    const protocol = childNamed(node, 'source')?.attrs.protocol;
    spec.lun = protocol === undefined ? { sourceType } : { sourceType, protocol };
  }
  if (node.attrs.type === 'vhostvdpa') spec.vhostVdpa = true;
  const sourcePath = diskSourcePath(node);
  if (sourcePath !== undefined) spec.sourcePath = sourcePath;
  if ((node.attrs.device === undefined || node.attrs.device === 'disk') && diskSourceEmpty(node)) spec.sourceMissing = true;
  // an empty USB cdrom is refused by libvirt 11.3 (and cannot start on 9.0)
  if ((spec.device === 'cdrom' || spec.device === 'floppy') && hasMedium(childNamed(node, 'source'))) spec.media = true;
}

/** A disk's `<address>`: a drive address other than its name's, a USB port, or a PCI address. */
function readDiskAddress(node: XNode, spec: DiskSpec, what: string): void {
  const address = childNamed(node, 'address');
  if (address?.attrs.type === 'drive') {
    const drive = driveAddress(address, spec.bus, spec.target);
    if (drive) spec.drive = drive;
  } else if (address?.attrs.type === 'usb' && spec.bus === 'usb') {
    Object.assign(spec, usbPortOf(address, what));
  } else if (address !== undefined) spec.address = userAddress(address, what);
}

const NET_MODELS: NetModel[] = ['virtio', 'virtio-transitional', 'virtio-non-transitional', 'e1000', 'e1000e', 'rtl8139', 'igb', 'usb-net', ...LEGACY_NET_MODELS];
/** Interface types that are a PCI host device or a vDPA device rather than an emulated NIC. */
const PASSTHROUGH_NETS = new Set(['hostdev']);

/**
 * libvirt's own NIC model names (virDomainNetModel, matched regardless of case): one the spec
 * does not list is beyond it. Any other name libvirt keeps as written and places as PCI Express.
 */
const LIBVIRT_NET_MODELS = ['netfront', 'rtl8139', 'virtio', 'e1000', 'e1000e', 'igb', 'virtio-transitional', 'virtio-non-transitional', 'usb-net', 'spapr-vlan', 'lan9118', 'smc91c111', 'vlance', 'vmxnet', 'vmxnet2', 'vmxnet3', 'am79c970a', 'am79c973', '82540em', '82545em', '82543gc'];

/** A NIC model name the spec does not list: kept as 'other' when libvirt does not know it either and takes its characters. */
function unknownNetModel(name: string, what: string): string {
  if (LIBVIRT_NET_MODELS.includes(name.toLowerCase()) || !/^[A-Za-z0-9_-]+$/.test(name)) unrepresentable(`${what}: model '${name}'`);
  return name;
}

/** `<rom enabled='no'>` with a bar or file as well, which libvirt's parser refuses ("ROM tuning is not supported when ROM is disabled"). */
function romDisabledButTuned(node: XNode): boolean {
  const rom = childNamed(node, 'rom');
  return rom?.attrs.enabled === 'no' && (rom.attrs.bar !== undefined || rom.attrs.file !== undefined);
}

/** `<interface type='hostdev'>` with a MAC and a PCI source (one without a MAC is known only by position among all NICs: beyond the spec). */
export function parseHostdevNet(node: XNode): HostdevNetSpec {
  only(node, 'interface hostdev', ['type', 'managed', 'trustGuestRxFilters'], ['mac', 'source', 'driver', 'vlan', 'virtualport', 'rom', 'teaming', 'boot', 'alias', 'acpi']);
  if (romDisabledButTuned(node)) unrepresentable('interface hostdev: a disabled ROM with a bar or file (where libvirt refuses it among the host devices is not measured)');
  const mac = childNamed(node, 'mac')?.attrs.address;
  if (mac === undefined) unrepresentable("interface type='hostdev' without a MAC");
  checkVfioDriver(node, 'interface hostdev');
  const host = childNamed(childNamed(node, 'source') ?? { name: '', attrs: {}, children: [], text: '' }, 'address');
  if (!host || (host.attrs.type ?? 'pci') !== 'pci') unrepresentable('interface hostdev: a source other than a PCI address');
  const spec: HostdevNetSpec = { mac, source: hostPciAddress(host, 'interface hostdev') };
  const address = addressOf(node, `interface ${mac}`);
  if (address) spec.address = address;
  return spec;
}

/** The `<source>` attribute each NIC type needs (the same on 9.0, 11.3 and 12.8). */
const REQUIRED_SOURCE = { network: 'network', bridge: 'bridge', direct: 'dev' } as const;

/** What a NIC of a type needing a source lacks of it, else undefined. */
function missingSource(type: string, source: XNode | undefined): NetSpec['missingSource'] {
  if (!(type in REQUIRED_SOURCE)) return undefined;
  const netType = type as keyof typeof REQUIRED_SOURCE;
  if (source === undefined) return { netType };
  const attribute = REQUIRED_SOURCE[netType];
  return source.attrs[attribute] === undefined ? { netType, attribute } : undefined;
}

/** `<interface>`: MAC (its identity) and model; the backend (user, network, bridge …) does not matter for placement. */
export function parseNet(node: XNode, defaultModel: NetModel): NetSpec {
  const type = node.attrs.type ?? '';
  if (PASSTHROUGH_NETS.has(type)) unrepresentable(`interface type='${type}' (a host device)`);
  // without a MAC libvirt makes one up: the NIC is then recognised by its position (properties/judges/netIdentity.ts)
  const mac = childNamed(node, 'mac')?.attrs.address || undefined;
  const what = `interface ${mac ?? type}`;
  only(node, what, ['type', 'trustGuestRxFilters'], [
    'mac', 'model', 'source', 'target', 'driver', 'boot', 'alias', 'link', 'mtu', 'bandwidth', 'filterref', 'vlan',
    'virtualport', 'ip', 'route', 'backend', 'tune', 'rom', 'coalesce', 'acpi', 'guest', 'script', 'downscript', 'port', 'portForward',
  ]);
  const modelText = childNamed(node, 'model')?.attrs.type;
  // libvirt 9.0's default NIC model (qemuDomainDefaultNetModel): rtl8139 on x86, virtio on aarch64 virt
  const modelName = modelText !== undefined && !NET_MODELS.includes(modelText as NetModel) ? unknownNetModel(modelText, what) : undefined;
  const model = modelName === undefined ? oneOf(modelText ?? defaultModel, NET_MODELS, `${what}: model '${modelText ?? defaultModel}'`) : 'other';
  const spec: NetSpec = mac === undefined ? { model } : { model, mac };
  if (romDisabledButTuned(node)) spec.romDisabledButTuned = true;
  const rom = childNamed(node, 'rom');
  // a disabled ROM with a bar or file is the parser's refusal already
  if (rom !== undefined && Object.keys(rom.attrs).length > 0 && !spec.romDisabledButTuned) spec.romTuned = true;
  if (modelName !== undefined) spec.modelName = modelName;
  // the type matters only to the tuning libvirt takes on some types alone
  const tuning = (['mtu', 'coalesce'] as const).filter((t) => childNamed(node, t) !== undefined);
  if (tuning.length > 0) Object.assign(spec, { type, tuning });
  // a vDPA NIC is a virtio-net device whose datapath is the host's vDPA device
  if (type === 'vdpa') spec.vdpa = true;
  const source = childNamed(node, 'source');
  const missing = missingSource(type, source);
  if (missing !== undefined) spec.missingSource = missing;
  const reconnect = source === undefined ? undefined : childNamed(source, 'reconnect');
  if (reconnect?.attrs.enabled === 'yes') {
    // the parser's refusal of a missing timeout was not placed among its others
    if (reconnect.attrs.timeout === undefined) unrepresentable(`${what}: <reconnect enabled='yes'> without a timeout`);
    if (type === 'vhostuser' && source?.attrs.mode === 'server') spec.serverReconnect = true;
  }
  const backendType = childNamed(node, 'backend')?.attrs.type;
  if (backendType === 'passt') spec.passt = true;
  else if (backendType !== undefined && backendType !== 'default') unrepresentable(`${what}: <backend type='${backendType}'>`);
  const alias = userAliasOf(node);
  if (alias !== undefined) spec.alias = alias;
  const usbAddress = childNamed(node, 'address');
  if (model === 'usb-net' && usbAddress?.attrs.type === 'usb') {
    spec.usb = usbPortOf(usbAddress, what);
    return spec;
  }
  const address = addressOf(node, what);
  if (address) spec.address = address;
  return spec;
}

/** The QEMU device libvirt picks for a PCI controller model; `<model name>` equal to it changes nothing. */
const defaultModelName = (model: string | undefined): string | undefined => (model !== undefined && isPciControllerModel(model) ? PCI_CONTROLLER_FACTS[model].modelName : undefined);

/**
 * Every model name libvirt's parser has for a controller type (its model enums, the same on
 * 9.0, 11.3 and 12.8), the ones the spec does not model included. A name outside its type's
 * list is refused while parsing (checkAtParse); one inside but unmodelled is beyond the spec.
 * Types missing here (sata, fdc, ccid …) are not read for unknown names.
 */
const LIBVIRT_CONTROLLER_MODELS: Partial<Record<string, readonly string[]>> = {
  scsi: ['auto', 'buslogic', 'lsilogic', 'lsisas1068', 'vmpvscsi', 'ibmvscsi', 'virtio-scsi', 'lsisas1078', 'virtio-transitional', 'virtio-non-transitional', 'ncr53c90', 'dc390', 'am53c974'],
  usb: ['piix3-uhci', 'piix4-uhci', 'ehci', 'ich9-ehci1', 'ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3', 'vt82c686b-uhci', 'pci-ohci', 'nec-xhci', 'qusb1', 'qusb2', 'qemu-xhci', 'none'],
  pci: PCI_CONTROLLER_MODELS,
  ide: ['piix3', 'piix4', 'ich6'],
  'virtio-serial': ['virtio', 'virtio-transitional', 'virtio-non-transitional'],
};

/** A controller's model and `<model name>`, each only as libvirt knows them for its type. */
function readControllerModel(node: XNode, what: string, spec: ControllerSpec): void {
  const { type } = spec;
  const model = node.attrs.model;
  if (model !== undefined) {
    const knownModel = CONTROLLER_MODELS_BY_TYPE[type]?.find((m) => m === model);
    const libvirtNames = LIBVIRT_CONTROLLER_MODELS[type];
    // 'default' may be an enum value on some release: never taken for unknown
    if (knownModel === undefined && libvirtNames !== undefined && !libvirtNames.includes(model) && model !== 'default' && childNamed(node, 'model') === undefined) {
      spec.unknownModel = model;
      return;
    }
    if (knownModel === undefined) unrepresentable(`${what}: model='${model}'`);
    spec.model = knownModel;
  }
  const modelName = childNamed(node, 'model');
  if (modelName) {
    const name = modelName.attrs.name;
    // ioh3420 is the one other QEMU device a pcie-root-port can be (the model knows it)
    const known = name === defaultModelName(model) || (model === 'pcie-root-port' && name === 'ioh3420');
    if (type !== 'pci' || model === undefined || !known || Object.keys(modelName.attrs).length !== 1) {
      unrepresentable(`${what}: <model name='${name ?? ''}'> is not libvirt's default for ${model ?? 'this controller'}`);
    }
    if (name !== defaultModelName(model)) spec.modelName = name;
  }
}

/**
 * A `<target>` number libvirt's parser refuses for certain: a negative decimal, or text with
 * no digit, sign or space (strtol's leniencies with those were not measured).
 */
function refusedTargetNumber(text: string): boolean {
  return /^-0*[1-9]\d{0,8}$/.test(text) || /^[^0-9+\-\s]*$/.test(text);
}

const DISK_IO_MODES = ['threads', 'native', 'io_uring'];
const DISK_CACHE_MODES = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'];

/** A disk driver's native AIO with its cache mode; a mode libvirt's parser may not know is beyond the spec (its refusal not measured). */
function readNativeIo(driver: XNode | undefined, what: string): DiskSpec['nativeIo'] {
  const { io, cache } = driver?.attrs ?? {};
  if (io !== undefined && !DISK_IO_MODES.includes(io)) unrepresentable(`${what}: <driver io='${io}'>`);
  if (cache !== undefined && !DISK_CACHE_MODES.includes(cache)) unrepresentable(`${what}: <driver cache='${cache}'>`);
  if (io !== 'native') return undefined;
  return cache === undefined ? {} : { cache };
}

/** `<controller>`: type, index, model, a PCI controller's chassis/port/busNr, a USB companion's master. */
export function parseController(node: XNode): ControllerSpec {
  const type = oneOf(node.attrs.type, CONTROLLER_TYPES, `controller type='${node.attrs.type ?? ''}'`);
  const what = `controller ${type}${node.attrs.index === undefined ? '' : ` index ${node.attrs.index}`}`;
  // vectors, the PCI hole size, queue options: no bearing on placement (ports= is read: it decides how many hubs libvirt adds)
  // an NVMe serial written as an attribute is not read (observed on 12.8: refused as missing)
  only(node, what, ['type', 'index', 'model', 'ports', 'vectors', 'maxGrantFrames', 'maxEventChannels', ...(type === 'nvme' ? ['serial'] : [])], ['model', 'target', 'master', 'driver', 'alias', 'pcihole64', ...(type === 'nvme' ? ['serial'] : [])]);
  const spec: ControllerSpec = { type };
  const serial = type === 'nvme' ? childNamed(node, 'serial') : undefined;
  if (serial !== undefined) spec.serial = serial.text;
  if (node.attrs.index !== undefined) {
    // a negative index goes to the model as it is: libvirt's parser refuses it
    const negative = /^\s*-0*[1-9]\d*\s*$/.test(node.attrs.index);
    if (!negative && !/^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(node.attrs.index)) unrepresentable(`${what}: index='${node.attrs.index}'`);
    spec.index = negative ? Number(node.attrs.index.trim()) : parseUnsigned(node.attrs.index, `${what} index`);
  }
  readControllerModel(node, what, spec);
  const target = childNamed(node, 'target');
  if (target) {
    if (type !== 'pci') unrepresentable(`${what}: <target>`);
    // numaNode, index: knobs the spec cannot carry. memReserve (a bridge's memory window)
    // was observed accepted on every PCI controller model and never moves a device.
    for (const a of Object.keys(target.attrs)) if (!['chassis', 'port', 'busNr', 'chassisNr', 'memReserve', 'hotplug'].includes(a)) unrepresentable(`${what}: <target ${a}=…>`);
    const hotplug = target.attrs.hotplug;
    if (hotplug !== undefined && hotplug !== 'on' && hotplug !== 'off') unrepresentable(`${what}: <target hotplug='${hotplug}'>`);
    if (hotplug !== undefined) spec.hotplug = hotplug;
    // <node> is an expander bus's NUMA node; nothing else may be a child of <target>
    for (const child of target.children) if (child.name !== 'node') unrepresentable(`${what}: <target> has child <${child.name}>`);
    const t: NonNullable<ControllerSpec['target']> = {};
    const node = childNamed(target, 'node');
    if (node) t.node = parseUnsigned(node.text, `${what} node`);
    // libvirt's reading order: the first number it cannot take is the one it names
    for (const field of ['chassisNr', 'chassis', 'port', 'busNr'] as const) {
      const text = target.attrs[field];
      if (text === undefined) continue;
      if (refusedTargetNumber(text)) {
        spec.badTarget = { attribute: field, text };
        break;
      }
      t[field] = parseUnsigned(text, `${what} ${field}`);
    }
    // hotplug and memReserve alone leave the numbers to libvirt, as no <target> would
    if (Object.keys(t).length > 0 || (Object.keys(target.attrs).length === 0 && target.children.length === 0)) spec.target = t;
  }
  const master = childNamed(node, 'master');
  if (master) {
    if (type !== 'usb' || master.attrs.startport === undefined) unrepresentable(`${what}: <master>`);
    spec.masterStartport = parseUnsigned(master.attrs.startport, `${what} startport`);
  }
  if (node.attrs.ports !== undefined && type === 'usb' && !PORTS_ATTRIBUTE_MODELS.has(spec.model ?? '')) unrepresentable(`${what}: ports= on a USB controller other than an xHCI`);
  if ((type === 'virtio-serial' || type === 'usb') && node.attrs.ports !== undefined) spec.ports = parseUnsigned(node.attrs.ports, `${what} ports`);
  const iothread = childNamed(node, 'driver')?.attrs.iothread;
  if (iothread !== undefined) spec.iothread = parseUnsigned(iothread, `${what} iothread`);
  const alias = userAliasOf(node);
  if (alias !== undefined) spec.alias = alias;
  const address = addressOf(node, what);
  if (address) spec.address = address;
  return spec;
}

const VIDEO_MODELS: VideoModel[] = ['cirrus', 'vga', 'vmvga', 'qxl', 'virtio', 'bochs', 'ramfb', 'none'];

/** `<video>`: model type and primary; memory sizes, heads and 3D acceleration do not move it. */
export function parseVideo(node: XNode, arch: string): VideoSpec {
  only(node, 'video', [], ['model', 'alias', 'driver']);
  const driver = childNamed(node, 'driver');
  if (driver?.attrs.name === 'vhostuser') unrepresentable('video driver vhostuser');
  const m = childNamed(node, 'model') ?? { name: 'model', attrs: {}, children: [], text: '' };
  // without a type libvirt picks one per arch, written out as if the user had: cirrus on x86
  // (observed on pc and q35, with and without graphics), virtio on aarch64 virt (observed on 9.0, 11.3, 12.8)
  const model = oneOf(m.attrs.type ?? (arch === 'x86_64' ? 'cirrus' : 'virtio'), VIDEO_MODELS, `video model '${m.attrs.type}'`);
  for (const a of Object.keys(m.attrs)) if (!['type', 'primary', 'vram', 'ram', 'vgamem', 'vram64', 'heads', 'blob'].includes(a)) unrepresentable(`video model ${model}: attribute ${a}`);
  for (const c of m.children) if (c.name !== 'acceleration' && c.name !== 'resolution') unrepresentable(`video model ${model}: child <${c.name}>`);
  const spec: VideoSpec = { model };
  if (m.attrs.primary === 'yes') spec.primary = true;
  const address = addressOf(node, `video ${model}`);
  if (address) spec.address = address;
  return spec;
}

const SOUND_MODELS: SoundModel[] = ['ich6', 'ich9', 'ac97', 'es1370', 'sb16', 'pcspk', 'usb', 'ich7'];

/**
 * Every name libvirt's enums have for a video or sound model on any release it knows (newer
 * ones included: ich7, virtio sound). A name outside is refused by the parser; one inside that
 * the spec does not model is beyond it.
 */
export const LIBVIRT_MODEL_NAMES = {
  video: ['default', 'vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'parallels', 'virtio', 'gop', 'none', 'bochs', 'ramfb'],
  sound: ['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich9', 'usb', 'ich7', 'virtio'],
} as const;

/** A model name libvirt has no value for (a QEMU device name, a typo), else undefined. */
export function unknownModelName(kind: keyof typeof LIBVIRT_MODEL_NAMES, name: string | undefined): string | undefined {
  return name !== undefined && /^[A-Za-z0-9_-]+$/.test(name) && !(LIBVIRT_MODEL_NAMES[kind] as readonly string[]).includes(name) ? name : undefined;
}

/** `<sound>`: model; its codecs and audio backend do not move it. */
export function parseSound(node: XNode): SoundSpec {
  const model = oneOf(node.attrs.model, SOUND_MODELS, `sound model '${node.attrs.model ?? ''}'`);
  only(node, `sound ${model}`, ['model', 'multichannel', 'streams'], ['codec', 'audio', 'alias']);
  const spec: SoundSpec = { model };
  const usb = childNamed(node, 'address');
  if (model === 'usb' && usb?.attrs.type === 'usb') return { ...spec, usb: usbPortOf(usb, 'sound usb') };
  const address = addressOf(node, `sound ${model}`);
  if (address) spec.address = address;
  return spec;
}

/** `<memballoon>`: virtio or none; statistics and deflate options do not move it. */
export function parseMemballoon(node: XNode): MemballoonSpec {
  const model = oneOf(node.attrs.model, [...VIRTIO_MODELS, 'none'] as const, `memballoon model '${node.attrs.model ?? ''}'`);
  only(node, `memballoon ${model}`, ['model', 'autodeflate', 'freePageReporting'], ['stats', 'alias', 'driver']);
  const spec: MemballoonSpec = { model };
  const address = addressOf(node, 'memballoon');
  if (address) spec.address = address;
  return spec;
}

/** `<rng model='virtio'>`: its backend and rate do not move it. */
export function parseRng(node: XNode): RngSpec {
  const model = oneOf(node.attrs.model, VIRTIO_MODELS, `rng model '${node.attrs.model ?? ''}'`);
  only(node, 'rng', ['model'], ['backend', 'rate', 'alias', 'driver']);
  const spec: RngSpec = { model };
  const address = addressOf(node, 'rng');
  if (address) spec.address = address;
  return spec;
}

const WATCHDOG_MODELS: WatchdogModel[] = ['i6300esb', 'ib700', 'itco'];
const WATCHDOG_ACTIONS: ReadonlyArray<NonNullable<WatchdogSpec['action']>> = ['reset', 'poweroff', 'shutdown', 'pause', 'none', 'dump', 'inject-nmi'];

/** `<watchdog>`: model and action (the action moves nothing, but releases since 9.1 refuse watchdogs whose actions differ). */
export function parseWatchdog(node: XNode): WatchdogSpec {
  const model = oneOf(node.attrs.model, WATCHDOG_MODELS, `watchdog model '${node.attrs.model ?? ''}'`);
  only(node, `watchdog ${model}`, ['model', 'action'], ['alias']);
  const spec: WatchdogSpec = { model };
  const action = node.attrs.action as WatchdogSpec['action'] | undefined;
  if (action !== undefined && !WATCHDOG_ACTIONS.includes(action)) unrepresentable(`watchdog action '${action}'`);
  if (action !== undefined && action !== 'reset') spec.action = action;
  const address = addressOf(node, `watchdog ${model}`);
  if (address) spec.address = address;
  return spec;
}

/** A USB device's `<address type='usb'>`: a port of any USB controller, or a port of a hub on one ("1.2"); deeper hubs are beyond the spec. */
function usbPortOf(address: XNode, what: string): UsbPortAddress {
  const { port } = address.attrs;
  const usbBus = address.attrs.bus ?? '0';
  const path = port === undefined ? undefined : /^(\d+)(?:\.(\d+))?$/.exec(port);
  if (!/^\d+$/.test(usbBus) || !path || Object.keys(address.attrs).some((a) => !['type', 'bus', 'port'].includes(a))) {
    unrepresentable(`${what}: <address type='usb' bus='${address.attrs.bus ?? ''}' port='${port ?? ''}'>`);
  }
  const spec: UsbPortAddress = { usbPort: Number(path[1]) };
  if (Number(usbBus) !== 0) spec.usbBus = Number(usbBus);
  if (path[2] !== undefined) spec.usbHubPort = Number(path[2]);
  return spec;
}

/** `<hub type='usb'>` or `<redirdev bus='usb'>`: a USB device, its port if given. */
export function parseUsbDevice(node: XNode): UsbDeviceSpec {
  const kind = node.name === 'hub' ? node.attrs.type : node.attrs.bus;
  if (kind !== 'usb') unrepresentable(`<${node.name} ${kind ?? ''}>`);
  const address = childNamed(node, 'address');
  if (address === undefined) return {};
  if (address.attrs.type !== 'usb') unrepresentable(`${node.name}: <address type='${address.attrs.type ?? ''}'>`);
  return usbPortOf(address, node.name);
}

/** `<input>`: type and bus, both required here (libvirt's defaults depend on the machine). */
export function parseInput(node: XNode): InputSpec {
  const { type, bus } = node.attrs;
  if (type === 'passthrough') return parsePassthroughInput(node);
  if (type === 'evdev') return parseEvdevInput(node);
  if (type !== 'keyboard' && type !== 'mouse' && type !== 'tablet') unrepresentable(`input type '${type ?? ''}'`);
  if (bus !== 'virtio' && bus !== 'usb' && bus !== 'ps2') unrepresentable(`input ${type} ${bus === undefined ? 'without a bus' : `on bus '${bus}'`}`);
  // a <model> child is not libvirt's (an input's model is an attribute): its parser never reads it
  only(node, `input ${type}`, ['type', 'bus', 'model'], ['alias', 'driver', 'model']);
  const model = inputModel(node, bus, `input ${type}`);
  const spec: InputSpec = model === undefined ? { type, bus } : { type, bus, model };
  const usb = childNamed(node, 'address');
  if (usb?.attrs.type === 'usb') {
    if (bus !== 'usb') unrepresentable(`input ${type} on bus '${bus}': <address type='usb'>`);
    return { ...spec, ...usbPortOf(usb, `input ${type}`) };
  }
  const address = addressOf(node, `input ${type}`);
  if (address) spec.address = address;
  return spec;
}

/** A virtio input's model: a variant is read on bus virtio only (libvirt refuses it on these types: the model predicts that). */
function inputModel(node: XNode, bus: string, what: string): InputSpec['model'] {
  const model = node.attrs.model;
  if (model === undefined || model === 'virtio') return undefined;
  if (bus !== 'virtio' || (model !== 'virtio-transitional' && model !== 'virtio-non-transitional')) unrepresentable(`${what}: model '${model}'`);
  return model;
}

/** `<input type='evdev'>`: QEMU reads a host input device (grab, repeat, toggle keys are its options); the guest gets no device of it. */
function parseEvdevInput(node: XNode): InputSpec {
  only(node, 'input evdev', ['type'], ['source']);
  const dev = childNamed(node, 'source')?.attrs.dev;
  if (dev === undefined || childNamed(node, 'address') !== undefined) unrepresentable('input evdev without <source dev> or with an address');
  return { type: 'evdev', bus: 'none', evdev: dev };
}

/** `<input type='passthrough' bus='virtio'>`: a virtio PCI device like a virtio keyboard; its host evdev never moves it. */
function parsePassthroughInput(node: XNode): InputSpec {
  if (node.attrs.bus !== 'virtio') unrepresentable(`input passthrough ${node.attrs.bus === undefined ? 'without a bus' : `on bus '${node.attrs.bus}'`}`);
  only(node, 'input passthrough', ['type', 'bus', 'model'], ['alias', 'driver', 'source']);
  if (node.attrs.model !== undefined && node.attrs.model !== 'virtio') unrepresentable(`input model '${node.attrs.model}'`);
  const evdev = childNamed(node, 'source')?.attrs.evdev;
  if (evdev === undefined) unrepresentable('input passthrough without <source evdev>');
  const spec: InputSpec = { type: 'passthrough', bus: 'virtio', evdev };
  const address = addressOf(node, 'input passthrough');
  if (address) spec.address = address;
  return spec;
}

/**
 * `<channel>`/`<console>` with `<target type='virtio'>`: only the virtio-serial controller a
 * channel's address names matters (the chardev backend, name and port do not move anything).
 */
export function parseVirtioPort(node: XNode): VirtioPortSpec {
  const kind = node.name as 'channel' | 'console';
  const address = childNamed(node, 'address');
  const spec: VirtioPortSpec = { kind };
  if (address === undefined) return spec;
  if (address.attrs.type !== 'virtio-serial') unrepresentable(`${kind} virtio: <address type='${address.attrs.type ?? ''}'>`);
  for (const a of Object.keys(address.attrs)) if (!['type', 'controller', 'bus', 'port'].includes(a)) unrepresentable(`${kind} virtio: address ${a}=…`);
  // bus/port pick a port on the controller, never a PCI slot
  spec.controller = address.attrs.controller === undefined ? 0 : parseUnsigned(address.attrs.controller, `${kind} controller`);
  if (address.attrs.port !== undefined) spec.port = parseUnsigned(address.attrs.port, `${kind} port`);
  return spec;
}

/** Largest domain, bus, slot and function of a host PCI address (beyond them libvirt's parser refuses). */
const HOST_PCI_LIMITS = { domain: 0xffff, bus: 0xff, slot: 0x1f, function: 7 } as const;

/**
 * A PCI host device's `<driver>`: none, vfio, or the legacy kvm assignment (taken at define
 * and placed as vfio, observed on 9.0, 11.3 and 12.8; host devices are judged on the xml layer).
 */
function checkVfioDriver(node: XNode, what: string): void {
  const driver = childNamed(node, 'driver');
  if (driver && ((driver.attrs.name !== 'vfio' && driver.attrs.name !== 'kvm') || Object.keys(driver.attrs).length !== 1)) unrepresentable(`${what}: <driver name='${driver.attrs.name ?? ''}'>`);
}

/** The host PCI address of a host device's `<source><address>`, each field within what the host can have. */
function hostPciAddress(host: XNode, what: string): PciHostdevSpec['source'] {
  const addr = { domain: 0, bus: 0, slot: 0, function: 0 };
  for (const a of Object.keys(host.attrs)) if (!(a in addr) && a !== 'type') unrepresentable(`${what}: source address ${a}=…`);
  if (host.attrs.type !== undefined && host.attrs.type !== 'pci') unrepresentable(`${what}: source address type='${host.attrs.type}'`);
  for (const field of ['domain', 'bus', 'slot', 'function'] as const) {
    const text = host.attrs[field];
    if (text !== undefined) addr[field] = parseUnsigned(text, `hostdev source ${field}`);
    if (addr[field] > HOST_PCI_LIMITS[field]) unrepresentable(`${what}: source ${field} out of range`);
  }
  return addr;
}

/**
 * `<hostdev mode='subsystem' type='pci'>`: the host address (its identity) and the guest
 * address. The ROM settings, `managed` and the VFIO driver do not move it; any other
 * driver, or a source that is no plain PCI address, is beyond the spec.
 */
export function parseHostdev(node: XNode): HostdevSpec {
  if (node.attrs.mode === 'subsystem' && node.attrs.type === 'usb') return parseUsbHostdev(node);
  if (node.attrs.mode === 'subsystem' && node.attrs.type === 'mdev') return parseMdevHostdev(node);
  if (node.attrs.mode === 'subsystem' && node.attrs.type === 'scsi_host') return parseScsiHostHostdev(node);
  if (node.attrs.mode === 'subsystem' && node.attrs.type === 'scsi') return parseScsiHostdev(node);
  if (node.attrs.mode !== 'subsystem' || node.attrs.type !== 'pci') unrepresentable(`<hostdev ${node.attrs.type ?? ''}>`);
  only(node, 'hostdev pci', ['mode', 'type', 'managed'], ['source', 'driver', 'rom']);
  if (romDisabledButTuned(node)) unrepresentable('hostdev pci: a disabled ROM with a bar or file (where libvirt refuses it among the host devices is not measured)');
  checkVfioDriver(node, 'hostdev pci');
  const source = childNamed(node, 'source');
  const host = source === undefined ? undefined : childNamed(source, 'address');
  if (!source || !host || source.children.length !== 1 || Object.keys(source.attrs).length > 0) unrepresentable('hostdev pci: <source> is not a single <address>');
  const spec: HostdevSpec = { source: hostPciAddress(host, 'hostdev pci') };
  if (childNamed(node, 'address')?.attrs.type === 'unassigned') return { ...spec, unassigned: true };
  const address = addressOf(node, 'hostdev pci');
  if (address) spec.address = address;
  return spec;
}

/** A mediated device of model vfio-pci (a vGPU): its UUID, guest address, and whether it has a display. */
function parseMdevHostdev(node: XNode): MdevHostdevSpec {
  only(node, 'hostdev mdev', ['mode', 'type', 'managed', 'model', 'display', 'ramfb'], ['source']);
  // the model is read first: without one the parser refuses the element
  if (node.attrs.model === undefined) return { subsystem: 'mdev', source: { uuid: childNamed(childNamed(node, 'source') ?? node, 'address')?.attrs.uuid ?? '' }, modelMissing: true };
  if (node.attrs.model !== 'vfio-pci') unrepresentable(`hostdev mdev of model '${node.attrs.model ?? ''}'`);
  const uuid = childNamed(childNamed(node, 'source') ?? node, 'address')?.attrs.uuid;
  if (uuid === undefined || childNamed(node, 'source') === undefined) unrepresentable('hostdev mdev without <source><address uuid>');
  const spec: MdevHostdevSpec = { subsystem: 'mdev', source: { uuid } };
  // observed taken on 9.0, 11.3 and 12.8 beside SPICE graphics (a vGPU file's display and ramfb on)
  if (node.attrs.display === 'on' || node.attrs.ramfb === 'on') spec.display = true;
  if (childNamed(node, 'boot') !== undefined) spec.boot = true;
  const address = addressOf(node, 'hostdev mdev');
  if (address) spec.address = address;
  return spec;
}

/** A vhost-scsi host: its WWPN and guest address; a model variant only with a guest address (its placement not measured). */
function parseScsiHostHostdev(node: XNode): ScsiHostHostdevSpec {
  only(node, 'hostdev scsi_host', ['mode', 'type', 'managed', 'model'], ['source']);
  const given = node.attrs.model;
  const model = given === 'virtio-transitional' || given === 'virtio-non-transitional' ? given : undefined;
  if ((given !== undefined && given !== 'virtio' && model === undefined) || (model !== undefined && childNamed(node, 'address') === undefined)) unrepresentable(`hostdev scsi_host of model '${given}' (without a guest address)`);
  const source = childNamed(node, 'source');
  if (source?.attrs.protocol !== 'vhost' || source.attrs.wwpn === undefined) unrepresentable("hostdev scsi_host without <source protocol='vhost' wwpn>");
  const spec: ScsiHostHostdevSpec = { subsystem: 'scsi_host', source: { wwpn: source.attrs.wwpn } };
  if (model !== undefined) spec.model = model;
  if (childNamed(node, 'boot') !== undefined) spec.boot = true;
  const address = addressOf(node, 'hostdev scsi_host');
  if (address) spec.address = address;
  return spec;
}

/**
 * A host SCSI device at its drive address (libvirt adds the SCSI controller it names, and
 * those below, as for a disk). Without one libvirt picks a unit, and may add a controller:
 * not measured. Read-only, shareable, sgio and rawio never move it.
 */
function parseScsiHostdev(node: XNode): ScsiHostdevSpec {
  only(node, 'hostdev scsi', ['mode', 'type', 'managed', 'sgio', 'rawio'], ['source', 'readonly', 'shareable']);
  const source = childNamed(node, 'source');
  if (source === undefined) unrepresentable('hostdev scsi without <source>');
  const a = childNamed(node, 'address');
  if (a !== undefined && a.attrs.type !== 'drive') unrepresentable(`hostdev scsi: <address type='${a.attrs.type ?? ''}'>`);
  const num = (n: XNode, f: string, what: string): number => parseUnsigned(n.attrs[f] ?? '0', what);
  const drive = a === undefined ? undefined : { controller: num(a, 'controller', 'hostdev scsi controller'), bus: num(a, 'bus', 'hostdev scsi bus'), target: num(a, 'target', 'hostdev scsi target'), unit: num(a, 'unit', 'hostdev scsi unit') };
  const adapter = childNamed(source, 'adapter')?.attrs.name;
  const lun = childNamed(source, 'address');
  const iscsiHost = childNamed(source, 'host')?.attrs.name;
  let spec: ScsiHostdevSpec;
  if (adapter !== undefined && lun !== undefined) spec = { subsystem: 'scsi', source: { adapter, bus: num(lun, 'bus', 'hostdev scsi source bus'), target: num(lun, 'target', 'hostdev scsi source target'), unit: num(lun, 'unit', 'hostdev scsi source unit') }, ...(drive ? { drive } : {}) };
  else if (source.attrs.protocol === 'iscsi' && source.attrs.name !== undefined && iscsiHost !== undefined) spec = { subsystem: 'scsi', source: { iscsi: source.attrs.name, host: iscsiHost }, ...(drive ? { drive } : {}) };
  else unrepresentable('hostdev scsi: a source that is no adapter LUN or iSCSI LUN');
  return spec;
}

/**
 * A host USB device: its source (vendor and product ids, or the host's bus and device) and
 * its guest USB port. A guest address of another type is beyond the spec.
 */
function parseUsbHostdev(node: XNode): UsbHostdevSpec {
  only(node, 'hostdev usb', ['mode', 'type', 'managed'], ['source']);
  const source = childNamed(node, 'source');
  if (!source) unrepresentable('hostdev usb without <source>');
  // startupPolicy and guestReset say what happens when the device is missing or reset: nothing moves
  for (const a of Object.keys(source.attrs)) if (a !== 'startupPolicy' && a !== 'guestReset') unrepresentable(`hostdev usb: source attribute ${a}`);
  const ids: UsbHostdevSpec['source'] = {};
  for (const c of source.children) {
    if (c.name === 'vendor' || c.name === 'product') ids[c.name] = c.attrs.id ?? unrepresentable(`hostdev usb: <${c.name}> without an id`);
    else if (c.name === 'address') {
      ids.bus = parseUnsigned(c.attrs.bus ?? '', 'hostdev usb source bus');
      ids.device = parseUnsigned(c.attrs.device ?? '', 'hostdev usb source device');
    } else unrepresentable(`hostdev usb: <source><${c.name}>`);
  }
  if (ids.vendor === undefined && ids.bus === undefined) unrepresentable('hostdev usb: <source> names no device');
  const spec: UsbHostdevSpec = { subsystem: 'usb', source: ids };
  const address = childNamed(node, 'address');
  if (address === undefined) return spec;
  if (address.attrs.type !== 'usb') unrepresentable(`hostdev usb: <address type='${address.attrs.type ?? ''}'>`);
  return { ...spec, ...usbPortOf(address, 'hostdev usb') };
}

/** `<lease>`: its key, lockspace and target as written (their text trimmed, as libvirt reads them). */
export function parseLease(node: XNode): LeaseSpec {
  only(node, 'lease', [], ['key', 'lockspace', 'target']);
  const spec: LeaseSpec = {};
  const key = childNamed(node, 'key');
  if (key !== undefined) spec.key = key.text.trim();
  const lockspace = childNamed(node, 'lockspace');
  if (lockspace !== undefined) spec.lockspace = lockspace.text.trim();
  const target = childNamed(node, 'target');
  if (target !== undefined) spec.target = { path: target.attrs.path, offset: target.attrs.offset };
  return spec;
}

/** `<smartcard>`: its mode; a CCID address other than the first slot of controller 0 is beyond the spec. */
export function parseSmartcard(node: XNode): SmartcardSpec {
  only(node, 'smartcard', ['mode', 'type'], ['certificate', 'database', 'source', 'protocol']);
  const address = childNamed(node, 'address');
  const controller = Number(address?.attrs.controller ?? '0');
  if (address !== undefined && (address.attrs.type !== 'ccid' || !Number.isInteger(controller) || controller < 0 || Number(address.attrs.slot ?? '0') !== 0)) {
    unrepresentable(`smartcard: <address type='${address.attrs.type ?? ''}' controller='${address.attrs.controller ?? ''}' slot='${address.attrs.slot ?? ''}'>`);
  }
  const spec: SmartcardSpec = { mode: node.attrs.mode ?? unrepresentable('smartcard without a mode') };
  if (controller > 0) spec.ccidController = controller;
  return spec;
}

const MEMORY_MODELS = ['dimm', 'nvdimm', 'virtio-pmem', 'virtio-mem'] as const;

/** `<memory>`: its model and, for the virtio ones, a PCI address; sizes, sources and NUMA nodes never move anything on PCI. */
export function parseMemoryDevice(node: XNode): MemoryDeviceSpec {
  const model = oneOf(node.attrs.model, MEMORY_MODELS, `<memory ${node.attrs.model ?? ''}>`);
  only(node, `memory ${model}`, ['model', 'access', 'discard'], ['source', 'target', 'uuid']);
  const address = childNamed(node, 'address');
  const virtio = model === 'virtio-pmem' || model === 'virtio-mem';
  const spec: MemoryDeviceSpec = childNamed(node, 'uuid') === undefined ? { model } : { model, uuid: true };
  if (address === undefined) return spec;
  if (!virtio && address.attrs.type === 'dimm') return spec;
  const at = addressOf(node, `memory ${model}`);
  if (!virtio || at?.type !== 'pci') unrepresentable(`memory ${model}: <address type='${address.attrs.type ?? ''}'>`);
  return { ...spec, address: at };
}

/** `<crypto model='virtio' type='qemu'>` with QEMU's builtin or lkcf backend; its queues never move it. */
export function parseCrypto(node: XNode): PlatformPciDeviceSpec {
  only(node, 'crypto', ['model', 'type'], ['backend', 'driver']);
  const backend = childNamed(node, 'backend')?.attrs.model;
  if (node.attrs.model !== 'virtio' || node.attrs.type !== 'qemu' || (backend !== 'builtin' && backend !== 'lkcf')) unrepresentable(`<crypto ${node.attrs.model ?? ''}>`);
  const address = addressOf(node, 'crypto');
  return address ? { address } : {};
}

/** `<pstore backend='acpi-erst'>`; its file and size never move it. */
export function parsePstore(node: XNode): PlatformPciDeviceSpec {
  only(node, 'pstore', ['backend'], ['path', 'size']);
  if (node.attrs.backend !== 'acpi-erst') unrepresentable(`<pstore ${node.attrs.backend ?? ''}>`);
  const address = addressOf(node, 'pstore');
  return address ? { address } : {};
}

/** `<shmem>`: ivshmem-plain (libvirt's default) or -doorbell and its address; its size, server and name never move it. */
export function parseShmem(node: XNode): ShmemSpec {
  only(node, 'shmem', ['name', 'role'], ['model', 'size', 'server', 'msi']);
  const model = oneOf(childNamed(node, 'model')?.attrs.type ?? 'ivshmem-plain', ['ivshmem-plain', 'ivshmem-doorbell'] as const, `<shmem> model '${childNamed(node, 'model')?.attrs.type ?? ''}'`);
  const spec: ShmemSpec = { model };
  if (childNamed(node, 'size') !== undefined) spec.size = true;
  const address = addressOf(node, `shmem ${node.attrs.name ?? ''}`);
  if (address) spec.address = address;
  return spec;
}

/** `<panic>`: the model as written (an unknown one is libvirt's parse error) and its address. */
export function parsePanic(node: XNode): PanicSpec {
  only(node, 'panic', ['model'], []);
  const spec: PanicSpec = {};
  const model = node.attrs.model;
  if (model !== undefined) spec.model = model;
  // libvirt refuses an unknown model before it reads the address, so the address cannot matter
  if (model !== undefined && !ANY_RELEASE_PANIC_MODELS.has(model)) return spec;
  // an ISA panic takes an ISA address (an I/O port, iobase) that libvirt only passes on to QEMU: nothing on PCI moves
  const element = childNamed(node, 'address');
  if (element?.attrs.type === 'isa' && (model === undefined || model === 'isa')) return spec;
  const address = userAddress(element, `panic ${model ?? ''}`.trim());
  if (address) spec.address = address;
  return spec;
}

const SERIAL_TARGETS = new Set(['isa-serial', 'pci-serial', 'system-serial', 'usb-serial']);
/** The `<target><model name>` each serial target type may name (libvirt writes pl011 for aarch64's platform UART). */
const SERIAL_MODEL_NAMES: Record<string, string> = { 'isa-serial': 'isa-serial', 'pci-serial': 'pci-serial', 'system-serial': 'pl011', 'usb-serial': 'usb-serial' };

/**
 * `<serial>`: its target type (only pci-serial takes a PCI address) and a PCI address; the
 * chardev backend, port number, log and an ISA address never move anything on PCI.
 */
export function parseSerial(node: XNode): SerialSpec {
  only(node, 'serial', ['type'], ['source', 'target', 'log', 'protocol']);
  const target = childNamed(node, 'target');
  const type = target?.attrs.type;
  if (type !== undefined && !SERIAL_TARGETS.has(type)) unrepresentable(`<serial ${type}>`);
  for (const c of target?.children ?? []) {
    if (c.name !== 'model' || (c.attrs.name !== undefined && c.attrs.name !== SERIAL_MODEL_NAMES[type ?? ''])) unrepresentable(`serial: <target> child <${c.name}${c.attrs.name === undefined ? '' : ` name='${c.attrs.name}'`}>`);
  }
  const spec: SerialSpec = type === undefined ? {} : { targetType: type as SerialSpec['targetType'] };
  // only an isa-serial target's port is checked when the domain is defined (one without a type is typed later)
  const port = target?.attrs.port;
  if (port !== undefined && type === 'isa-serial') spec.port = parseUnsigned(port, 'serial isa-serial port');
  const modelName = childNamed(target ?? { name: '', attrs: {}, children: [], text: '' }, 'model')?.attrs.name;
  if (modelName !== undefined && type === 'isa-serial') spec.modelName = modelName;
  const address = childNamed(node, 'address');
  if (address?.attrs.type === 'usb' && type === 'usb-serial') return { ...spec, usb: usbPortOf(address, 'serial usb-serial') };
  if (address !== undefined && address.attrs.type !== 'isa') spec.address = userAddress(address, `serial ${type ?? ''}`.trim());
  return spec;
}

/** `<iommu>`: its model, the names of its driver's attributes (libvirt refuses them on virtio) and its address. */
export function parseIommu(node: XNode): IommuSpec {
  only(node, 'iommu', ['model'], ['driver']);
  const model = node.attrs.model;
  if (model !== 'intel' && model !== 'virtio' && model !== 'smmuv3') unrepresentable(`<iommu ${model ?? ''}>`);
  const spec: IommuSpec = { model };
  const driver = childNamed(node, 'driver');
  // granule and other children tune the IOMMU; they never move it
  if (driver && Object.keys(driver.attrs).length > 0) spec.driverAttributes = Object.keys(driver.attrs);
  const address = addressOf(node, `iommu ${model}`);
  if (address) spec.address = address;
  return spec;
}

const ACCESS_MODES = ['passthrough', 'mapped', 'squash'] as const;

/**
 * `<filesystem type='mount'>` over 9p: its model decides the slot (a transitional one is
 * conventional PCI); the file modes, multidevs and write policy never move it. virtiofs
 * (a vhost-user device needing shared memory) and the other types are beyond the spec.
 */
export function parseFilesystem(node: XNode): FilesystemSpec {
  const driver = childNamed(node, 'driver');
  const virtiofs = driver?.attrs.type === 'virtiofs';
  // a virtiofs share names the virtiofsd binary and its options, none of which moves the device
  // idmap maps the share's owners (9.0's parser passes over it)
  only(node, 'filesystem', ['type', 'accessmode', 'model', 'multidevs', 'fmode', 'dmode'], ['driver', 'source', 'target', 'readonly', ...(virtiofs ? ['binary', 'idmap'] : [])]);
  if ((node.attrs.type ?? 'mount') !== 'mount') unrepresentable(`<filesystem type='${node.attrs.type}'>`);
  if (driver?.attrs.type !== undefined && !virtiofs && driver.attrs.type !== 'path' && driver.attrs.type !== 'handle') unrepresentable(`<filesystem> with <driver type='${driver.attrs.type}'>`);
  const sourceNode = childNamed(node, 'source');
  const socket = virtiofs ? sourceNode?.attrs.socket : undefined;
  const source = socket ?? sourceNode?.attrs.dir;
  const target = childNamed(node, 'target')?.attrs.dir;
  if (source === undefined || target === undefined) unrepresentable('<filesystem> without <source dir> and <target dir>');
  const spec: FilesystemSpec = { source, target };
  if (virtiofs) spec.driver = 'virtiofs';
  if (socket !== undefined) spec.socket = true;
  const model = node.attrs.model;
  if (model !== undefined) spec.model = oneOf(model, VIRTIO_MODELS, `<filesystem model='${model}'>`);
  const mode = node.attrs.accessmode;
  if (mode !== undefined) spec.accessmode = oneOf(mode, ACCESS_MODES, `<filesystem accessmode='${mode}'>`);
  if (childNamed(node, 'readonly')) spec.readonly = true;
  if (node.attrs.fmode !== undefined || node.attrs.dmode !== undefined) spec.fileModes = true;
  if (node.attrs.multidevs !== undefined) spec.multidevs = true;
  if (driver?.attrs.wrpolicy !== undefined) spec.wrpolicy = true;
  const binary = virtiofs ? childNamed(node, 'binary') : undefined;
  const cacheMode = binary === undefined ? undefined : childNamed(binary, 'cache')?.attrs.mode;
  if (cacheMode !== undefined) spec.cacheMode = cacheMode;
  // libvirt takes the handle driver with passthrough only (a refusal the model does not carry)
  if (driver?.attrs.type === 'handle' && (spec.accessmode ?? 'passthrough') !== 'passthrough') unrepresentable(`<filesystem> with the handle driver and accessmode='${spec.accessmode}'`);
  if (driver?.attrs.format !== undefined) unrepresentable(`<filesystem> <driver format='${driver.attrs.format}'>`);
  const address = addressOf(node, `filesystem ${target}`);
  if (address) spec.address = address;
  return spec;
}

/** `<vsock>`: a virtio device; its guest CID never moves it. Transitional models are beyond the spec. */
export function parseVsock(node: XNode): VsockSpec {
  only(node, 'vsock', ['model'], ['cid', 'driver', 'alias']);
  const model = node.attrs.model;
  if (model !== undefined && model !== 'virtio' && !(VIRTIO_MODELS as readonly string[]).includes(model)) unrepresentable(`<vsock ${model}>`);
  const spec: VsockSpec = {};
  if (model !== undefined && model !== 'virtio') spec.model = model as VirtioVariant;
  const cid = childNamed(node, 'cid');
  if (cid?.attrs.address !== undefined && cid.attrs.auto !== 'yes') {
    // 0 may mean "pick one"; not measured
    const n = parseUnsigned(cid.attrs.address, 'vsock cid');
    if (n === 0) unrepresentable("<vsock><cid address='0'>");
    spec.cid = n;
  }
  const address = addressOf(node, 'vsock');
  if (address) spec.address = address;
  return spec;
}
