// Builds the working definition from a spec the way libvirt's parser and post-parse do:
// controller indexes, default models, implicit controllers (USB, SATA, the PCI root, the
// disk controllers), implicit devices (ps2 inputs, the balloon, a video for graphics),
// and the checks libvirt makes before it ever assigns an address.

import type { ControllerModel, ControllerType, DomainSpec, NetSpec, UserAddress } from '../types/domain.js';
import { isUserAlias, sharedUserAlias } from './userAliases.js';
import { diskKey, inputKey, memballoonKey, netKey, ordinalKey, specNetKey } from '../types/keys.js';
import {
  controllerFlags,
  hostdevFlags,
  machineFlags,
  filesystemFlags,
  netFlags,
  soundFlags,
  videoFlags,
  virtioVariantFlags,
  watchdogFlags,
  type MachineFlags,
} from './deviceFlags.js';
import {
  controllerFromSpec,
  infoFromUser,
  insertController,
  addImplicitController,
  unusedControllerIndex,
  type ControllerDef,
  type DeviceDef,
  type DeviceInfo,
  type DeferredRejection,
  type DomainDef,
  PHASE,
  type RefusalPhase,
} from './domainDef.js';
import { timerRefusal } from './clockTimers.js';
import { topologyCpus } from './cpuTopology.js';
import { lifecycleActionNotAllowed, lifecycleRefusedByDriver } from './lifecycle.js';
import { diskNameToIndex, DRIVE_UNITS_PER_CONTROLLER, nvmeNameToDrive } from './diskNames.js';
import { deviceNameRefusal, inLibvirtDiskOrder, sortDisks, writtenDiskEntries } from './diskOrder.js';
import { reject, SlotOrderUnknown, unsupported } from './errors.js';
import type { FamilyFacts } from './families.js';
import { videoOffered, type ReleaseFacts } from './releases.js';
import { Connect } from './connectFlags.js';
import { checkAtDevicePostParse, checkAtParse, checkBeforeMachineLookup } from './parseChecks.js';
import { featureRefusedAtValidation } from './domainFeatures.js';
import { isPciControllerModel, PCI_CONTROLLER_FACTS } from './pciControllers.js';
import { usbPortsRunOut } from './usbPorts.js';
import { checkXhciPortCount, hasUsbModelNone, ICH9_USB_MODELS, implicitUsbHubs, USB_HUB_PORTS, usbControllerPorts, usbDevicesOf } from './usbControllers.js';

/** Records a refusal libvirt makes only after addressing (validation), so address errors win over it. */
export function defer(list: DeferredRejection[], errorClass: DeferredRejection['errorClass'], detail: string, phase: RefusalPhase = PHASE.deviceValidation): void {
  // keep the list ordered by phase, first come first within a phase (observed precedence)
  let at = list.length;
  while (at > 0 && (list[at - 1].phase ?? PHASE.deviceValidation) > phase) at--;
  list.splice(at, 0, { errorClass, detail, phase });
}

/** pc and q35: the families whose ISA devices (floppy controller, Sound Blaster) were measured. */
const hasMeasuredIsa = (facts: FamilyFacts): boolean => facts.family === 'i440fx' || facts.family === 'q35';

/** Non-PCI address type of a device kind that has one. */
const NON_PCI_ADDRESS: Record<string, string> = { usb: 'usb', scsi: 'drive', sata: 'drive', ide: 'drive', fdc: 'drive', nvme: 'drive' };

/** A drive address's refusal, as the driver checks it (qemuValidateDomainDeviceDefAddressDrive; observed on 9.0, 11.3 and 12.8), or undefined. */
function driveAddressRefusal(drive: DriveAddress, bus: 'scsi' | 'sata', controllers: ControllerDef[]): string | undefined {
  if (bus === 'sata') return drive.bus !== 0 ? 'bus must be 0 for sata controller' : drive.target !== 0 ? 'target must be 0 for sata controller' : undefined;
  const model = controllers.find((c) => c.type === 'scsi' && c.index === drive.controller)?.model;
  if (drive.bus !== 0) return 'SCSI controller only supports 1 bus';
  return drive.target !== 0 && model === 'lsilogic' ? "target must be 0 for controller model 'lsilogic'" : undefined;
}

/** A host SCSI device's drive address is checked as a SCSI disk's, after the disks' (hostdevs are validated after them). */
function checkHostdevDrives(spec: DomainSpec, controllers: ControllerDef[], deferred: DeferredRejection[]): void {
  for (const drive of hostdevDrives(spec)) {
    const refusal = driveAddressRefusal(drive, 'scsi', controllers);
    if (refusal !== undefined) defer(deferred, 'other', refusal, PHASE.driveAndUsbAddresses);
  }
}

/**
 * What libvirt checks while it validates each disk, disks in its order (sortDisks) and before
 * every other device: first its own checks (unfiltered sgio, a LUN's source, a name's prefix, a hard disk's missing source), then the
 * driver's: the drive address (qemuValidateDomainDeviceInfo), the frontend (ejectable media,
 * WWN, a LUN's bus, an empty USB cdrom, a USB disk's PCI address, read-only IDE and SATA,
 * native I/O), the IOThread (order read from 11.3's source; observed on 9.0: a LUN's source
 * before a PCI controller's chassis, unfiltered sgio before a second IDE controller; on 11.3:
 * a SCSI target and a LUN's source before a later USB disk's emptiness).
 */
function checkDisks(spec: DomainSpec, controllers: ControllerDef[], release: ReleaseFacts, deferred: DeferredRejection[]): void {
  const iothreads = iothreadIds(spec);
  for (const entry of inLibvirtDiskOrder(writtenDiskEntries(spec))) {
    if ('targetless' in entry) {
      // its target is the first thing libvirt checks of such a disk
      const source = entry.targetless.source;
      defer(deferred, 'other', `missing target information for device${source === undefined ? '' : ` ${source}`}`, PHASE.driveAndUsbAddresses);
      return;
    }
    const d = entry.disk;
    const refusals = [
      d.unfilteredSgio ? 'unfiltered sgio is no longer supported' : undefined,
      d.lun === undefined ? undefined : lunSourceRefusal(d.lun),
      deviceNameRefusal(d, release.nvme),
      d.sourceMissing ? `missing source information for device ${d.target}` : undefined,
      ...diskAddressRefusals(d, controllers),
      d.device === 'cdrom' && d.bus === 'virtio' ? `disk type of '${d.target}' does not support ejectable media` : undefined,
      d.wwn && d.bus !== 'ide' && d.bus !== 'scsi' ? 'Only ide and scsi disk support wwn' : undefined,
      d.lun !== undefined && d.bus !== 'scsi' && d.bus !== 'virtio' ? `disk device='lun' is not supported for bus='${d.bus}'` : undefined,
      d.bus === 'usb' && d.device === 'cdrom' && !d.media && release.emptyUsbCdromRefused ? "'usb' disk must not be empty" : undefined,
      d.bus === 'usb' && d.address?.type === 'pci' ? 'unexpected address type for usb disk' : undefined,
      d.readonly && d.device === 'disk' && (d.bus === 'ide' || d.bus === 'sata') ? `readonly ${d.bus} disks are not supported` : undefined,
      d.nativeIo !== undefined && d.nativeIo.cache !== 'none' && d.nativeIo.cache !== 'directsync' ? "io='native' needs either no disk cache or directsync cache mode" : undefined,
      d.iothread !== undefined && d.bus !== 'virtio' ? `IOThreads not available for bus ${d.bus} target ${d.target}` : undefined,
      d.iothread !== undefined && d.bus === 'virtio' && !iothreads.has(d.iothread) ? `Disk iothread '${d.iothread}' not defined in iothreadid` : undefined,
    ];
    const first = refusals.find((r) => r !== undefined);
    // a name of a valid prefix libvirt cannot index, on a disk with an address: what libvirt does next was not measured
    if (first === undefined && d.bus !== 'nvme' && diskNameToIndex(d.target) === undefined) unsupported(`disk target name ${d.target}`);
    if (first === undefined) continue;
    defer(deferred, first === ONE_IDE_CONTROLLER ? 'unsupported-by-machine' : 'other', first, PHASE.driveAndUsbAddresses);
    return;
  }
}

/** libvirt's refusal of an IDE disk past controller 0 (of class unsupported-by-machine; the disks' other refusals are of class other). */
const ONE_IDE_CONTROLLER = 'Only 1 IDE controller is supported';

/** The refusals of a disk's drive address: an IDE disk past controller 0, a SCSI or SATA address off bus or target 0. */
function diskAddressRefusals(d: DomainSpec['disks'][number], controllers: ControllerDef[]): Array<string | undefined> {
  if (d.bus === 'ide') return [Math.floor((diskNameToIndex(d.target) ?? 0) / DRIVE_UNITS_PER_CONTROLLER.ide) > 0 ? ONE_IDE_CONTROLLER : undefined];
  if ((d.bus === 'scsi' || d.bus === 'sata') && d.drive !== undefined) return [driveAddressRefusal(d.drive, d.bus, controllers)];
  return [];
}

/**
 * The driver's domain checks (qemuValidateDomainDef), in its order; each observed refused on
 * 9.0, 11.3 and 12.8: a memory minimum guarantee at all; UEFI without ACPI on x86, ACPI
 * without UEFI on aarch64; the BIOS on the serial console off x86 or without a serial port
 * (a serial console counts: libvirt makes it one); an SMM TSEG size off q35; a feature off its
 * arch or machine (domainFeatures.ts).
 */
function checkDomainFeatures(spec: DomainSpec, facts: FamilyFacts, canonical: string, release: ReleaseFacts, deferred: DeferredRejection[]): void {
  if (spec.launchSecurity === 'sev' && release.sevOffered === undefined) unsupported("SEV without QEMU's offers (domcapabilities) read");
  // observed refused on this host's three builds, whose QEMUs offer no SEV
  if (spec.launchSecurity === 'sev' && !release.sevOffered) defer(deferred, 'other', `${release.wording90 ? 'SEV' : "'sev'"} launch security is not supported with this QEMU binary`, PHASE.launchSecurityValidation);
  const domainCheck = (detail: string): void => defer(deferred, 'other', detail, PHASE.domainValidation);
  if (spec.minGuarantee) domainCheck("Parameter 'min_guarantee' not supported by QEMU.");
  if (spec.arch === 'x86_64' && spec.uefi && !spec.acpi) domainCheck('UEFI requires ACPI on this architecture');
  if (spec.arch === 'aarch64' && spec.acpi && !spec.uefi) domainCheck('ACPI requires UEFI on this architecture');
  if (spec.biosSerial && spec.arch !== 'x86_64') domainCheck('BIOS serial console only supported on x86 architectures');
  else if (spec.biosSerial && (spec.serials ?? []).length === 0 && !spec.serialConsole) domainCheck('need at least one serial port to use BIOS serial output');
  if (spec.smmTseg && facts.family !== 'q35') domainCheck('SMM TSEG is only supported with q35 machine type');
  const lifecycle = lifecycleRefusedByDriver(spec);
  if (lifecycle !== undefined) domainCheck(lifecycle);
  // memory hotplug next, after the CPU checks (qemuDomainDefValidateMemoryHotplug; the same in 9.0's and 11.3's source)
  if (!spec.maxMemory && (spec.memoryDevices ?? []).length > 0) domainCheck("cannot use/hotplug a memory device when domain 'maxMemory' is not defined");
  else if (spec.maxMemory && !(spec.numaCells !== undefined && spec.numaCells > 0) && !release.numaNodeAdded) domainCheck('At least one numa node has to be configured when enabling memory hotplug');
  const timer = timerRefusal(spec, canonical);
  if (timer !== undefined) domainCheck(timer);
  // right after the timers (observed on 9.0, 11.3 and 12.8: a kvmclock timer's refusal first)
  const sleep = spec.acpiSleep;
  if (sleep !== undefined && spec.arch !== 'x86_64') domainCheck(release.acpiSleepRefusedAsOne ? 'setting ACPI S3/S4 not supported' : `setting ACPI ${sleep.s3 ? 'S3' : 'S4'} not supported`);
  // the boot checks come next (qemuValidateDomainDefBoot, the same in 9.0's and 11.3's source; observed on each build)
  const secure = spec.secureBoot;
  if (secure !== undefined && facts.family !== 'q35') domainCheck('Secure boot is supported with q35 machine types only');
  else if (secure !== undefined && !secure.smm && release.firmwareFilledAtDefine) unsupported("secure boot without SMM from a named loader (libvirt turns SMM on when the host's firmware descriptors know the path, which the model does not read)");
  else if (secure !== undefined && !secure.smm) domainCheck('Secure boot requires SMM feature enabled');
  // the vCPU topology next (qemuValidateDomainVCpuTopology; observed on 9.0, 11.3 and 12.8: before a GIC on q35)
  const topology = spec.cpuTopology;
  // past 255 vCPUs the machine's limit and the IOMMU's EIM come in, in an order that changed after 9.0
  if (topology !== undefined && topology.vcpus > 255) unsupported('more than 255 vCPUs beside a CPU topology');
  if (topology !== undefined && topologyCpus(topology, release) !== topology.vcpus) domainCheck("CPU topology doesn't match maximum vcpu count");
  // observed after each check above on 9.0, 11.3 and 12.8 (a GIC on q35)
  const misplaced = featureRefusedAtValidation(spec, facts, canonical, release);
  if (misplaced !== undefined) domainCheck(misplaced);
}

/** Interface types that take `<mtu>` (qemuDomainNetSupportsMTU) and `<coalesce>` (observed refused on direct and user, 9.0 to 12.8). */
const NET_TUNING_TYPES: Record<'mtu' | 'coalesce', ReadonlySet<string>> = {
  mtu: new Set(['network', 'bridge', 'ethernet', 'vhostuser']),
  coalesce: new Set(['network', 'bridge']),
};

/**
 * What libvirt checks while it validates each NIC, NICs in document order: ROM settings off
 * PCI (observed on 9.0, 11.3 and 12.8: a NIC on virtio-mmio, a usb-net NIC; before the same
 * NIC's MTU), a vDPA NIC's model, a vhost-user server socket with reconnect, an MTU or
 * coalescing on a type that has none.
 */
function checkNetValidation(spec: DomainSpec, release: ReleaseFacts, virtioMmio: boolean, deferred: DeferredRejection[]): void {
  for (const n of spec.nets) {
    const offPci = (n.model === 'usb-net' && (release.usbNetPorts || n.usb !== undefined)) || (virtioMmio && n.model.startsWith('virtio') && n.address === undefined);
    if (n.romTuned && offPci) defer(deferred, 'other', 'ROM tuning is only supported for PCI devices');
    // qemuValidateDomainDeviceDefNetwork, before the tuning checks
    if (n.vdpa && n.model !== 'virtio') defer(deferred, 'other', `invalid model for interface of type 'vdpa': '${n.model}'`);
    // observed on 9.0, 11.3 and 12.8 (9.0 words it "'reconnect' attribute unsupported 'server' mode"): after the disks' checks, NICs in document order
    if (n.serverReconnect) defer(deferred, 'other', "'reconnect' attribute is not supported when source mode='server' for <interface type='vhostuser'>");
    if (n.type === undefined) continue;
    // newer releases give a passt backend an MTU (qemuDomainNetSupportsMTU's backend argument): not measured
    if (n.tuning?.includes('mtu') && n.passt) unsupported('an MTU on a passt NIC');
    const takes = (what: 'mtu' | 'coalesce'): boolean => NET_TUNING_TYPES[what].has(n.type!);
    if (n.tuning?.includes('mtu') && !takes('mtu')) defer(deferred, 'other', `setting MTU on interface type ${n.type} is not supported yet`);
    else if (n.tuning?.includes('coalesce') && !takes('coalesce')) defer(deferred, 'other', `coalesce settings on interface type ${n.type} are not supported`);
  }
}

/**
 * The domain's and devices' checks libvirt reports after addressing, each deferred to its
 * phase; a doorbell shared memory's size is refused before the addresses.
 */
function checkDomainAndDevices(spec: DomainSpec, facts: FamilyFacts, canonical: string, release: ReleaseFacts, controllers: ControllerDef[], virtioMmio: boolean, deferred: DeferredRejection[]): void {
  checkDomainFeatures(spec, facts, canonical, release, deferred);
  checkDisks(spec, controllers, release, deferred);
  checkHostdevDrives(spec, controllers, deferred);
  checkFilesystems(spec, release, deferred);
  checkNetValidation(spec, release, virtioMmio, deferred);
  // refused ("controller iothread '3' not defined in iothreadid"), but where among the device checks was not measured
  const iothreads = iothreadIds(spec);
  if (spec.controllers.some((c) => c.iothread !== undefined && !iothreads.has(c.iothread))) unsupported('a controller naming an IOThread the domain lacks');
  refuseDoorbellSize(spec);
  const shared = sharedUserAlias(spec);
  if (shared !== undefined) defer(deferred, 'other', `non unique alias detected: ${shared}`, PHASE.aliasValidation);

  // observed on 9.0, 11.3 and 12.8 (realistic files: an NVDIMM with a UUID, hugepages allocated on demand)
  if ((spec.memoryDevices ?? []).some((m) => m.model === 'nvdimm' && m.uuid)) defer(deferred, 'other', 'UUID is not supported for NVDIMM device');
  // one of the driver's domain checks (qemuValidateDomainDef): observed before a read-only SATA disk, a usb-net NIC's ROM settings and a long VNC password
  if (spec.hugepagesOnDemand) defer(deferred, 'other', 'hugepages are not allowed with memory allocation ondemand', PHASE.domainValidation);
  const vncPassword = spec.longVncPassword === undefined ? 0 : new TextEncoder().encode(spec.longVncPassword).length;
  if (vncPassword > 8) defer(deferred, 'other', `VNC password is ${vncPassword} characters long, only 8 permitted`, PHASE.graphicsValidation);
  // observed on 9.0, 11.3 and 12.8 (qemuValidateDomainChrSourceDef, qemuValidateDomainDeviceDefAudio)
  if (spec.spiceWithoutGraphics === 'audio') defer(deferred, 'other', 'Spice audio is not supported without spice graphics');
  else if (spec.spiceWithoutGraphics) defer(deferred, 'other', `chardev '${spec.spiceWithoutGraphics}' not supported without spice graphics`);
}

/** Builds libvirt's post-parse view of a spec for a machine of the given family; `virtioMmio`: libvirt will put its address-less virtio devices on virtio-mmio (armVirt.ts). */
export function buildDomainDef(spec: DomainSpec, facts: FamilyFacts, canonical: string, release: ReleaseFacts, virtioMmio = false): DomainDef {
  checkAtParse(spec, release);
  if (facts.measuredOnlyBasics) checkBasics(spec, canonical);
  const f = machineFlags(facts.rootModel === 'pcie-root');
  const deferred: DeferredRejection[] = [];
  const controllers = buildControllers(spec, facts, release, deferred);
  const usbEnabled = controllers.some((c) => c.type === 'usb' && c.model !== 'none');
  const usbPresent = controllers.some((c) => c.type === 'usb');
  // the user's USB controller of model none: the parser refuses USB devices of some kinds beside it
  const usbNone = hasUsbModelNone(spec);

  const disks = buildDisks(spec, f, { usbEnabled, usbPresent, usbNone }, deferred);
  addCcidController(spec, controllers, { usbEnabled, usbPresent, usbNone }, deferred);
  // usb-serial ports and USB audio are USB devices too (observed: refused where USB is off)
  if ((spec.serials ?? []).some((s) => s.targetType === 'usb-serial') || spec.sounds.some((s) => s.model === 'usb')) refuseUsbWithoutUsb({ usbEnabled, usbPresent, usbNone }, deferred);
  addDiskControllers(spec, controllers, facts, release, deferred);
  addVirtioSerialControllers(spec, controllers, facts, release);

  checkDomainAndDevices(spec, facts, canonical, release, controllers, virtioMmio, deferred);
  const nets = spec.nets.map((n, i) => withUserAlias({ key: specNetKey(n, i), model: n.model, info: netInfo(n, i, f, release, { usbEnabled, usbPresent, usbNone }, deferred) }, n.alias));
  const sounds = buildSounds(spec, facts, f, deferred);
  const watchdogs = buildWatchdogs(spec, facts, release, f, deferred);
  const rngs = spec.rngs.map((r, i) => ({ key: ordinalKey('rng', i), model: r.model, info: deviceInfo(r.address, virtioVariantFlags(r.model, f), 'rng') }));
  const memballoon = buildMemballoon(spec, facts, f);

  const def: DomainDef = {
    facts,
    release,
    machine: canonical,
    controllers,
    nets,
    sounds,
    disks,
    memballoon,
    rngs,
    watchdogs,
    videos: buildVideos(spec, facts, release, f, deferred),
    inputs: buildInputs(spec, facts, f, { usbEnabled, usbPresent, usbNone }, deferred),
    hostdevs: buildHostdevs(spec, f, { usbEnabled, usbPresent, usbNone }, deferred),
    ...buildHostResourceDevices(spec, release, f),
    pciSerials: buildPciSerials(spec, facts, f),
    iommus: buildIommu(spec, facts, f, deferred),
    panics: buildPanics(spec, facts, release, f, deferred),
    vsocks: spec.vsock === undefined ? [] : [{ key: ordinalKey('vsock', 0), model: spec.vsock.model ?? 'virtio', info: deviceInfo(spec.vsock.address, virtioVariantFlags(spec.vsock.model, f), 'vsock') }],
    filesystems: (spec.filesystems ?? []).map((fs, i) => {
      // a 9p share keeps a virtio-mmio address of its own where the machine has virtio-mmio (armVirt.ts)
      const mmio = fs.address?.type === 'virtio-mmio' && facts.virtioMmio === true;
      return { key: ordinalKey('filesystem', i), model: fs.model ?? 'virtio', info: mmio ? { type: 'virtio-mmio', flags: 0 } : deviceInfo(fs.address, filesystemFlags(fs.model, f), `filesystem ${fs.target}`) };
    }),
    hubs: buildUsbHubs(spec, controllers, { usbEnabled, usbPresent, usbNone }, release, deferred),
    maxPciIndex: Math.max(...controllers.filter((c) => c.type === 'pci').map((c) => c.index)),
    deferred,
  };
  checkOnceBuilt(spec, facts, controllers, deferred);
  return def;
}

/** The checks that need every other refusal known (their place is set against them). */
function checkOnceBuilt(spec: DomainSpec, facts: FamilyFacts, controllers: ControllerDef[], deferred: DeferredRejection[]): void {
  checkSerialTargetModels(spec, facts, deferred);
  // a post-parse refusal: every USB address refusal (deferred so far) is known by now
  refuseConflictingNvmeSerials(spec, controllers, deferred);
  checkNvmeSerials(controllers, deferred);
  const notAllowed = lifecycleActionNotAllowed(spec);
  if (notAllowed !== undefined) defer(deferred, 'other', notAllowed, PHASE.afterDeviceValidation);
  // CIDs 0-2 belong to the hypervisor and host; the vsock is validated after the other
  // devices (observed on 9.0 after an address clash, on 11.3 after an ib700 watchdog on q35)
  if (spec.vsock?.cid !== undefined && spec.vsock.cid < 3) defer(deferred, 'other', 'guest CIDs must be >= 3');
}

/**
 * On virt, libvirt takes an isa-serial target as its PL011 (system-serial) but keeps a model
 * name written for ISA, and refuses the pair while it validates the serial ports (observed
 * on 9.0, 11.3 and 12.8: after a NIC's refusal, after an ISA panic's). Where it falls among
 * the other device checks was not measured: unsupported beside one.
 */
function checkSerialTargetModels(spec: DomainSpec, facts: FamilyFacts, deferred: DeferredRejection[]): void {
  if (facts.family !== 'arm-virt') return;
  if (!(spec.serials ?? []).some((s) => s.targetType === 'isa-serial' && s.modelName === 'isa-serial')) return;
  if (deferred.some((d) => (d.phase ?? PHASE.deviceValidation) === PHASE.deviceValidation)) unsupported("an isa-serial model on virt beside another device's refusal (their order was not measured)");
  defer(deferred, 'other', "Target model 'isa-serial' requires target type 'isa-serial'");
}

/**
 * libvirt's checks of each filesystem while it validates devices (qemuValidateDomainDeviceDefFS;
 * every message observed on 9.0, 11.3 and 12.8 unless a release fact says otherwise). A virtiofs
 * share is placed like a 9p one (observed), and needs the guest's memory shared.
 */
function checkFilesystems(spec: DomainSpec, release: ReleaseFacts, deferred: DeferredRejection[]): void {
  for (const fs of spec.filesystems ?? []) {
    const refuse = (detail: string) => defer(deferred, 'other', detail);
    if (fs.fileModes && fs.accessmode !== 'mapped') refuse('fmode and dmode must be used with accessmode=mapped');
    if (fs.driver !== 'virtiofs') continue;
    if (fs.socket) {
      if ((fs.accessmode !== undefined && fs.accessmode !== 'passthrough') || fs.wrpolicy) unsupported('an externally started virtiofsd with accessmode or wrpolicy (not measured)');
      if (fs.readonly && release.externalVirtiofsReadonlyRefused) refuse('readonly mode cannot be set for externally started virtiofsd');
    } else {
      if (fs.readonly && release.virtiofsReadonlyRefused) refuse('virtiofs does not yet support read-only mode');
      if (fs.accessmode !== undefined && fs.accessmode !== 'passthrough') refuse('virtiofs only supports passthrough accessmode');
      if (fs.wrpolicy) refuse('virtiofs does not support wrpolicy');
    }
    if (fs.model !== undefined) refuse('virtiofs does not support model');
    if (fs.multidevs) refuse('virtiofs does not support multidevs');
    if (fs.fileModes) refuse('virtiofs does not support fmode and dmode');
    if (!spec.sharedMemory) refuse("'virtiofs' requires shared memory");
  }
}

/** The balloon: the user's, else the one libvirt adds where the family has one. */
function buildMemballoon(spec: DomainSpec, facts: FamilyFacts, f: MachineFlags): DeviceDef | undefined {
  if (spec.memballoon === undefined && facts.implicitMemballoon === false) return undefined;
  if (spec.memballoon?.model === 'none') return { key: memballoonKey, model: 'none', info: { type: 'none', flags: 0 } };
  const model = spec.memballoon?.model ?? 'virtio';
  return { key: memballoonKey, model, info: deviceInfo(spec.memballoon?.address, virtioVariantFlags(model, f), 'memballoon') };
}

/**
 * The IOThread ids the domain has: those `<iothreadids>` lists, then the lowest free ones up
 * to the `<iothreads>` count (observed: a count of 1 beside id 5 gives id 5 alone).
 */
function iothreadIds(spec: DomainSpec): Set<number> {
  const ids = new Set(spec.iothreads?.ids ?? []);
  for (let id = 1; ids.size < (spec.iothreads?.count ?? 0); id++) ids.add(id);
  return ids;
}

/** The disks in libvirt's order, each with its address type; the refusals libvirt makes disk by disk deferred. */
function buildDisks(spec: DomainSpec, f: MachineFlags, usb: UsbPresence, deferred: DeferredRejection[]): DomainDef['disks'] {
  return sortDisks(spec.disks).map((d) => {
    if (d.bus === 'usb') refuseUsbWithoutUsb(usb, deferred);
    // observed on 12.8: refused after the address is collected; where among the other refusals was not measured
    if (d.bus === 'nvme' && d.address?.type === 'pci') unsupported(`a PCI address on the NVMe disk ${d.target}`);
    if (d.bus === 'usb' && d.address?.type === 'pci') {
      // observed: its PCI address is still reserved (a clash is reported first), then refused (checkDisks)
      return withUserAlias({ key: diskKey(d.target), model: d.device, bus: d.bus, info: forcedPciInfo(d.address) }, d.alias);
    }
    const info = deviceInfo(d.address, d.bus === 'virtio' ? virtioVariantFlags(d.model, f) : 0, `disk ${d.target}`);
    if (d.bus !== 'virtio') info.type = NON_PCI_ADDRESS[d.bus];
    return withUserAlias({ key: diskKey(d.target), model: d.device, bus: d.bus, info }, d.alias);
  });
}

/** The device with the user's alias when libvirt keeps it (the others it drops at parse). */
function withUserAlias<D extends DeviceDef>(device: D, alias: string | undefined): D {
  return isUserAlias(alias) ? { ...device, alias } : device;
}

/**
 * Panic devices: the ISA port and Hyper-V's MSRs take no PCI address; a pvpanic is a PCI
 * device integrated on the root bus, placed after every other device (observed on pc and q35
 * with libvirt 11.3 and 12.8: after the vsock; on q35 on pcie.0 after the root ports; on virt
 * on pcie.0 after the root ports too), keyed by its position among the panics. A panic
 * without a model takes the release's default for the family; on virt, QEMU has no ISA panic
 * and no Hyper-V, which libvirt refuses while it validates the domain, after the addresses.
 */
function buildPanics(spec: DomainSpec, facts: FamilyFacts, release: ReleaseFacts, f: MachineFlags, deferred: DeferredRejection[]): DeviceDef[] {
  const out: DeviceDef[] = [];
  const virt = facts.family === 'arm-virt';
  (spec.panics ?? []).forEach((p, i) => {
    const model = p.model ?? (virt ? release.virtPanicDefault : 'isa');
    if (model === 'pvpanic') {
      // after a virtio IOMMU, both on the root bus (observed on q35 and virt with 11.3 and 12.8: iommu 00:02.0, pvpanic 00:03.0)
      // one on another bus is refused while addresses are reserved ("needs to be an integrated device", as a virtio IOMMU; observed on virt with 11.3)
      if (p.address !== undefined && p.address.type !== 'pci') unsupported('panic pvpanic with an address other than PCI');
      out.push({ key: ordinalKey('panic', i), model: 'pvpanic', info: deviceInfo(p.address, f.pci | Connect.INTEGRATED, 'panic pvpanic') });
      return;
    }
    if ((model !== 'isa' && model !== 'hyperv') || p.address !== undefined) unsupported(`panic ${model} with this model or address`);
    // observed on virt (9.0, 11.3, 12.8): each refused, the first refused one named
    if (virt && model === 'isa') defer(deferred, 'other', 'the QEMU binary does not support the ISA panic device', PHASE.domainValidation);
    else if (virt) defer(deferred, 'other', "only i686 and x86_64 guests support panic device of model 'hyperv'", PHASE.domainValidation);
    // observed accepted on pc and q35 without any PCI address: the ISA port and Hyper-V's MSRs
  });
  return out;
}

/** The sound devices; a model with no PCI driver on this machine is outside the model. */
function buildSounds(spec: DomainSpec, facts: FamilyFacts, f: MachineFlags, deferred: DeferredRejection[]): DeviceDef[] {
  return spec.sounds.map((s, i) => {
    // an ISA Sound Blaster and the PC speaker take no address on pc and q35 (observed on 9.0, 11.3, 12.8)
    if ((s.model === 'sb16' || s.model === 'pcspk') && s.address === undefined && hasMeasuredIsa(facts)) return { key: ordinalKey('sound', i), model: s.model, info: { type: 'none', flags: 0 } };
    // a USB audio device is a USB device (counted for hubs; refused where USB is off, see buildDomainDef)
    if (s.model === 'usb' && s.address === undefined) return { key: ordinalKey('sound', i), model: s.model, info: { type: 'usb', flags: 0 } };
    // ich7 (a bhyve model) gets no connect flags from the QEMU driver, which still looks for a
    // slot of flags 0 and fails (observed on 9.0, 11.3 and 12.8; known-issues/libvirt-ich7-sound-no-pci-flags)
    if (s.model === 'ich7' && s.address?.type === 'pci') {
      // observed: the address is still reserved (a clash is reported first), then the model is refused while the sound is validated
      defer(deferred, 'other', "sound card model 'ich7' is not supported by qemu");
      return { key: ordinalKey('sound', i), model: s.model, info: forcedPciInfo(s.address) };
    }
    if (s.model === 'ich7' && s.address !== undefined) unsupported(`sound model ich7 with a ${s.address.type} address`);
    if (s.model === 'ich7') return { key: ordinalKey('sound', i), model: s.model, info: { type: 'none', flags: 0 }, waitsForSlot: true };
    if (soundFlags(s.model, f) === 0) unsupported(`sound model ${s.model}`);
    return { key: ordinalKey('sound', i), model: s.model, info: deviceInfo(s.address, soundFlags(s.model, f), 'sound') };
  });
}

/** The user's watchdogs, then the ICH9 TCO watchdog q35 gets when the user gave none (appended, no PCI address). */
function buildWatchdogs(spec: DomainSpec, facts: FamilyFacts, release: ReleaseFacts, f: MachineFlags, deferred: DeferredRejection[]): DeviceDef[] {
  checkWatchdogs(spec, facts, release, deferred);
  const list: DeviceDef[] = spec.watchdogs.map((w, i) => ({ key: ordinalKey('watchdog', i), model: w.model, info: deviceInfo(w.address, watchdogFlags(w.model, f), 'watchdog') }));
  if (facts.family === 'q35' && release.q35ImplicitItco && !spec.watchdogs.some((w) => w.model === 'itco')) {
    list.push({ key: ordinalKey('watchdog', list.length), model: 'itco', info: { type: 'none', flags: 0 } });
  }
  return list;
}

/**
 * The watchdog refusals of the releases that take several (observed on debian-13 and
 * debian-unstable, in this order): a second watchdog of a model other than i6300esb,
 * then actions that differ, then a model the machine lacks.
 */
function checkWatchdogs(spec: DomainSpec, facts: FamilyFacts, release: ReleaseFacts, deferred: DeferredRejection[]): void {
  if (!release.multipleWatchdogs) return;
  const twice = spec.watchdogs.find((w, i) => w.model !== 'i6300esb' && spec.watchdogs.findIndex((o) => o.model === w.model) !== i);
  // the driver's domain checks, before any device's (observed on 11.3: before IDE controller 1)
  if (twice) defer(deferred, 'other', `domain can only have one watchdog with model '${twice.model}'`, PHASE.domainValidation);
  else if (spec.watchdogs.some((w) => (w.action ?? 'reset') !== (spec.watchdogs[0].action ?? 'reset'))) {
    // while the watchdog itself is validated, after the controllers (check --build debian-13, seed 7171: after an IDE controller on q35)
    defer(deferred, 'other', 'watchdogs with different actions are not supported with this QEMU binary');
  }
  const itco = spec.watchdogs.some((w) => w.model === 'itco');
  if (itco && facts.family !== 'q35') defer(deferred, 'other', 'itco model of watchdog is only part of q35 machine');
  if ((facts.family === 'q35' || facts.family === 'arm-virt') && release.ib700RefusedOffPc && spec.watchdogs.some((w) => w.model === 'ib700')) {
    defer(deferred, 'other', 'ib700 model of watchdog cannot be used with this machine type');
  }
}

/** A PCI address on a device that takes none: libvirt still reserves it, as a conventional PCI device (qemuDomainCollectPCIAddress). */
function forcedPciInfo(address: UserAddress & { type: 'pci' }): DeviceInfo {
  const info = infoFromUser(address);
  info.flags = Connect.PCI_DEVICE;
  return info;
}

/** Device info for a device with the given flags; a PCI address on a non-PCI device is outside coverage. */
function deviceInfo(address: UserAddress | undefined, flags: number, what: string): DeviceInfo {
  const info = infoFromUser(address);
  if (info.type !== 'none' && info.type !== 'pci') unsupported(`${info.type} address on ${what}`);
  if (info.type === 'pci' && flags === 0) unsupported(`PCI address on non-PCI ${what}`);
  info.flags = flags;
  return info;
}

/** User controllers in parser order with indexes, then the implicit USB, SATA and PCI root. */
function buildControllers(spec: DomainSpec, facts: FamilyFacts, release: ReleaseFacts, deferred: DeferredRejection[]): ControllerDef[] {
  const f = machineFlags(facts.rootModel === 'pcie-root');
  const list: ControllerDef[] = [];
  for (const c of spec.controllers) {
    if (c.address?.type === 'virtio-mmio') unsupported('virtio-mmio address on a controller');
    insertController(list, controllerFromSpec(c));
  }
  if (spec.controllers.some((c) => c.type === 'usb' && c.index === undefined && c.model !== undefined && ICH9_USB_MODELS.has(c.model))) {
    assignIch9UsbIndexes(list, spec);
  }
  // indexes are filled in after the whole list is parsed, in list order
  for (const c of list) {
    if (c.index !== -1) continue;
    // an index-less ICH9 USB controller was seen to join the index of its set, not the lowest free one
    if (c.type === 'usb' && c.model !== undefined && ICH9_USB_MODELS.has(c.model)) unsupported(`${c.model} without an index`);
    c.index = unusedControllerIndex(list, c.type);
  }

  // libvirt checks the model of the first PCI controller at index 0 only; a second one is a duplicate index (an unseen generator's virt file: pcie-root, then pci-root)
  const firstPciRoot = list.find((c) => c.type === 'pci' && c.index === 0);
  for (const c of list) {
    if (c.type === 'usb' && c.model === undefined) c.model = facts.unnamedUsbModel ?? facts.defaultUsbModel;
    if (c.type === 'scsi' && c.model === undefined) c.model = scsiModelFor(list, facts, release);
    if (c.type === 'pci') checkPciController(c, c === firstPciRoot, facts, deferred);
    if (c.type === 'pci' && facts.refusesPci) defer(deferred, 'other', 'this machine type does not support PCI', PHASE.controllerValidation);
    if (c.type === 'ide' && !facts.hasIde) defer(deferred, 'unsupported-by-machine', 'IDE controllers are unsupported for this QEMU binary or machine type');
    // observed: an explicit second IDE controller is refused by controller validation, with
    // another message than the one a disk on IDE controller 1 gets (while drive addresses are assigned, above)
    if (c.type === 'ide' && c.index > 0) defer(deferred, 'other', 'Only a single IDE controller is supported for this machine type', PHASE.controllerValidation);
  }
  // observed: reported after every wrong-root refusal, in libvirt's order: parse, the devices' post-parse, the domain's
  checkAtDevicePostParse(spec);
  for (const c of list) if (c.type === 'usb') checkXhciPortCount(c);
  checkBeforeMachineLookup(spec);
  checkExpanderBuses(list, spec, facts);
  // a root that got its index from the parser (none given): not measured
  for (const c of list) if (c.type === 'pci' && c.index > 0 && (c.model === 'pci-root' || c.model === 'pcie-root')) unsupported(`${c.model} at index ${c.index}`);

  // a host SCSI device's controllers come while devices are post-parsed, before the default USB
  // controller (observed on q35 with 9.0, 11.3 and 12.8: an added lsilogic is placed before it)
  addHostdevScsiControllers(spec, list, facts, release);
  // controllers libvirt adds itself are appended, not sorted in
  if (facts.implicitUsb !== false && !list.some((c) => c.type === 'usb' && c.index === 0)) addImplicitController(list, implicitController('usb', 0, facts.defaultUsbModel), release);
  if (facts.implicitSata && !list.some((c) => c.type === 'sata' && c.index === 0)) addImplicitController(list, implicitController('sata', 0), release);
  if (facts.implicitPciRoot !== false && !list.some((c) => c.type === 'pci' && c.index === 0)) addImplicitController(list, implicitController('pci', 0, facts.rootModel), release);

  for (const c of list) c.info.flags = controllerFlags(c.type, c.model, f);
  return list;
}

/** Ground not measured on a family covered only in its basics: IDE, SATA, a default video, PCI controllers other than pci-root. */
function checkBasics(spec: DomainSpec, what: string): void {
  if (spec.disks.some((d) => d.bus === 'ide' || d.bus === 'sata') || spec.controllers.some((c) => c.type === 'ide' || c.type === 'sata')) unsupported(`IDE/SATA on ${what}`);
  if (spec.graphics && spec.videos.length === 0) unsupported(`the default video on ${what}`);
  if (spec.controllers.some((c) => c.type === 'pci' && c.model !== 'pci-root')) unsupported(`PCI controllers other than pci-root on ${what}`);
}

/** Lowest bus number an expander bus may take by default is this minus 2 (observed: 254, then 2 below the lowest one in use). */
const FIRST_BUS_NR = 256;

/**
 * Expander buses (observed, all before any address is assigned): each kind on its own
 * chipset (pci- on i440fx, pcie- on q35 and on virt, where it places as on q35: observed on
 * 9.0, 11.3 and 12.8), a NUMA node the domain has, and the bus number
 * libvirt picks when none is given: 2 below the lowest one taken, in controller order.
 */
function checkExpanderBuses(list: ControllerDef[], spec: DomainSpec, facts: FamilyFacts): void {
  const expanders = list.filter((c) => c.type === 'pci' && (c.model === 'pci-expander-bus' || c.model === 'pcie-expander-bus'));
  for (const c of expanders) {
    if (c.model === 'pci-expander-bus' && facts.family !== 'i440fx') {
      if (facts.family !== 'q35') unsupported(`pci-expander-bus on ${facts.family}`);
      reject('other', 'pci-expander-bus controllers are only supported on 440fx-based machinetypes');
    }
    if (c.model === 'pcie-expander-bus' && facts.family !== 'q35' && facts.family !== 'arm-virt') {
      if (facts.family !== 'i440fx') unsupported(`pcie-expander-bus on ${facts.family}`);
      reject('other', 'pcie-expander-bus controllers are not supported with this machine type');
    }
    const node = c.target?.node;
    if (node !== undefined && node >= (spec.numaCells ?? 0)) {
      reject('other', `${c.model} with index ${c.index} is configured for a NUMA node (${node}) not present in the domain's <cpu><numa> array (${spec.numaCells ?? 0})`);
    }
  }
  for (const c of expanders) {
    if (c.target?.busNr !== undefined) continue;
    const lowest = Math.min(FIRST_BUS_NR, ...expanders.map((e) => e.target?.busNr ?? FIRST_BUS_NR));
    if (lowest <= 2) unsupported('no bus number left for an expander bus');
    (c.target ??= {}).busNr = lowest - 2;
  }
}

/** <target> options each PCI controller model takes (the rest are refused at validation, observed). */
const TARGET_OPTIONS: Partial<Record<string, ReadonlyArray<'chassis' | 'port' | 'busNr' | 'chassisNr' | 'hotplug' | 'node'>>> = {
  'pci-root': ['hotplug'],
  'pci-bridge': ['chassisNr'],
  'pcie-root-port': ['chassis', 'port', 'hotplug'],
  'pcie-switch-downstream-port': ['chassis', 'port', 'hotplug'],
  'pci-expander-bus': ['busNr', 'node'],
  'pcie-expander-bus': ['busNr', 'node'],
};

/** Checks libvirt makes on a PCI controller before addressing; unknown ground is unsupported. */
function checkPciController(c: ControllerDef, isFirstAtIndex0: boolean, facts: FamilyFacts, deferred: DeferredRejection[]): void {
  if (c.model === undefined || !isPciControllerModel(c.model)) unsupported(`PCI controller without a known model (${c.model ?? 'none'})`);
  if (isFirstAtIndex0 && c.model !== facts.rootModel) {
    reject('wrong-controller', `The PCI controller with index='0' must be model='${facts.rootModel}' for this machine type, but model='${c.model}' was found instead`);
  }
  if ((c.model === 'pci-root' || c.model === 'pcie-root') && c.info.type !== 'none') {
    // only the all-zero PCI address was observed; another one is first reserved by the address set
    if (c.info.type !== 'pci' || c.info.pci!.bus !== 0 || c.info.pci!.slot !== 0 || c.info.pci!.function !== 0) unsupported(`an address on ${c.model} other than 0000:00:00.0`);
    defer(deferred, 'other', 'pci-root and pcie-root controllers should not have an address', PHASE.controllerValidation);
  }
  const allowed = TARGET_OPTIONS[c.model] ?? [];
  const given = { ...c.target, hotplug: c.hotplug };
  for (const option of ['chassis', 'port', 'busNr', 'chassisNr', 'hotplug', 'node'] as const) {
    if (given[option] !== undefined && !allowed.includes(option)) {
      defer(deferred, 'other', `Option '${option === 'node' ? 'numaNode' : option}' is not valid for PCI controller with index '${c.index}', model '${c.model}'`, PHASE.controllerValidation);
      break;
    }
  }
  const chassisNr = c.target?.chassisNr;
  if (chassisNr !== undefined && allowed.includes('chassisNr') && (chassisNr < 1 || chassisNr > 255)) {
    defer(deferred, 'other', `PCI controller chassisNr '${chassisNr}' out of range - must be 1-255`, PHASE.controllerValidation);
  }
  // observed on 9.0, 11.3 and 12.8 (a second unseen generator's files): chassis before port
  for (const option of ['chassis', 'port'] as const) {
    const value = c.target?.[option];
    if (value !== undefined && allowed.includes(option) && value > 255) defer(deferred, 'other', `PCI controller ${option} '${value}' out of range - must be 0-255`, PHASE.controllerValidation);
  }
  // observed on 9.0, 11.3 and 12.8 (an unseen generator's busNr 0 on a pcie-expander-bus)
  const busNr = c.target?.busNr;
  if (busNr !== undefined && allowed.includes('busNr') && (busNr < 1 || busNr > 254)) defer(deferred, 'other', `PCI controller busNr '${busNr}' out of range - must be 1-254`, PHASE.controllerValidation);
  // observed: a pcie-root-port may be QEMU's ioh3420 instead, placed the same way
  const name = c.modelName;
  if (name !== undefined && name !== PCI_CONTROLLER_FACTS[c.model].modelName && !(c.model === 'pcie-root-port' && name === 'ioh3420')) unsupported(`${c.model} with model name ${name}`);
}

function implicitController(type: ControllerType, index: number, model?: ControllerModel): ControllerDef {
  return { type, index, model, companion: false, implicit: true, info: { type: 'none', flags: 0 } };
}

/**
 * The model libvirt gives a SCSI controller that names none: the family default, or (where
 * the release says so) that of the first of the user's SCSI controllers with a model. An
 * unnamed user controller already carries the model this gave it, which is the same one.
 */
function scsiModelFor(list: ControllerDef[], facts: FamilyFacts, release: ReleaseFacts): ControllerModel {
  const fallback = release.defaultScsiModel[facts.family] ?? facts.defaultScsiModel;
  // a release's own default for the family wins over the named controllers (observed on virt with 12.8: virtio-scsi beside an lsilogic)
  if (!release.scsiModelFromFirstNamed || release.defaultScsiModel[facts.family] !== undefined) return fallback;
  const named = list.filter((c) => c.type === 'scsi' && !c.implicit && c.model !== undefined);
  const byIndex = [...named].sort((a, b) => a.index - b.index);
  // list order is index order unless an index-less controller got a lower index than one before it
  if (named[0] !== byIndex[0]) unsupported('SCSI controllers out of index order with a model to inherit');
  return named[0]?.model ?? fallback;
}

/**
 * The controller of a user's SCSI or SATA drive address, within the ground measured (SATA:
 * units 0-5; SCSI: any bus, target and unit, which pick a LUN on the controller and move
 * nothing on PCI).
 */
function driveController(drive: DriveAddress, bus: 'scsi' | 'sata', target: string): number {
  const lastUnit = DRIVE_UNITS_PER_CONTROLLER.sata - 1;
  // a bus or target other than 0 is refused (driveAddressRefusal); a unit past the AHCI ports is defined, and how QEMU takes it was not measured
  if (bus === 'sata' && drive.bus === 0 && drive.target === 0 && drive.unit > lastUnit) unsupported(`disk ${target}: drive address past unit ${lastUnit}`);
  return drive.controller;
}

type DriveAddress = NonNullable<DomainSpec['disks'][number]['drive']>;

/** A disk's drive address: the user's, else the one its name gives (nvme<C>n<N> for NVMe); undefined on a bus without drive addresses. */
function diskDrive(d: DomainSpec['disks'][number]): DriveAddress | undefined {
  if (d.drive !== undefined) return d.drive;
  if (d.bus === 'nvme') return nvmeNameToDrive(d.target);
  if (d.bus !== 'scsi' && d.bus !== 'sata' && d.bus !== 'ide' && d.bus !== 'fdc') return undefined;
  const idx = diskNameToIndex(d.target) ?? unsupported(`disk target name ${d.target}`);
  const units = DRIVE_UNITS_PER_CONTROLLER[d.bus];
  return { controller: Math.floor(idx / units), bus: 0, target: 0, unit: idx % units };
}

/**
 * Two disks with one target name (a copy-paste slip): refused once the devices are validated,
 * just before duplicate drive addresses, the first pair in libvirt's order named with both
 * sources (observed on 9.0, 11.3 and 12.8: "target 'sda' duplicated for disk sources
 * '/…/a.qcow2' and '<null>'" for a SATA disk and an empty SCSI cdrom).
 */
function checkDuplicateDiskTargets(spec: DomainSpec, deferred: DeferredRejection[]): void {
  const disks = sortDisks(spec.disks);
  for (const [i, a] of disks.entries()) {
    const b = disks.slice(i + 1).find((o) => o.target === a.target);
    if (b === undefined) continue;
    defer(deferred, 'other', `target '${a.target}' duplicated for disk sources '${a.sourcePath ?? '<null>'}' and '${b.sourcePath ?? '<null>'}'`, PHASE.afterDeviceValidation);
    return;
  }
}

/**
 * Domain validation compares the drive addresses of every pair of disks on one bus, disks in
 * libvirt's order, and names the first disk of the first pair (observed on 9.0, 11.3 and
 * 12.8: after the devices' checks; the disk named is the earlier one, sda before sdb).
 */
function checkDuplicateDriveAddresses(spec: DomainSpec, deferred: DeferredRejection[]): void {
  const drives = sortDisks(spec.disks).flatMap((d) => (d.bus === 'scsi' || d.bus === 'sata' || d.bus === 'nvme' ? [{ d, drive: diskDrive(d) }] : []));
  const same = (a: DriveAddress, b: DriveAddress): boolean => a.controller === b.controller && a.bus === b.bus && a.target === b.target && a.unit === b.unit;
  for (const [i, { d, drive }] of drives.entries()) {
    if (drive === undefined || !drives.slice(i + 1).some((o) => o.d.bus === d.bus && o.drive !== undefined && same(o.drive, drive))) continue;
    defer(deferred, 'other', `Found duplicate drive address for disk with target name '${d.target}' controller='${drive.controller}' bus='${drive.bus}' target='${drive.target}' unit='${drive.unit}'`, PHASE.afterDeviceValidation);
    return;
  }
}

/**
 * Adds the SCSI controllers host SCSI devices imply: every index up to the highest named,
 * before the default USB controller and the disks' (observed on pc and q35 with 9.0, 11.3 and 12.8). They take the model of the
 * user's controller under the host device that last raised that index, if it has one; else
 * the model a disk's would (a declared lsisas1078 at index 2 under one gives 0 and 1 that
 * model on 9.0 too, and so to the index a disk names below it).
 */
function addHostdevScsiControllers(spec: DomainSpec, list: ControllerDef[], facts: FamilyFacts, release: ReleaseFacts): void {
  let highest = -1;
  let model: ControllerModel | undefined;
  for (const drive of hostdevDrives(spec)) {
    if (drive.controller <= highest) continue;
    highest = drive.controller;
    model = spec.controllers.find((c) => c.type === 'scsi' && c.index === highest)?.model ?? model;
  }
  for (let i = 0; i <= highest; i++) {
    if (list.some((c) => c.type === 'scsi' && c.index === i)) continue;
    const m = model ?? scsiModelFor(list, facts, release);
    const c = implicitController('scsi', i, m);
    c.info.flags = controllerFlags('scsi', m, machineFlags(facts.rootModel === 'pcie-root'));
    addImplicitController(list, c, release);
  }
}

/** Units of a narrow SCSI bus a device may take (the controller holds the eighth). */
const SCSI_UNITS = 7;

/**
 * The drive address of each host SCSI device, in document order: the user's, or the first
 * unit of SCSI controller 0 no disk (by its name's address), no addressed host device and no
 * earlier unaddressed one takes (observed on 9.0 and 12.8: unit 0 on an added controller 0 beside a declared controller 1,
 * unit 1 after a disk sda). Past the units of one narrow bus: not measured.
 */
function hostdevDrives(spec: DomainSpec): Array<{ controller: number; bus: number; target: number; unit: number }> {
  const taken = new Set<number>();
  for (const d of spec.disks) {
    if (d.bus !== 'scsi') continue;
    const idx = diskNameToIndex(d.target);
    const drive = d.drive ?? (idx === undefined ? undefined : { controller: Math.floor(idx / DRIVE_UNITS_PER_CONTROLLER.scsi), bus: 0, target: 0, unit: idx % DRIVE_UNITS_PER_CONTROLLER.scsi });
    if (drive?.controller === 0 && drive.bus === 0 && drive.target === 0) taken.add(drive.unit);
  }
  const scsi = (spec.hostdevs ?? []).flatMap((h) => (h.subsystem === 'scsi' ? [h] : []));
  for (const h of scsi) if (h.drive?.controller === 0 && h.drive.bus === 0 && h.drive.target === 0) taken.add(h.drive.unit);
  return scsi.map((h) => {
    if (h.drive !== undefined) return h.drive;
    let unit = 0;
    while (taken.has(unit)) unit++;
    if (unit >= SCSI_UNITS) unsupported('a host SCSI device without an address past the units of SCSI controller 0');
    taken.add(unit);
    return { controller: 0, bus: 0, target: 0, unit };
  });
}

/** Adds the controllers disks imply (virDomainDefAddDiskControllersForType): every index up to the highest used. */
function addDiskControllers(spec: DomainSpec, list: ControllerDef[], facts: FamilyFacts, release: ReleaseFacts, deferred: DeferredRejection[]): void {
  addNvmeControllers(spec, list, facts, release);
  checkDuplicateDiskTargets(spec, deferred);
  checkDuplicateDriveAddresses(spec, deferred);
  for (const bus of ['scsi', 'ide', 'sata', 'fdc'] as const) {
    let highest = -1;
    for (const d of spec.disks) {
      if (d.bus !== bus) continue;
      // a drive address of the user's names the controller (observed: all below it are added too)
      const drive = diskDrive(d) ?? unsupported(`disk target name ${d.target}`);
      highest = Math.max(highest, bus === 'ide' || bus === 'fdc' ? drive.controller : driveController(drive, bus, d.target));
    }
    // a second floppy controller (past fdb), and floppies where the machine has no floppy controller, are not measured
    if (bus === 'fdc' && highest > 0) unsupported('more than two floppy drives');
    if (bus === 'fdc' && highest >= 0 && !hasMeasuredIsa(facts)) unsupported(`floppy drives on ${facts.family}`);
    if (highest >= 0 && bus === 'ide' && !facts.hasIde) {
      defer(deferred, 'unsupported-by-machine', 'IDE controllers are unsupported for this QEMU binary or machine type');
    }
    for (let i = 0; i <= highest; i++) {
      if (list.some((c) => c.type === bus && c.index === i)) continue;
      // 12.8 on virt gives a disk's added controller its default, virtio-scsi, beside a named lsilogic one too (scsiModelFor)
      const model = bus === 'scsi' ? scsiModelFor(list, facts, release) : undefined;
      const c = implicitController(bus, i, model);
      c.info.flags = controllerFlags(bus, model, machineFlags(facts.rootModel === 'pcie-root'));
      addImplicitController(list, c, release);
    }
  }
}

/**
 * The NVMe controllers libvirt 12.8 adds for NVMe disks: every index up to the highest a
 * disk names (observed: a disk on controller 1 adds controller 0 beside a declared 1). The
 * drive address is the name's (nvme<C>n<N>: controller C, unit N-1) or the user's; two disks
 * on one are refused after the devices are validated (checkDuplicateDriveAddresses).
 */
function addNvmeControllers(spec: DomainSpec, list: ControllerDef[], facts: FamilyFacts, release: ReleaseFacts): void {
  let highest = -1;
  for (const d of spec.disks) {
    if (d.bus !== 'nvme') continue;
    const drive = diskDrive(d) ?? unsupported(`NVMe disk name ${d.target}`);
    highest = Math.max(highest, drive.controller);
  }
  for (let i = 0; i <= highest; i++) {
    if (list.some((c) => c.type === 'nvme' && c.index === i)) continue;
    const c = implicitController('nvme', i);
    c.info.flags = controllerFlags('nvme', undefined, machineFlags(facts.rootModel === 'pcie-root'));
    addImplicitController(list, c, release);
  }
}

/**
 * An NVMe disk's serial must be its controller's (observed on 12.8: "Conflicting NVME disk
 * serial number"), refused while the definition is completed: before UEFI without ACPI. A
 * controller without one, the user's or one libvirt adds, takes the first serial a disk on it
 * gives (observed on 12.8: accepted, a later disk with another serial refused, one without
 * taken; an unseen generator's file was a mismatch before). Where against the USB addresses
 * was not measured.
 */
function refuseConflictingNvmeSerials(spec: DomainSpec, list: ControllerDef[], deferred: DeferredRejection[]): void {
  for (const d of spec.disks) {
    if (d.bus !== 'nvme' || d.serial === undefined) continue;
    const controller = diskDrive(d)?.controller;
    const c = list.find((x) => x.type === 'nvme' && x.index === controller);
    if (c !== undefined && c.serial === undefined) c.serial = d.serial;
    if (c?.serial === d.serial) continue;
    if (deferred.some((x) => (x.phase ?? PHASE.deviceValidation) < PHASE.domainValidation)) unsupported('a conflicting NVMe disk serial beside a USB address refusal');
    reject('other', 'Conflicting NVME disk serial number, all disks on a controller must have the same serial number as the controller itself');
  }
}

/**
 * An NVMe controller without `<serial>`, an added one included, is refused while the
 * controller is validated (observed on 12.8: after two iTCO watchdogs and a USB port beyond
 * its controller, before duplicate SATA drive addresses; against the other device checks it
 * follows the devices' order, which the phases do not hold: unsupported beside one of them).
 */
function checkNvmeSerials(controllers: ControllerDef[], deferred: DeferredRejection[]): void {
  if (!controllers.some((c) => c.type === 'nvme' && !c.serial)) return;
  const between = (d: DeferredRejection): boolean => (d.phase ?? PHASE.deviceValidation) >= PHASE.driveAndUsbAddresses && (d.phase ?? PHASE.deviceValidation) <= PHASE.deviceValidation;
  if (deferred.some(between)) unsupported('an NVMe controller without a serial beside another device refusal (their order follows the devices, not measured here)');
  defer(deferred, 'other', 'Missing mandatory serial for NVMe controller', PHASE.controllerValidation);
}

/** Ports of a virtio-serial controller without `ports=` (QEMU's and libvirt's default). */
const VIRTIO_SERIAL_PORTS = 31;

/** How many ports virtio-serial controller `index` has: its `ports=`, else the default. */
const virtioSerialPortCount = (spec: DomainSpec, index: number): number =>
  spec.controllers.find((c) => c.type === 'virtio-serial' && c.index === index)?.ports ?? VIRTIO_SERIAL_PORTS;

/**
 * Adds the virtio-serial controllers virtio ports name and the domain lacks, appended after
 * the disk controllers: channels' first, then consoles' (observed order of their PCI slots).
 */
function addVirtioSerialControllers(spec: DomainSpec, list: ControllerDef[], facts: FamilyFacts, release: ReleaseFacts): void {
  const ports = spec.virtioPorts ?? [];
  for (const kind of ['channel', 'console'] as const) {
    for (const p of ports) {
      if (p.kind !== kind) continue;
      // observed: a console's virtio-serial address does not add the controller it names
      if (kind === 'console' && p.controller !== undefined) unsupported('virtio console with a virtio-serial address');
      const index = p.controller ?? 0;
      // virtio-serial ports are assigned before any PCI address (an independent generator's channel at port 31)
      const portCount = virtioSerialPortCount(spec, index);
      if (p.port !== undefined && p.port >= portCount) reject('other', `virtio serial controller ${index} does not have port ${p.port}`);
      if (list.some((c) => c.type === 'virtio-serial' && c.index === index)) continue;
      const c = implicitController('virtio-serial', index);
      c.info.flags = controllerFlags('virtio-serial', undefined, machineFlags(facts.rootModel === 'pcie-root'));
      addImplicitController(list, c, release);
    }
  }
  checkVirtioSerialRoom(spec, list);
}

/**
 * Every virtio port without a port number must find a free one: consoles first (from port 0),
 * then channels (from port 1, port 0 being a console's), each on the first controller with
 * room, explicit ports reserved before. Where none has room libvirt adds another controller
 * (seen once on 9.0, an independent generator's file with ports='2'): not measured further.
 */
function checkVirtioSerialRoom(spec: DomainSpec, list: ControllerDef[]): void {
  const ports = spec.virtioPorts ?? [];
  const controllers = list.filter((c) => c.type === 'virtio-serial').map((c) => ({
    index: c.index,
    size: virtioSerialPortCount(spec, c.index),
    used: new Set(ports.filter((p) => (p.controller ?? 0) === c.index && p.port !== undefined).map((p) => p.port)),
  }));
  for (const kind of ['console', 'channel'] as const) {
    for (const p of ports) {
      if (p.kind !== kind || p.port !== undefined) continue;
      const start = kind === 'console' ? 0 : 1;
      const candidates = p.controller === undefined ? controllers : controllers.filter((c) => c.index === p.controller);
      const room = candidates.map((c) => ({ c, port: firstFree(c.used, start, c.size) })).find((r) => r.port !== undefined);
      if (room === undefined) unsupported('a virtio port beyond the free ports of the virtio-serial controllers (libvirt adds a controller)');
      room.c.used.add(room.port);
    }
  }
}

/** The lowest port from `start` below `size` not in `used`. */
function firstFree(used: ReadonlySet<number | undefined>, start: number, size: number): number | undefined {
  for (let port = start; port < size; port++) if (!used.has(port)) return port;
  return undefined;
}

/**
 * Indexes of index-less USB controllers when some are ICH9 ones (observed with libvirt's
 * autoindex.xml): in document order, an ICH9 controller joins the index of the USB
 * controller just before it when that one is ICH9 too and its set lacks this model;
 * anything else takes the lowest free index. Only measured with no USB index given at all.
 */
function assignIch9UsbIndexes(list: ControllerDef[], spec: DomainSpec): void {
  if (spec.controllers.some((c) => c.type === 'usb' && c.index !== undefined)) unsupported('index-less ICH9 USB controllers next to indexed USB controllers');
  // index-less controllers keep their document order in the list (each goes after the last of its type)
  const usb = list.filter((c) => c.type === 'usb');
  const ich9 = (c: ControllerDef | undefined) => c?.model !== undefined && ICH9_USB_MODELS.has(c.model);
  usb.forEach((c, i) => {
    const prev = usb[i - 1];
    const joins = ich9(c) && ich9(prev) && !usb.some((o) => o !== c && o.index === prev.index && o.model === c.model);
    c.index = joins ? prev.index : unusedControllerIndex(list, 'usb');
  });
}

/** Video models libvirt accepts only as the primary video (observed on pc and q35). */
const PRIMARY_ONLY_VIDEO = new Set(['vga', 'cirrus', 'vmvga', 'bochs', 'ramfb']);

/** Videos in libvirt's order (primary first, a default one for graphics) with its checks. */
function buildVideos(spec: DomainSpec, facts: FamilyFacts, release: ReleaseFacts, f: MachineFlags, deferred: DeferredRejection[]): DeviceDef[] {
  const specs = [...spec.videos];
  // a domain-wide check after the devices', the aliases and the IOMMU (virDomainDefValidateInternal; observed on 9.0: after a 'none' video beside another, an smmuv3 IOMMU off virt)
  if (specs.filter((v) => v.primary).length > 1) defer(deferred, 'other', 'Only one primary video device is supported', PHASE.aliasValidation);
  const primary = specs.findIndex((v) => v.primary);
  if (primary > 0) specs.unshift(...specs.splice(primary, 1));
  if (specs.length === 0 && spec.graphics) specs.push({ model: facts.defaultVideoModel });
  if (specs.some((v) => v.model === 'none') && specs.length > 1) {
    defer(deferred, 'other', "a 'none' video type must be the only video device defined for the domain");
  }
  // checked against QEMU's offers at validation, after the drive addresses (observed: an
  // IDE disk beyond the one controller is reported first)
  for (const v of specs) {
    if (!videoOffered(release, facts.refusedVideoModels, v.model)) defer(deferred, 'other', `domain configuration does not support video model '${v.model}'`, PHASE.offeredVideoModels);
  }
  return specs.map((v, i) => {
    if (i > 0 && PRIMARY_ONLY_VIDEO.has(v.model)) {
      defer(deferred, 'other', `video type '${v.model}' is only valid as primary video device`);
    }
    if (v.model === 'ramfb' && v.address?.type === 'pci') {
      // observed: the address is reserved, then refused after the drive/USB addresses and before any device check
      defer(deferred, 'other', 'address not supported for video type ramfb', PHASE.beforeDeviceValidation);
      return { key: ordinalKey('video', i), model: v.model, info: forcedPciInfo(v.address) };
    }
    return { key: ordinalKey('video', i), model: v.model, info: deviceInfo(v.address, videoFlags(v.model, f), 'video') };
  });
}

/** Inputs in output order: the user's, then the implicit ps2 mouse and keyboard where the machine has ps2. */
function buildInputs(spec: DomainSpec, facts: FamilyFacts, f: MachineFlags, usb: UsbPresence, deferred: DeferredRejection[]): Array<DeviceDef & { bus: string }> {
  const all: Array<{ type: string; bus: string; address?: UserAddress; model?: string }> = [...spec.inputs];
  for (const i of all) {
    if (i.bus === 'ps2' && i.type === 'tablet') defer(deferred, 'other', 'ps2 bus does not support tablet input device');
    // observed on 9.0, 11.3 and 12.8 for a keyboard and a tablet (KubeVirt writes one); a passthrough input's variant is not read
    if (i.model !== undefined) defer(deferred, 'other', `virtio (non-)transitional models are not supported for input type=${i.type}`);
    // beside a USB controller of model none the parser refuses it (checkAtParse); with no USB
    // controller at all (virt) it is refused later, as any USB device (an independent generator's aarch64 files)
    if (i.bus === 'usb' && !usb.usbNone) refuseUsbWithoutUsb(usb, deferred);
  }
  if (facts.ps2 === false) {
    if (all.some((i) => i.bus === 'ps2')) defer(deferred, 'other', 'ps2 is not supported by this QEMU binary', PHASE.machineInputBuses);
  } else {
    if (!all.some((i) => i.type === 'mouse' && i.bus === 'ps2')) all.push({ type: 'mouse', bus: 'ps2' });
    if (!all.some((i) => i.type === 'keyboard' && i.bus === 'ps2')) all.push({ type: 'keyboard', bus: 'ps2' });
  }
  const perBus = new Map<string, number>();
  return all.map((i) => {
    const n = perBus.get(i.bus) ?? 0;
    perBus.set(i.bus, n + 1);
    const info = deviceInfo(i.address, i.bus === 'virtio' ? f.virtio : 0, `${i.bus} input`);
    if (i.bus === 'usb') info.type = 'usb';
    return { key: inputKey(i.bus, n), model: i.type, bus: i.bus, info };
  });
}

/** PCI host devices in document order; the same host device twice is refused after every device check (observed). */
function buildHostdevs(spec: DomainSpec, f: MachineFlags, usb: UsbPresence, deferred: DeferredRejection[]): DeviceDef[] {
  const hostdevs = spec.hostdevs ?? [];
  // one host device given twice (USB ones are refused elsewhere); each kind has its own identity
  const sources = [...(spec.hostdevNets ?? []), ...hostdevs].flatMap((h) => ('subsystem' in h && h.subsystem === 'usb' ? [] : [`${('subsystem' in h && h.subsystem) || 'pci'} ${JSON.stringify(h.source)}`]));
  if (sources.some((s, i) => sources.indexOf(s) !== i)) defer(deferred, 'other', 'Hostdev already exists in the domain configuration', PHASE.afterDeviceValidation);
  return hostdevs.map((h, i) => {
    const key = ordinalKey('hostdev', i);
    if (h.subsystem === 'usb') {
      // the parser refuses one beside a USB controller of model none (observed on 9.0, 11.3, 12.8)
      if (usb.usbNone) reject('other', "Can't add host USB device: USB is disabled in this host");
      refuseUsbWithoutUsb(usb, deferred);
      return { key, model: 'usb', info: { type: 'usb', flags: 0 } };
    }
    if (h.subsystem === 'scsi') return { key, model: 'scsi', info: { type: 'drive', flags: 0 } };
    // libvirt's test input hostdev-scsi-vhost-scsi-pci-boot-fail (observed refused on 9.0 and 11.3); an mdev takes no boot order either
    if (h.subsystem === 'scsi_host' && h.boot) defer(deferred, 'other', 'booting from assigned devices is not supported by vhost SCSI devices');
    if (h.subsystem === 'mdev' && h.boot) defer(deferred, 'other', 'booting from assigned devices is only supported for PCI, USB and SCSI devices');
    // an mdev has no sysfs entry to probe: libvirt takes it for PCI Express; vhost-scsi is a virtio device
    if (h.subsystem === 'mdev') return { key, model: 'mdev', info: deviceInfo(h.address, f.pcie, 'hostdev mdev') };
    if (h.subsystem === 'scsi_host') return { key, model: 'scsi_host', info: deviceInfo(h.address, virtioVariantFlags(h.model, f), 'hostdev scsi_host') };
    // an unassigned host device stays without a guest address (observed on 9.0, 11.3, 12.8)
    return { key, model: 'pci', info: h.unassigned ? { type: 'unassigned', flags: 0 } : deviceInfo(h.address, hostdevFlags(f), 'hostdev') };
  });
}

/** A doorbell shared memory with a size: refused before any address is checked (an independent generator's files, 9.0 and 12.8). */
function refuseDoorbellSize(spec: DomainSpec): void {
  if ((spec.shmems ?? []).some((m) => m.model === 'ivshmem-doorbell' && m.size)) reject('other', "shmem model 'ivshmem-doorbell' does not support size setting");
}

/** Memory, shared memory, crypto and pstore devices, SR-IOV interfaces and smartcards (devices users' files carry). */
function buildHostResourceDevices(spec: DomainSpec, release: ReleaseFacts, f: MachineFlags): Pick<DomainDef, 'memoryDevices' | 'platformDevices' | 'shmems' | 'hostdevNets' | 'smartcards'> {
  return {
    memoryDevices: (spec.memoryDevices ?? []).map((m, i) => {
      const virtio = m.model === 'virtio-mem' || m.model === 'virtio-pmem';
      return { key: ordinalKey('memory', i), model: m.model, info: virtio ? deviceInfo(m.address, f.virtio, `memory ${m.model}`) : { type: 'dimm', flags: 0 } };
    }),
    platformDevices: buildPlatformDevices(spec, release, f),
    shmems: (spec.shmems ?? []).map((m, i) => ({ key: ordinalKey('shmem', i), model: m.model, info: deviceInfo(m.address, f.pci, `shmem ${m.model}`) })),
    hostdevNets: (spec.hostdevNets ?? []).map((n) => ({ key: netKey(n.mac), model: 'hostdev', info: deviceInfo(n.address, hostdevFlags(f), `interface ${n.mac}`) })),
    smartcards: (spec.smartcards ?? []).map((_, i) => ({ key: ordinalKey('smartcard', i), model: 'ccid', info: { type: 'ccid', flags: 0 } })),
  };
}

/** Crypto and pstore devices where the release knows them (9.0 passes over the elements). */
function buildPlatformDevices(spec: DomainSpec, release: ReleaseFacts, f: MachineFlags): DeviceDef[] {
  const cryptos = spec.cryptos ?? [];
  const pstores = spec.pstores ?? [];
  if (!release.cryptoAndPstore || cryptos.length + pstores.length === 0) return [];
  // their order beside the other late PCI devices was not measured (an ISA panic, an intel IOMMU or a DIMM takes no PCI slot)
  const pciMemory = (spec.memoryDevices ?? []).some((m) => m.model === 'virtio-mem' || m.model === 'virtio-pmem');
  const pciPanic = (spec.panics ?? []).some((p) => p.model === undefined || p.model === 'pvpanic');
  if (pciMemory || pciPanic || spec.iommu?.model === 'virtio') throw new SlotOrderUnknown('crypto or pstore devices beside virtio memory devices, a PCI panic or a virtio IOMMU (order not measured)');
  return [
    ...cryptos.map((c, i) => ({ key: ordinalKey('crypto', i), model: 'virtio', info: deviceInfo(c.address, f.pci, 'crypto') })),
    ...pstores.map((p, i) => ({ key: ordinalKey('pstore', i), model: 'acpi-erst', info: deviceInfo(p.address, f.pci, 'pstore') })),
  ];
}

/** Whether the domain has a USB controller, one that is not model none, and the user's model none. */
interface UsbPresence {
  usbEnabled: boolean;
  usbPresent: boolean;
  usbNone: boolean;
}

/** Where a NIC goes: a PCI device of its model's flags, or a usb-net NIC on a USB port. */
function netInfo(n: NetSpec, i: number, f: MachineFlags, release: ReleaseFacts, usb: UsbPresence, deferred: DeferredRejection[]): DeviceInfo {
  const what = `net ${n.mac ?? `#${i}`}`;
  if (n.model !== 'usb-net') return deviceInfo(n.address, netFlags(n.model, f), what);
  if (!release.usbNetPorts) {
    // 9.0 keeps a USB address as written, without reserving or counting the port (another USB
    // device may be given the same one: whyUnstartable keeps such files to the xml layer)
    if (n.usb !== undefined) return { type: 'usb', flags: 0 };
    // no address: it waits for a PCI slot of connect flags 0, which no bus has (refused while placing)
    return deviceInfo(n.address, 0, what);
  }
  if (n.address !== undefined) unsupported(`${n.address.type} address on usb-net ${what}`);
  refuseUsbWithoutUsb(usb, deferred);
  return { type: 'usb', flags: 0 };
}

/**
 * A passthrough LUN's source, checked with the disk's own checks (after unfiltered sgio). A
 * volume is taken at define (whether it is a block device is looked at when the guest starts).
 */
function lunSourceRefusal(lun: NonNullable<DomainSpec['disks'][number]['lun']>): string | undefined {
  if (lun.sourceType === 'file' || lun.sourceType === 'dir') return "disk device='lun' is only valid for block type disk source";
  if (lun.sourceType === 'network' && lun.protocol !== 'iscsi') return `disk device='lun' is not supported for protocol='${lun.protocol ?? ''}'`;
  if (!['block', 'network', 'volume'].includes(lun.sourceType)) unsupported(`a passthrough LUN of source type ${lun.sourceType}`);
  return undefined;
}

/** A USB device on a domain without USB (no controller, or model none): refused while USB addresses are assigned. */
function refuseUsbWithoutUsb(usb: UsbPresence, deferred: DeferredRejection[]): void {
  if (!usb.usbEnabled) defer(deferred, 'other', 'USB is disabled for this domain, but USB devices are present in the domain XML', PHASE.usbAddresses);
}

/**
 * The CCID controller of a smartcard: libvirt adds index 0 for it unless the user wrote one;
 * a USB device (observed on pc and q35 with 9.0, 11.3, 12.8; refused, as every USB device,
 * where USB is off). One smartcard only: QEMU's CCID takes more, libvirt's validation not.
 */
function addCcidController(spec: DomainSpec, controllers: ControllerDef[], usb: UsbPresence, deferred: DeferredRejection[]): void {
  const cards = (spec.smartcards ?? []).length;
  const declared = spec.ccidControllers ?? 0;
  if (cards === 0 && declared === 0) return;
  refuseUsbWithoutUsb(usb, deferred);
  // one smartcard at CCID slot 0 of controller 0 is all QEMU's emulation takes (observed on 9.0, 11.3 and 12.8: a card on controller 1 is refused too)
  if (cards > 1 || (spec.smartcards ?? []).some((c) => c.ccidController !== undefined)) defer(deferred, 'other', 'this QEMU binary lacks multiple smartcard support');
  if (declared === 0) controllers.push({ type: 'ccid', index: 0, companion: false, info: { type: 'usb', flags: 0 }, implicit: true });
  for (let index = 0; index < declared; index++) controllers.push({ type: 'ccid', index, companion: false, info: { type: 'usb', flags: 0 } });
}

/** Where libvirt 9.0 accepts each IOMMU model (observed on pc and q35; virt is not measured). */
const IOMMU_FAMILIES: Record<string, ReadonlyArray<string>> = { intel: ['q35'], virtio: ['q35', 'arm-virt'], smmuv3: ['arm-virt'] };
const IOMMU_MACHINES: Record<string, string> = { intel: 'Q35', virtio: 'Q35 and ARM Virt', smmuv3: 'ARM Virt' };

/**
 * The IOMMU: intel and SMMUv3 sit on no bus, virtio is an integrated PCI device (bus 0 only). Its own
 * refusals come after every device check (observed): driver attributes on a virtio one, then
 * a machine that does not support the model.
 */
function buildIommu(spec: DomainSpec, facts: FamilyFacts, f: MachineFlags, deferred: DeferredRejection[]): DeviceDef[] {
  const iommu = spec.iommu;
  if (iommu === undefined) return [];
  if (!(iommu.model in IOMMU_FAMILIES)) unsupported(`iommu model ${iommu.model}`);
  if (iommu.model === 'virtio' && (iommu.driverAttributes ?? []).length > 0) defer(deferred, 'other', "iommu model 'virtio' doesn't support additional attributes", PHASE.afterDeviceValidation);
  const supported = IOMMU_FAMILIES[iommu.model].includes(facts.family);
  if (!supported) defer(deferred, 'other', `IOMMU device: '${iommu.model}' is only supported with ${IOMMU_MACHINES[iommu.model]} machines`, PHASE.afterDeviceValidation);
  // observed: the last of them (an intel one does without ACPI)
  if (iommu.model === 'virtio' && !spec.acpi) defer(deferred, 'other', "IOMMU device: 'virtio' requires ACPI", PHASE.afterDeviceValidation);
  // on q35 and virt alike an integrated device on the root bus (observed on virt with 9.0, 11.3, 12.8: 00:02.0 after the root ports)
  if (iommu.model === 'virtio') {
    return [{ key: ordinalKey('iommu', 0), model: 'virtio', info: deviceInfo(iommu.address, f.virtio | Connect.INTEGRATED, 'iommu') }];
  }
  if (iommu.address !== undefined) unsupported(`an address on iommu ${iommu.model}`);
  return [{ key: ordinalKey('iommu', 0), model: iommu.model, info: { type: 'none', flags: 0 } }];
}

/** The pci-serial ports, keyed by position among all serial ports (conventional PCI devices). */
function buildPciSerials(spec: DomainSpec, facts: FamilyFacts, f: MachineFlags): DeviceDef[] {
  const out: DeviceDef[] = [];
  (spec.serials ?? []).forEach((s, i) => {
    // each platform serial belongs to its own arch (ISA on x86, the PL011 on virt); virt takes
    // isa-serial as its PL011 (kept for old configurations; observed on 9.0, 11.3, 12.8)
    const platforms = facts.family === 'arm-virt' ? ['system-serial', 'isa-serial'] : ['isa-serial'];
    // a usb-serial port is a USB device (counted with the others: usbDevicesOf)
    if (s.targetType === 'usb-serial') return;
    if (s.targetType !== undefined && s.targetType !== 'pci-serial' && !platforms.includes(s.targetType)) unsupported(`serial ${s.targetType} on ${facts.family}`);
    if (s.targetType === 'pci-serial') out.push({ key: ordinalKey('serial', i), model: 'pci-serial', info: deviceInfo(s.address, f.pci, 'pci-serial') });
    else if (s.address !== undefined) unsupported(`serial ${s.targetType ?? 'default'} with an address`);
  });
  return out;
}

/**
 * USB ports the user gave USB devices: each must be a port of an existing USB controller,
 * or of a hub the user put at a port of its own, and free. libvirt refuses others while it
 * reserves them, device by device in its order (observed on 9.0, 11.3 and 12.8: "Missing
 * USB bus 1", "requested USB port 5 not present on USB bus 1", "Duplicate USB address bus 1
 * port 1", "there is no hub at port 1 in USB address bus: 0 port: 1.1"); then, the named
 * ports taken, a hub without a port may find none ("No free USB ports", usbPorts.ts).
 */
function checkUsbPorts(spec: DomainSpec, controllers: ControllerDef[], hubs: DeviceDef[], release: ReleaseFacts, deferred: DeferredRejection[]): DeviceDef[] {
  const named = usbDevicesOf(spec, release.usbNetPorts).flatMap((d) => (d.usbPort === undefined ? [] : [{ bus: d.usbBus ?? 0, port: d.usbPort, hubPort: d.usbHubPort }]));
  if (named.length === 0) return hubs;
  const refusalsBefore = deferred.length;
  const seen = new Set<string>();
  // the user's hubs come first in libvirt's order: a port behind one names a hub already reserved
  const userHubAt = new Set((spec.usbHubs ?? []).flatMap((h) => (h.usbPort === undefined || h.usbHubPort !== undefined ? [] : [`${h.usbBus ?? 0}:${h.usbPort}`])));
  const refuse = (detail: string): void => defer(deferred, 'other', detail, PHASE.usbAddresses);
  for (const { bus, port, hubPort } of named) {
    const onBus = controllers.filter((c) => c.type === 'usb' && c.index === bus && c.model !== 'none');
    // a USB2 set is one bus: the EHCI's ports (its companions add none)
    const available = onBus.reduce((n, c) => n + usbControllerPorts(c), 0);
    const text = hubPort === undefined ? `${port}` : `${port}.${hubPort}`;
    if (port < 1 || (onBus.length > 0 && available === 0)) unsupported(`USB port ${text} of bus ${bus}`);
    if (onBus.length === 0) refuse(`Missing USB bus ${bus}`);
    else if (port > available) refuse(`requested USB port ${text} not present on USB bus ${bus}`);
    else if (hubPort !== undefined && !userHubAt.has(`${bus}:${port}`)) refuse(`there is no hub at port ${port} in USB address bus: ${bus} port: ${text}`);
    else if (hubPort !== undefined && (hubPort < 1 || hubPort > USB_HUB_PORTS)) refuse(`requested USB port ${text} not present on USB bus ${bus}`);
    else if (seen.has(`${bus}:${text}`)) refuse(`Duplicate USB address bus ${bus} port ${text}`);
    seen.add(`${bus}:${text}`);
  }
  // the named ports taken, a hub without one (libvirt's or the user's) may find none left
  const unplacedHubs = hubs.length > 0 || (spec.usbHubs ?? []).some((h) => h.usbPort === undefined);
  if (deferred.length === refusalsBefore && unplacedHubs && usbPortsRunOut(spec, controllers, hubs.length, release.usbNetPorts)) refuse('No free USB ports');
  return hubs;
}

/**
 * The hubs libvirt adds, once the user's USB ports are checked. The user's own hubs beside
 * USB model none are the parser's refusal (checkAtParse); they and redirected devices are
 * USB devices like the others.
 */
function buildUsbHubs(spec: DomainSpec, controllers: ControllerDef[], usb: UsbPresence, release: ReleaseFacts, deferred: DeferredRejection[]): DeviceDef[] {
  if ((spec.usbHubs ?? []).length + (spec.usbRedirdevs ?? []).length > 0) refuseUsbWithoutUsb(usb, deferred);
  // where USB is off, libvirt stops at that refusal and neither reads ports nor adds hubs (observed: a port on a guest with no controller)
  if (!usb.usbEnabled) return [];
  return checkUsbPorts(spec, controllers, implicitUsbHubs(spec, controllers, release.usbNetPorts), release, deferred);
}
