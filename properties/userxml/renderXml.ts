// Turns a DomainSpec into the domain XML handed to `virsh define`, and a single device
// spec into the XML handed to `virsh attach-device`. Both go through the same per-kind
// renderers, so a hotplugged NIC looks exactly like a cold-plugged one.
//
// Every attribute value and text node is escaped; only fields the spec gives are written,
// because a missing field is itself input (libvirt fills in a default for it).

import type {
  ControllerSpec,
  DiskSpec,
  DomainSpec,
  HostdevSpec,
  UsbHostdevSpec,
  InputSpec,
  IommuSpec,
  PanicSpec,
  SerialSpec,
  MemballoonSpec,
  NetSpec,
  RngSpec,
  FilesystemSpec,
  LeaseSpec,
  SoundSpec,
  UserAddress,
  VideoSpec,
  VirtioPortSpec,
  WatchdogSpec,
  UsbPortAddress,
  TimerSpec,
} from '../../types/domain.js';

/** Options of a whole-domain rendering that do not belong to the spec itself. */
export interface RenderDomainOptions {
  name: string;
  virtType: 'kvm' | 'qemu';
  /** Directory that holds (or would hold) one raw image per disk, named `${target}.img`. */
  imageDir: string;
  /** Path of the QEMU binary; libvirt picks one for the arch when left out. */
  emulator?: string;
}

/** Options of a single-device rendering. */
export interface RenderDeviceOptions {
  /** Needed only for device='disk' (cdroms have no source). */
  imageDir?: string;
}

/** The spec type of each device kind that can be rendered on its own. */
export interface DeviceSpecByKind {
  disk: DiskSpec;
  net: NetSpec;
  controller: ControllerSpec;
  video: VideoSpec;
  sound: SoundSpec;
  memballoon: MemballoonSpec;
  rng: RngSpec;
  watchdog: WatchdogSpec;
  input: InputSpec;
}

/** A device kind `renderDeviceXml` knows. */
export type DeviceKind = keyof DeviceSpecByKind;

// ---------------------------------------------------------------- a tiny XML tree

type Attrs = Record<string, string | number | undefined>;

/** An element: name, attributes (undefined ones are dropped) and children or text. */
interface XmlElement {
  name: string;
  attrs: Attrs;
  children: XmlElement[];
  text?: string;
}

function el(name: string, attrs: Attrs = {}, children: (XmlElement | undefined)[] = [], text?: string): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlElement => c !== undefined), text };
}

/** Escapes a string for use in an attribute value or a text node. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function serialize(node: XmlElement, depth: number): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}='${escapeXml(String(v))}'`)
    .join('');
  const open = `${pad}<${node.name}${attrs}`;
  if (node.text !== undefined) return `${open}>${escapeXml(node.text)}</${node.name}>`;
  if (node.children.length === 0) return `${open}/>`;
  const inner = node.children.map((c) => serialize(c, depth + 1)).join('\n');
  return `${open}>\n${inner}\n${pad}</${node.name}>`;
}

// ---------------------------------------------------------------- numbers as libvirt writes them

/** `0x` + lower-case hex, zero-padded to `width` digits (libvirt: domain 4, bus/slot 2, function 1). */
function hex(value: number | undefined, width: number): string | undefined {
  return value === undefined ? undefined : `0x${value.toString(16).padStart(width, '0')}`;
}

// ---------------------------------------------------------------- one element per device kind

/** `<alias name=…/>` when the spec gives one. */
const aliasElement = (alias: string | undefined): XmlElement | undefined => (alias === undefined ? undefined : el('alias', { name: alias }));

function addressElement(address: UserAddress | undefined): XmlElement | undefined {
  if (address === undefined) return undefined;
  if (address.type === 'virtio-mmio') return el('address', { type: 'virtio-mmio' });
  return el('address', {
    type: 'pci',
    domain: hex(address.domain, 4),
    bus: hex(address.bus, 2),
    slot: hex(address.slot, 2),
    function: hex(address.function, 1),
    multifunction: address.multifunction,
  });
}

/** A USB device's `<address type='usb'>`, when its spec names a port. */
const usbAddressElement = (d: UsbPortAddress): XmlElement | undefined => (d.usbPort === undefined ? undefined : el('address', { type: 'usb', bus: d.usbBus ?? 0, port: d.usbPort }));

/** A passthrough LUN's `<disk>` attributes and source: a file, or a network source of its protocol. */
function lunParts(lun: NonNullable<DiskSpec['lun']>, target: string, imageDir: string | undefined): { type: string; source: XmlElement } {
  if (lun.sourceType === 'network') {
    return { type: 'network', source: el('source', { protocol: lun.protocol ?? 'iscsi', name: `iqn.2026-12.org.example:${target}/0` }, [el('host', { name: 'storage.example.org' })]) };
  }
  if (lun.sourceType !== 'file' || imageDir === undefined) throw new Error(`disk ${target}: a LUN of source type ${lun.sourceType} is not rendered`);
  return { type: 'file', source: el('source', { file: `${imageDir}/${target}.img` }) };
}

function diskElement(disk: DiskSpec, imageDir: string | undefined): XmlElement {
  if (disk.lun !== undefined) {
    const { type, source } = lunParts(disk.lun, disk.target, imageDir);
    return el('disk', { type, device: 'lun' }, [source, el('target', { dev: disk.target, bus: disk.bus }), disk.drive === undefined ? undefined : el('address', { type: 'drive', ...disk.drive }), aliasElement(disk.alias), addressElement(disk.address)]);
  }
  let source: XmlElement | undefined;
  if (disk.sourcePath !== undefined) source = el('source', { file: disk.sourcePath });
  else if ((disk.device === 'disk' && !disk.sourceMissing) || disk.media) {
    if (imageDir === undefined) throw new Error(`disk ${disk.target}: an imageDir is needed to render its source`);
    source = el('source', { file: `${imageDir}/${disk.target}.img` });
  }
  return el('disk', { type: 'file', device: disk.device, model: disk.model }, [
    el('driver', { name: 'qemu', type: 'raw', io: disk.nativeIo === undefined ? undefined : 'native', cache: disk.nativeIo?.cache }),
    source,
    el('target', { dev: disk.target, bus: disk.busImplied ? undefined : disk.bus }),
    disk.wwn ? el('wwn', {}, [], '5000c5003ff6423e') : undefined,
    disk.drive === undefined ? undefined : el('address', { type: 'drive', ...disk.drive }),
    disk.serial === undefined ? undefined : el('serial', {}, [], disk.serial),
    disk.device === 'cdrom' || disk.readonly ? el('readonly') : undefined,
    aliasElement(disk.alias),
    addressElement(disk.address),
    usbAddressElement(disk),
  ]);
}

function netElement(net: NetSpec): XmlElement {
  const missing = net.missingSource;
  return el('interface', { type: missing?.netType ?? 'user' }, [
    ...(net.mac === undefined ? [] : [el('mac', { address: net.mac })]),
    missing?.attribute === undefined ? undefined : el('source', {}),
    el('model', { type: net.model === 'other' ? (net.modelName ?? '') : net.model }),
    net.romDisabledButTuned ? el('rom', { enabled: 'no', bar: 'on' }) : undefined,
    aliasElement(net.alias),
    addressElement(net.address),
    net.usb === undefined ? undefined : usbAddressElement(net.usb),
  ]);
}

function controllerElement(controller: ControllerSpec): XmlElement {
  const bad = controller.badTarget === undefined ? {} : { [controller.badTarget.attribute]: controller.badTarget.text };
  const target = controller.target;
  const hasTarget = target !== undefined || controller.hotplug !== undefined || controller.badTarget !== undefined;
  return el('controller', { type: controller.type, index: controller.index, model: controller.model ?? controller.unknownModel, ports: controller.ports }, [
    controller.modelName === undefined ? undefined : el('model', { name: controller.modelName }),
    hasTarget
      ? el('target', { chassisNr: target?.chassisNr, chassis: target?.chassis, port: hex(target?.port, 1), busNr: target?.busNr, hotplug: controller.hotplug, ...bad }, [
          target?.node === undefined ? undefined : el('node', {}, [], String(target.node)),
        ])
      : undefined,
    controller.masterStartport === undefined ? undefined : el('master', { startport: controller.masterStartport }),
    controller.serial === undefined ? undefined : el('serial', {}, [], controller.serial),
    aliasElement(controller.alias),
    addressElement(controller.address),
  ]);
}

function videoElement(video: VideoSpec): XmlElement {
  return el('video', {}, [
    el('model', { type: video.model, primary: video.primary === true ? 'yes' : undefined }),
    addressElement(video.address),
  ]);
}

function soundElement(sound: SoundSpec): XmlElement {
  return el('sound', { model: sound.model }, [addressElement(sound.address)]);
}

function memballoonElement(balloon: MemballoonSpec): XmlElement {
  return el('memballoon', { model: balloon.model }, [addressElement(balloon.address)]);
}

function rngElement(rng: RngSpec): XmlElement {
  return el('rng', { model: rng.model }, [el('backend', { model: 'random' }, [], '/dev/urandom'), addressElement(rng.address)]);
}

function filesystemElement(fs: FilesystemSpec): XmlElement {
  return el('filesystem', { type: 'mount', accessmode: fs.accessmode, model: fs.model }, [
    el('source', { dir: fs.source }),
    el('target', { dir: fs.target }),
    fs.readonly ? el('readonly') : undefined,
    addressElement(fs.address),
  ]);
}

function leaseElement(lease: LeaseSpec): XmlElement {
  return el('lease', {}, [
    lease.lockspace === undefined ? undefined : el('lockspace', {}, [], lease.lockspace),
    lease.key === undefined ? undefined : el('key', {}, [], lease.key),
    lease.target === undefined ? undefined : el('target', { path: lease.target.path, offset: lease.target.offset }),
  ]);
}

function watchdogElement(watchdog: WatchdogSpec): XmlElement {
  return el('watchdog', { model: watchdog.model, action: watchdog.action ?? 'reset' }, [addressElement(watchdog.address)]);
}

function inputElement(input: InputSpec): XmlElement {
  const source = input.evdev === undefined ? undefined : el('source', { evdev: input.evdev });
  return el('input', { type: input.type, bus: input.bus }, [source, addressElement(input.address), usbAddressElement(input)]);
}

function hostdevElement(hostdev: HostdevSpec): XmlElement {
  if (hostdev.subsystem === 'usb') return usbHostdevElement(hostdev);
  if (hostdev.subsystem === 'mdev') return el('hostdev', { mode: 'subsystem', type: 'mdev', model: 'vfio-pci' }, [el('source', {}, [el('address', { uuid: hostdev.source.uuid })]), addressElement(hostdev.address)]);
  if (hostdev.subsystem === 'scsi_host') return el('hostdev', { mode: 'subsystem', type: 'scsi_host' }, [el('source', { protocol: 'vhost', wwpn: hostdev.source.wwpn }), addressElement(hostdev.address)]);
  if (hostdev.subsystem === 'scsi') {
    const d = hostdev.drive;
    const drive = d === undefined ? undefined : el('address', { type: 'drive', controller: String(d.controller), bus: String(d.bus), target: String(d.target), unit: String(d.unit) });
    const s = hostdev.source;
    const source = 'iscsi' in s
      ? el('source', { protocol: 'iscsi', name: s.iscsi }, [el('host', { name: s.host })])
      : el('source', {}, [el('adapter', { name: s.adapter }), el('address', { bus: String(s.bus), target: String(s.target), unit: String(s.unit) })]);
    return el('hostdev', { mode: 'subsystem', type: 'scsi' }, [source, drive]);
  }
  const s = hostdev.source;
  const source = el('source', {}, [el('address', { domain: hex(s.domain, 4), bus: hex(s.bus, 2), slot: hex(s.slot, 2), function: hex(s.function, 1) })]);
  const address = hostdev.unassigned ? el('address', { type: 'unassigned' }) : addressElement(hostdev.address);
  return el('hostdev', { mode: 'subsystem', type: 'pci', managed: 'yes' }, [source, address]);
}

function usbHostdevElement(hostdev: UsbHostdevSpec): XmlElement {
  const s = hostdev.source;
  const ids = [s.vendor === undefined ? undefined : el('vendor', { id: s.vendor }), s.product === undefined ? undefined : el('product', { id: s.product })];
  const hostAddress = s.bus === undefined ? undefined : el('address', { bus: String(s.bus), device: String(s.device ?? 0) });
  const port = hostdev.usbPort === undefined ? undefined : el('address', { type: 'usb', bus: String(hostdev.usbBus ?? 0), port: String(hostdev.usbPort) });
  return el('hostdev', { mode: 'subsystem', type: 'usb', managed: 'yes' }, [el('source', {}, [...ids, hostAddress]), port]);
}

function serialElement(serial: SerialSpec): XmlElement {
  const target = serial.targetType === undefined && serial.port === undefined ? undefined : el('target', { type: serial.targetType, port: serial.port });
  return el('serial', { type: 'pty' }, [target, addressElement(serial.address)]);
}

function iommuElement(iommu: IommuSpec): XmlElement {
  // attribute values are not carried (only their names matter to libvirt 9.0's check): caching_mode takes on/off
  const driver = iommu.driverAttributes?.length ? el('driver', Object.fromEntries(iommu.driverAttributes.map((a) => [a, a === 'aw_bits' ? '48' : 'on']))) : undefined;
  return el('iommu', { model: iommu.model }, [driver, addressElement(iommu.address)]);
}

function panicElement(panic: PanicSpec): XmlElement {
  return el('panic', { model: panic.model }, [addressElement(panic.address)]);
}

function virtioPortElement(port: VirtioPortSpec, n: number): XmlElement {
  // a pty backend needs nothing on the host; channels need a unique name
  const target = port.kind === 'channel' ? el('target', { type: 'virtio', name: `org.virtprop.port${n}` }) : el('target', { type: 'virtio' });
  const address = port.controller === undefined ? undefined : el('address', { type: 'virtio-serial', controller: port.controller });
  return el(port.kind, { type: 'pty' }, [target, address]);
}

/** `<numa>` with n cells of one vCPU each, sharing the guest's 128 MiB. */
function numaElement(n: number | undefined): XmlElement | undefined {
  if (n === undefined) return undefined;
  const kib = Math.floor((128 * 1024) / Math.max(1, n));
  return el('numa', {}, Array.from({ length: n }, (_, i) => el('cell', { id: i, cpus: String(i), memory: kib, unit: 'KiB' })));
}

/** One device as its XML element. */
function deviceElement<K extends DeviceKind>(kind: K, device: DeviceSpecByKind[K], opts: RenderDeviceOptions): XmlElement {
  // The cast is safe: K ties `device` to `kind`, TypeScript just cannot narrow a generic.
  return (DEVICE_ELEMENT[kind] as (d: DeviceSpecByKind[K], o: RenderDeviceOptions) => XmlElement)(device, opts);
}

/** The element renderer of each device kind. */
const DEVICE_ELEMENT: { [K in DeviceKind]: (device: DeviceSpecByKind[K], opts: RenderDeviceOptions) => XmlElement } = {
  disk: (d, opts) => diskElement(d, opts.imageDir),
  net: netElement,
  controller: controllerElement,
  video: videoElement,
  sound: soundElement,
  memballoon: memballoonElement,
  rng: rngElement,
  watchdog: watchdogElement,
  input: inputElement,
};

// ---------------------------------------------------------------- public API

/** Renders one device as the standalone XML `virsh attach-device` reads. */
export function renderDeviceXml<K extends DeviceKind>(kind: K, device: DeviceSpecByKind[K], opts: RenderDeviceOptions = {}): string {
  return serialize(deviceElement(kind, device, opts), 0) + '\n';
}

/** `<hyperv>` with the enlightenments set on and the vendor_id, as the spec carries them. */
function hypervElement(spec: DomainSpec): XmlElement | undefined {
  if (spec.hypervVendorId === undefined && spec.hyperv === undefined) return undefined;
  // one not read in full is written back as the host's set (the parser checks nothing there)
  if (spec.hyperv !== undefined && spec.hyperv.on === undefined) return el('hyperv', { mode: 'passthrough' });
  const on = (spec.hyperv?.on ?? []).map((name) => el(name, { state: 'on' }, name === 'tlbflush' && spec.hyperv?.tlbflushDirect ? [el('direct', { state: 'on' })] : []));
  const vendorId = spec.hypervVendorId === undefined ? [] : [el('vendor_id', { state: 'on', value: spec.hypervVendorId })];
  return el('hyperv', { mode: 'custom' }, [...on, ...vendorId]);
}

/** A timer as the spec carries it (a frequency and a catchup's threshold as plain non-zero values). */
function timerElement(t: TimerSpec): XmlElement {
  const attrs = { name: t.name, present: t.present, tickpolicy: t.tickpolicy, track: t.track, mode: t.mode, frequency: t.frequency ? 1000000000 : undefined };
  return el('timer', attrs, t.catchup ? [el('catchup', { threshold: 123 })] : []);
}

/** `<clock>` timers, the `on_*` actions and `<pm>`, as the spec carries them. */
function clockLifecycleAndPm(spec: DomainSpec): Array<XmlElement | undefined> {
  const sleep = spec.acpiSleep;
  return [
    spec.timers === undefined ? undefined : el('clock', { offset: 'utc' }, spec.timers.map(timerElement)),
    ...(['poweroff', 'reboot', 'crash'] as const).map((event) => (spec.lifecycle?.[event] === undefined ? undefined : el(`on_${event}`, {}, [], spec.lifecycle[event]))),
    sleep === undefined ? undefined : el('pm', {}, [sleep.s3 ? el('suspend-to-mem', { enabled: 'no' }) : undefined, sleep.s4 ? el('suspend-to-disk', { enabled: 'no' }) : undefined]),
  ];
}

/** Renders a complete domain XML for `virsh define`, devices in spec order within each kind. */
/** `<topology>`, dies and clusters written only when not 1 (9.0 does not read clusters). */
function topologyElement(t: DomainSpec['cpuTopology']): XmlElement | undefined {
  if (t === undefined) return undefined;
  return el('topology', { sockets: t.sockets, dies: t.dies === 1 ? undefined : t.dies, clusters: t.clusters === 1 ? undefined : t.clusters, cores: t.cores, threads: t.threads });
}

export function renderDomainXml(spec: DomainSpec, opts: RenderDomainOptions): string {
  const dev = <K extends DeviceKind>(kind: K) => (device: DeviceSpecByKind[K]) =>
    deviceElement(kind, device, { imageDir: opts.imageDir });
  // Kinds follow the order libvirt itself writes them in, so input and output line up.
  const devices: (XmlElement | undefined)[] = [
    opts.emulator === undefined ? undefined : el('emulator', {}, [], opts.emulator),
    ...spec.disks.map(dev('disk')),
    ...spec.controllers.map(dev('controller')),
    ...(spec.leases ?? []).map(leaseElement),
    ...(spec.filesystems ?? []).map(filesystemElement),
    ...spec.nets.map(dev('net')),
    ...spec.inputs.map(dev('input')),
    // No listen address: the harness's qemu.conf sets vnc_auto_unix_socket, so every guest
    // gets its own UNIX socket; TCP would make parallel embedded roots all take port 5900.
    spec.graphics ? el('graphics', { type: 'vnc', autoport: 'yes', passwd: spec.longVncPassword }) : undefined,
    spec.unknownModels?.graphics === undefined ? undefined : el('graphics', { type: spec.unknownModels.graphics }),
    ...spec.sounds.map(dev('sound')),
    spec.unknownModels?.sound === undefined ? undefined : el('sound', { model: spec.unknownModels.sound }),
    ...spec.videos.map(dev('video')),
    spec.unknownModels?.video === undefined ? undefined : el('video', {}, [el('model', { type: spec.unknownModels.video })]),
    spec.unknownModels?.tpm === undefined ? undefined : el('tpm', { model: spec.unknownModels.tpm }, [el('backend', { type: 'emulator', version: '2.0' })]),
    ...(spec.hostdevs ?? []).map(hostdevElement),
    ...spec.watchdogs.map(dev('watchdog')),
    spec.memballoon === undefined ? undefined : dev('memballoon')(spec.memballoon),
    ...spec.rngs.map(dev('rng')),
    ...(spec.serials ?? []).map(serialElement),
    ...(spec.virtioPorts ?? []).map(virtioPortElement),
    ...(spec.panics ?? []).map(panicElement),
    spec.vsock === undefined ? undefined : el('vsock', { model: spec.vsock.model ?? 'virtio' }, [el('cid', spec.vsock.cid === undefined ? { auto: 'yes' } : { auto: 'no', address: spec.vsock.cid }), addressElement(spec.vsock.address)]),
    spec.iommu === undefined ? undefined : iommuElement(spec.iommu),
  ];
  const domain = el('domain', { type: opts.virtType }, [
    el('name', {}, [], opts.name),
    spec.uuid === undefined ? undefined : el('uuid', {}, [], spec.uuid),
    el('memory', { unit: 'MiB' }, [], '128'),
    spec.vcpuCounts === undefined
      ? el('vcpu', {}, [], String(spec.vcpus ?? spec.cpuTopology?.vcpus ?? Math.max(1, spec.numaCells ?? 1)))
      : el('vcpu', { current: spec.vcpuCounts.current }, [], String(spec.vcpuCounts.max)),
    // UEFI by firmware autoselection: no firmware path of this host's is written down
    el('os', { firmware: spec.uefi ? 'efi' : undefined }, [el('type', { arch: spec.arch, machine: spec.machineOmitted ? undefined : spec.machine }, [], 'hvm')]),
    spec.acpi || spec.hypervVendorId !== undefined || spec.hyperv !== undefined ? el('features', {}, [spec.acpi ? el('acpi') : undefined, hypervElement(spec)]) : undefined,
    // libvirt's default CPU for a TCG virt guest is the 32-bit cortex-a15; a 64-bit
    // model makes the guest a plausible aarch64 machine. GIC and firmware are left to
    // libvirt (it picks GICv2 under TCG; QEMU starts paused without any firmware file).
    spec.cpuMode !== undefined
      ? el('cpu', { mode: spec.cpuMode }, [topologyElement(spec.cpuTopology), numaElement(spec.numaCells)])
      : spec.arch === 'aarch64'
        ? el('cpu', { mode: 'custom', match: 'exact' }, [el('model', { fallback: 'forbid' }, [], 'cortex-a57'), topologyElement(spec.cpuTopology), numaElement(spec.numaCells)])
        : spec.numaCells === undefined && spec.cpuTopology === undefined
          ? undefined
          : el('cpu', {}, [topologyElement(spec.cpuTopology), numaElement(spec.numaCells)]),
    ...clockLifecycleAndPm(spec),
    el('devices', {}, devices),
    spec.sysinfoUuids === undefined ? undefined : el('sysinfo', { type: 'smbios' }, [el('system', {}, spec.sysinfoUuids.map((u) => el('entry', { name: 'uuid' }, [], u)))]),
  ]);
  return serialize(domain, 0) + '\n';
}
