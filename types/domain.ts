// Domain types shared by every layer. Nothing here does I/O or imports a layer:
// the model, the harness, the properties and the reports all speak these shapes.

/** Guest CPU architectures the harness knows how to drive. */
export type Arch = 'x86_64' | 'aarch64';

/** A PCI address as libvirt writes it in `<address type='pci' .../>`. */
export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
  /** true when libvirt writes multifunction='on' (absent/off are the same for comparison). */
  multifunction?: boolean;
}

/**
 * An address the user writes into the input XML. PCI fields left out are left out of
 * the XML too (libvirt reads a missing field as 0), so a "partial" address is real input.
 */
export type UserAddress =
  | { type: 'pci'; domain?: number; bus?: number; slot?: number; function?: number; multifunction?: 'on' | 'off' }
  | { type: 'virtio-mmio' };

// ---------------------------------------------------------------- the input spec

/**
 * A user alias: `<alias name='ua-…'/>` on a device. libvirt keeps it in the inactive XML
 * only when it starts with "ua-" and has nothing but [A-Za-z0-9_-] (others it drops,
 * observed), refuses a domain where two devices share one, and QEMU gets it as the
 * device's id (and a controller's bus name): see model/argv/aliases.ts.
 */
export type UserAlias = string;

/** The controller types a spec carries. */
export const CONTROLLER_TYPES = ['pci', 'usb', 'scsi', 'sata', 'ide', 'virtio-serial', 'fdc', 'nvme'] as const;
export type ControllerType = (typeof CONTROLLER_TYPES)[number];

/** PCI controller models libvirt knows (the `model` attribute of `<controller type='pci'>`). */
export const PCI_CONTROLLER_MODELS = [
  'pci-root',
  'pcie-root',
  'pci-bridge',
  'dmi-to-pci-bridge',
  'pcie-root-port',
  'pcie-switch-upstream-port',
  'pcie-switch-downstream-port',
  'pcie-to-pci-bridge',
  'pci-expander-bus',
  'pcie-expander-bus',
] as const;
export type PciControllerModel = (typeof PCI_CONTROLLER_MODELS)[number];

export const USB_CONTROLLER_MODELS = ['piix3-uhci', 'piix4-uhci', 'ehci', 'ich9-ehci1', 'ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3', 'qemu-xhci', 'nec-xhci', 'pci-ohci', 'none'] as const;
export type UsbControllerModel = (typeof USB_CONTROLLER_MODELS)[number];

export const SCSI_CONTROLLER_MODELS = ['virtio-scsi', 'lsilogic', 'lsisas1068', 'lsisas1078', 'vmpvscsi', 'virtio-transitional', 'virtio-non-transitional'] as const;
export type ScsiControllerModel = (typeof SCSI_CONTROLLER_MODELS)[number];

/** virtio-serial models besides plain virtio (its default, read as no model). */
/** 'virtio' written out is kept and written back (observed on 9.0, 11.3 and 12.8), unlike no model at all. */
export const VIRTIO_SERIAL_CONTROLLER_MODELS = ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const;

/** A model of any controller type the spec names models for. */
export type ControllerModel = PciControllerModel | UsbControllerModel | ScsiControllerModel | (typeof VIRTIO_SERIAL_CONTROLLER_MODELS)[number];

/** The models each controller type may name (virtio-serial's one model, virtio, is its default). */
export const CONTROLLER_MODELS_BY_TYPE: Partial<Record<ControllerType, readonly ControllerModel[]>> = {
  pci: PCI_CONTROLLER_MODELS,
  usb: USB_CONTROLLER_MODELS,
  scsi: SCSI_CONTROLLER_MODELS,
  'virtio-serial': VIRTIO_SERIAL_CONTROLLER_MODELS,
};

export interface ControllerSpec {
  type: ControllerType;
  /** Left out of the XML when undefined: libvirt then picks the index. */
  index?: number;
  /** For pci, usb and scsi controllers; undefined means libvirt's default model. */
  model?: ControllerModel;
  /** A model name libvirt has no value of for the type (a QEMU device name such as megasas): its parser refuses it. */
  unknownModel?: string;
  /** For pci controllers: `<target chassis= port= busNr= chassisNr=/>` given by the user (chassisNr: a pci-bridge's; node: `<target><node>`, an expander bus's NUMA node). */
  target?: { chassis?: number; port?: number; busNr?: number; chassisNr?: number; node?: number };
  /** A `<target>` number libvirt's parser refuses (negative, or no number at all): the first in its reading order chassisNr, chassis, port, busNr. */
  badTarget?: { attribute: 'chassisNr' | 'chassis' | 'port' | 'busNr'; text: string };
  /** For pci controllers: `<model name=…/>` when the user names the QEMU device (ioh3420 for a pcie-root-port). */
  modelName?: string;
  /** For pci controllers: `<target hotplug=…/>`; libvirt 9.0 passes it to QEMU without moving any device. */
  hotplug?: 'on' | 'off';
  /** For USB companion controllers: `<master startport=.../>`. */
  masterStartport?: number;
  /** For NVMe controllers: the `<serial>` (libvirt refuses an NVMe controller without one, an added one included). */
  serial?: string;
  /** For virtio-serial and the xHCI USB controllers: `ports=`. */
  ports?: number;
  /** `<driver iothread>`: the IOThread it runs in, which must be one of the domain's (DomainSpec.iothreads). */
  iothread?: number;
  /** The user's `<alias name=…/>`, see UserAlias. */
  alias?: UserAlias;
  address?: UserAddress;
}

export type DiskBus = 'virtio' | 'sata' | 'ide' | 'scsi' | 'usb' | 'fdc' | 'nvme';

/** A USB device's `<address type='usb' bus=B port=N/>`: port N of the USB controller with index B. */
export interface UsbPortAddress {
  usbPort?: number;
  /** B above; undefined: 0, the first USB controller. */
  usbBus?: number;
  /** port='N.M': port M of the hub the user put at port N (one level of hubs). */
  usbHubPort?: number;
}

/** A `<hub type='usb'>` or a `<redirdev bus='usb'>`: a USB device that may name its port. */
export type UsbDeviceSpec = UsbPortAddress;

/** A disk; one on bus usb may name its USB port (UsbPortAddress). */
export interface DiskSpec extends UsbPortAddress {
  /** floppy: on the fdc bus only (fda, fdb). */
  device: 'disk' | 'cdrom' | 'floppy';
  bus: DiskBus;
  /** Target device name, unique within a domain (vda, sdb, hdc …). It is the disk's identity. */
  target: string;
  address?: UserAddress;
  /** The user's `<alias name=…/>`, see UserAlias. */
  alias?: UserAlias;
  /** `<address type='drive'>` when the user's differs from the one libvirt derives from the target name. */
  drive?: { controller: number; bus: number; target: number; unit: number };
  /**
   * `model='usb-storage'` on a USB disk, as libvirt 12.8 writes every USB disk back (older
   * releases refuse the value); a virtio variant on a virtio disk.
   */
  model?: 'usb-storage' | VirtioVariant;
  /** `<readonly/>` on a hard disk (a cdrom is read-only anyway): libvirt refuses it on IDE and SATA. */
  readonly?: true;
  /** `<wwn>` given: QEMU's IDE and SCSI disks have one, the others not. */
  wwn?: true;
  /** `<driver io='native'>` with the `cache=` written beside it (none when absent): QEMU's native AIO needs the host cache off. */
  nativeIo?: { cache?: string };
  /** `<driver iothread>`: the IOThread it runs in, which must be one of the domain's (DomainSpec.iothreads). */
  iothread?: number;
  /** An NVMe disk's `<serial>`, which must be its controller's. */
  serial?: string;
  /** `sgio='unfiltered'` on a passthrough LUN, which libvirt no longer takes. */
  unfilteredSgio?: true;
  /** device='lun': its source type as written (block, file, network …) and a network source's protocol, which libvirt checks. */
  lun?: { sourceType: string; protocol?: string };
  /** A cdrom or floppy with a medium (`<source>`); without, the drive is empty, which libvirt 11.3 refuses for a USB cdrom. */
  media?: true;
  /** `<disk type='vhostvdpa'>`: a vDPA block device (a source type older parsers refuse; its bus places it as any disk). */
  vhostVdpa?: true;
  /**
   * No `bus=` was written: libvirt takes the bus from the name's prefix only after it has put
   * the disk in its list, where it sits among the other disks without a bus (virDomainDiskInsert).
   */
  busImplied?: true;
  /** The source's path as libvirt keeps it (a file, a block device, a directory, a network name), kept where libvirt names it: beside another disk of the same target. */
  sourcePath?: string;
  /** A hard disk (not a LUN) without a medium: only cdroms and floppies may be empty. */
  sourceMissing?: true;
}

/**
 * A disk written without `<target dev>` (a copy-paste slip): libvirt refuses it first among
 * that disk's checks. `bus` as written (undefined: none), `after` the number of disks written
 * before it, which is where libvirt's list takes it in.
 */
export interface TargetlessDisk {
  source?: string;
  bus?: DiskBus;
  after: number;
}

/**
 * Other NIC models users write (QEMU's device of the same name). vmxnet3 is one libvirt knows
 * (conventional PCI); the others it keeps as plain strings, and a model it does not know it
 * takes for PCI Express (observed on q35 with 9.0, 11.3 and 12.8: on a root port, not behind
 * a pcie-to-pci-bridge).
 */
export const LEGACY_NET_MODELS = ['ne2k_pci', 'pcnet', 'i82551', 'i82557b', 'i82559er', 'vmxnet3', 'e1000-82544gc', 'e1000-82545em'] as const;

/**
 * igb (QEMU 8.0's SR-IOV capable Intel NIC): PCI Express on q35, observed on 9.0 (a model it
 * does not know yet), 11.3 and 12.8 alike. Read from users' files; not generated, since
 * QEMU 7.2 (debian-12) cannot start it. 'other': any other name libvirt does not know, kept
 * as written (NetSpec.modelName) and placed as PCI Express like the legacy ones.
 */
export type NetModel = 'virtio' | 'virtio-transitional' | 'virtio-non-transitional' | 'e1000' | 'e1000e' | 'rtl8139' | 'igb' | 'usb-net' | 'other' | (typeof LEGACY_NET_MODELS)[number];

export interface NetSpec {
  model: NetModel;
  /**
   * The NIC's identity in libvirt's output. Without one (users often leave it out: libvirt
   * makes one up) the NIC is recognised by its position among the NICs (types/keys.ts).
   */
  mac?: string;
  /** The user's `<alias name=…/>`, see UserAlias. */
  alias?: UserAlias;
  address?: UserAddress;
  /** `<backend type='passt'>`: user networking through passt (a value older parsers refuse). */
  passt?: true;
  /** A network, bridge or direct NIC without the `<source>` its type needs (attribute: the one missing; undefined: no `<source>` at all): the parser refuses it. */
  missingSource?: { netType: 'network' | 'bridge' | 'direct'; attribute?: 'network' | 'bridge' | 'dev' };
  /** `<rom enabled='no'>` with a bar or file as well: refused by libvirt's parser. */
  romDisabledButTuned?: true;
  /** A usb-net NIC's `<address type='usb'>`. */
  usb?: UsbPortAddress;
  /** The model as written when `model` is 'other' (a QEMU device name users write, e.g. virtio-net-pci-non-transitional). */
  modelName?: string;
  /** `<interface type='vdpa'>`: a virtio-net device on the host's vDPA device (libvirt takes model virtio only). */
  vdpa?: true;
  /** A `<rom>` with any attribute (enabled, bar, file): libvirt takes ROM settings on a PCI NIC only. */
  romTuned?: true;
  /** `<interface type='vhostuser'>` whose socket QEMU serves (mode='server') with `<reconnect enabled='yes'>`: libvirt refuses that pair. */
  serverReconnect?: true;
  /** The interface type as written (network, bridge, direct …), kept with `tuning`; undefined: none given. */
  type?: string;
  /** `<mtu>` and `<coalesce>` given: libvirt takes each on some interface types only. */
  tuning?: Array<'mtu' | 'coalesce'>;
  /**
   * Its place among all the file's `<interface>` elements, when interfaces of type hostdev
   * are kept apart (hostdevNets); undefined: its index in `nets`. A MAC-less NIC is known by it.
   */
  position?: number;
  /** Another NIC of the file has the same MAC (libvirt takes that): it is known by its position, as a MAC-less one. */
  macShared?: true;
}

export type VideoModel = 'cirrus' | 'vga' | 'vmvga' | 'qxl' | 'virtio' | 'bochs' | 'ramfb' | 'none';

export interface VideoSpec {
  model: VideoModel;
  /** primary='yes' on the `<model>` element. */
  primary?: boolean;
  address?: UserAddress;
}

export type SoundModel = 'ich6' | 'ich9' | 'ac97' | 'es1370' | 'sb16' | 'pcspk' | 'usb' | 'ich7';

export interface SoundSpec {
  model: SoundModel;
  address?: UserAddress;
  /** A USB sound card's `<address type='usb'>`. */
  usb?: UsbPortAddress;
}

/** The explicit variants of a virtio device's model: transitional keeps the legacy interface (conventional PCI), non-transitional is virtio 1.0 only. */
export type VirtioVariant = 'virtio-transitional' | 'virtio-non-transitional';

export interface MemballoonSpec {
  model: 'virtio' | 'none' | VirtioVariant;
  address?: UserAddress;
}

export interface RngSpec {
  model: 'virtio' | VirtioVariant;
  address?: UserAddress;
}

export type WatchdogModel = 'i6300esb' | 'ib700' | 'itco';

export interface WatchdogSpec {
  model: WatchdogModel;
  /** What the watchdog does when it fires (libvirt's default: reset); it moves nothing, but newer releases refuse watchdogs that disagree. */
  action?: 'reset' | 'poweroff' | 'shutdown' | 'pause' | 'none' | 'dump' | 'inject-nmi';
  address?: UserAddress;
}

/** An input; one on bus usb may name its USB port (UsbPortAddress). */
export interface InputSpec extends UsbPortAddress {
  /**
   * passthrough: a host evdev device handed to the guest (virtio only); evdev: a host input
   * device QEMU reads itself (no guest device, no bus: 'none').
   */
  type: 'keyboard' | 'mouse' | 'tablet' | 'passthrough' | 'evdev';
  bus: 'virtio' | 'usb' | 'ps2' | 'none';
  address?: UserAddress;
  /** The host event device of a passthrough or evdev input (`<source evdev>`, `<source dev>`); it never moves anything. */
  evdev?: string;
  /** A virtio keyboard's, mouse's or tablet's explicit variant (KubeVirt writes one), which libvirt refuses on those; undefined: plain virtio. */
  model?: VirtioVariant;
}

/** A `<serial>` port; only a pci-serial one takes a PCI address, but every one counts for the keys (serial:N). */
export interface SerialSpec {
  /** `<target type=…>`; undefined: the arch's default (isa-serial on x86, system-serial on virt). */
  targetType?: 'isa-serial' | 'pci-serial' | 'system-serial' | 'usb-serial';
  address?: UserAddress;
  /** A usb-serial port's `<address type='usb'>`. */
  usb?: UsbPortAddress;
  /** An isa-serial target's `<model name>` as written (virt takes the target as its PL011, and refuses the ISA model name). */
  modelName?: string;
  /** An isa-serial target's `<target port=…>`: it must be below 4, and its own. */
  port?: number;
}

/** Virtio models of a 9p `<filesystem>` (its `model=` attribute); undefined: plain virtio. */
export type FilesystemModel = 'virtio' | 'virtio-transitional' | 'virtio-non-transitional';

/**
 * A `<lease>` (a sanlock lock on shared storage, as oVirt writes one): nothing on the guest's
 * buses, but libvirt's parser refuses one with a part missing or an offset that is no number.
 * Each part as written; undefined: the element or attribute is absent.
 */
export interface LeaseSpec {
  key?: string;
  lockspace?: string;
  /** `<target>`: its path and offset attributes. */
  target?: { path?: string; offset?: string };
}

/**
 * A `<filesystem type='mount'>` shared over 9p (QEMU's virtio-9p-pci). Only its model and
 * address can move a device; source, tag and access mode are carried to write the XML.
 * virtiofs (vhost-user-fs) is beyond the spec.
 */
export interface FilesystemSpec {
  model?: FilesystemModel;
  /** Host directory (`<source dir>`): a started guest needs it to exist. */
  source: string;
  /** The guest's mount tag (`<target dir>`). */
  target: string;
  accessmode?: 'passthrough' | 'mapped' | 'squash';
  readonly?: boolean;
  /** `<driver type='virtiofs'>`: a vhost-user-fs device (a 9p one when undefined). */
  driver?: 'virtiofs';
  /** A virtiofs share served by a virtiofsd started outside libvirt (`<source socket>`). */
  socket?: true;
  /** `fmode` or `dmode` given (libvirt takes them with accessmode mapped only). */
  fileModes?: true;
  /** `multidevs` given. */
  multidevs?: true;
  /** `<driver wrpolicy>` given. */
  wrpolicy?: true;
  /** A virtiofs share's `<binary><cache mode>` as written (libvirt parses none, always). */
  cacheMode?: string;
  address?: UserAddress;
}

/** The `<vsock>` device (vhost-vsock; one at most). */
export interface VsockSpec {
  address?: UserAddress;
  /** model='virtio-transitional' or 'virtio-non-transitional'; undefined: plain virtio. */
  model?: VirtioVariant;
  /** `<cid address>` given by the user (libvirt refuses one below 3 while validating). */
  cid?: number;
}

/** The `<iommu>` device (one at most in libvirt 9.0). */
export interface IommuSpec {
  /** intel, virtio or smmuv3. */
  model: string;
  /** Names of the attributes on its `<driver>` (aw_bits, caching_mode …); its children do not count. */
  driverAttributes?: string[];
  address?: UserAddress;
}

/** A `<panic>` device; its model as written (libvirt 9.0 knows isa, pseries, hyperv and s390). */
export interface PanicSpec {
  model?: string;
  address?: UserAddress;
}

/**
 * A PCI host device (`<hostdev mode='subsystem' type='pci'>`). The model takes the host
 * device to be absent from the host, where libvirt assumes it is PCI Express; a present
 * one would be probed on the host's hardware, which a pure model cannot see.
 */
export interface PciHostdevSpec {
  subsystem?: 'pci';
  /** The host device's address (`<source><address …/>`): its identity for libvirt. */
  source: { domain: number; bus: number; slot: number; function: number };
  address?: UserAddress;
  /** `<address type='unassigned'/>`: handed to the guest with no guest address at all (libvirt gives it none). */
  unassigned?: true;
}

/**
 * A host USB device (`<hostdev mode='subsystem' type='usb'>`): a device on the guest's USB
 * bus, which may name its port (UsbPortAddress). Its source (vendor and product, or host
 * bus and device) moves nothing in the guest; libvirt looks it up only at start.
 */
export interface UsbHostdevSpec extends UsbPortAddress {
  subsystem: 'usb';
  /** The `<source>`: vendor and product ids, or the host's bus and device numbers. */
  source: { vendor?: string; product?: string; bus?: number; device?: number };
  address?: undefined;
  unassigned?: undefined;
}

/**
 * A mediated device (`<hostdev type='mdev' model='vfio-pci'>`: a vGPU slice): libvirt places it
 * as a PCI Express device with the host devices (qemuDomainDeviceCalculatePCIConnectFlags: an
 * mdev has no sysfs to probe). Its UUID is its identity.
 */
export interface MdevHostdevSpec {
  subsystem: 'mdev';
  source: { uuid: string };
  /** display='on' (or ramfb='on'): a vGPU console, which needs a graphics device (the reader keeps it to files that have one: the refusal was not measured). */
  display?: true;
  /** `<boot order>` given: libvirt boots from PCI, USB and SCSI host devices only. */
  boot?: true;
  /** No `model=` attribute: the parser refuses the element. */
  modelMissing?: true;
  address?: UserAddress;
  unassigned?: undefined;
}

/** A vhost-scsi host (`<hostdev type='scsi_host'>`): a virtio device among the host devices; its WWPN is its identity. */
export interface ScsiHostHostdevSpec {
  subsystem: 'scsi_host';
  source: { wwpn: string };
  /** An explicit virtio variant, read only where the file gives the guest address (placement by variant not measured). */
  model?: VirtioVariant;
  /** `<boot order>` given, which libvirt refuses on a vhost-scsi host (one of its own test inputs). */
  boot?: true;
  address?: UserAddress;
  unassigned?: undefined;
}

/**
 * A host SCSI device (`<hostdev type='scsi'>`, a host adapter's LUN or an iSCSI one) at an
 * explicit drive address: nothing on PCI itself, but libvirt adds the SCSI controllers up to the one it names.
 */
export interface ScsiHostdevSpec {
  subsystem: 'scsi';
  /** The host adapter's LUN (`<adapter name>` and `<address bus target unit>`), or an iSCSI LUN (`protocol='iscsi' name=…` on a host): its identity. */
  source: { adapter: string; bus: number; target: number; unit: number } | { iscsi: string; host: string };
  /** Its `<address type='drive'>`; absent: libvirt gives it the first free unit of SCSI controller 0 (model/buildDef.ts, hostdevDrives). */
  drive?: { controller: number; bus: number; target: number; unit: number };
  address?: undefined;
  unassigned?: undefined;
}

/** A host device: PCI, USB, mediated, vhost-scsi or SCSI. */
export type HostdevSpec = PciHostdevSpec | UsbHostdevSpec | MdevHostdevSpec | ScsiHostHostdevSpec | ScsiHostdevSpec;

/**
 * `<interface type='hostdev'>`: an SR-IOV function handed to the guest as its NIC. A PCI host
 * device (absent from the host here, like PciHostdevSpec) that libvirt places with the host
 * devices, before the `<hostdev>` elements, and lists as an interface (keyed by its MAC).
 */
export interface HostdevNetSpec {
  mac: string;
  source: PciHostdevSpec['source'];
  address?: UserAddress;
}

/**
 * A `<memory>` device: virtio-mem and virtio-pmem are PCI devices (placed after the vsock);
 * a DIMM or NVDIMM sits in a memory slot (address type dimm).
 */
export interface MemoryDeviceSpec {
  model: 'dimm' | 'nvdimm' | 'virtio-pmem' | 'virtio-mem';
  /** `<uuid>` given: only pSeries NVDIMMs take one. */
  uuid?: true;
  address?: UserAddress;
}

/** A `<crypto>` (virtio, QEMU's builtin or lkcf backend) or a `<pstore backend='acpi-erst'>`: conventional PCI devices of the releases that know them. */
export interface PlatformPciDeviceSpec {
  address?: UserAddress;
}

/** A `<shmem>` (ivshmem-plain or -doorbell): a conventional PCI device. */
export interface ShmemSpec {
  model: 'ivshmem-plain' | 'ivshmem-doorbell';
  /** `<size>` given, which a doorbell one does not take (its memory comes from the server). */
  size?: true;
  address?: UserAddress;
}

/**
 * A `<smartcard>`: a CCID device on the CCID controller libvirt adds for it (itself a USB
 * device). Its mode (host, host-certificates, passthrough) moves nothing.
 */
export interface SmartcardSpec {
  mode: string;
  /** The CCID controller its address names, when not 0 (the file must declare it). */
  ccidController?: number;
}

/**
 * A `<channel>` or `<console>` whose target is virtio: it lives on a virtio-serial port,
 * and libvirt adds the virtio-serial controller it names when the domain has none.
 */
export interface VirtioPortSpec {
  kind: 'channel' | 'console';
  /** `<address type='virtio-serial' controller=…/>` of a channel; undefined: no address (controller 0). */
  controller?: number;
  /** The address's `port`, when given: a controller has 31 ports unless its `ports=` says otherwise. */
  port?: number;
}

/** One `<clock><timer>` with the attributes libvirt checks (frequency 0 and catchup 0/0/0 are as unset). */
export interface TimerSpec {
  name: string;
  present?: 'yes' | 'no';
  tickpolicy?: string;
  track?: string;
  mode?: string;
  frequency?: true;
  /** `<catchup>` with a threshold, slew or limit other than 0 */
  catchup?: true;
}

/** A random (or hand-written) guest definition, before libvirt has seen it. */
export interface DomainSpec {
  /**
   * Model names libvirt has no value for, by element (`<video><model type>`, `<sound model>`,
   * `<graphics type>`): its parser refuses them when it reads that kind of device.
   */
  unknownModels?: { video?: string; sound?: string; graphics?: string; tpm?: string };
  /** The first VNC `passwd` longer than 8 bytes (QEMU's limit): the QEMU driver refuses it while it validates the graphics. */
  longVncPassword?: string;
  /** Each `<console>`'s `<target type>` in document order, undefined where none is written (a serial port, on x86 and virt alike). */
  consoleTargets?: Array<string | undefined>;
  /**
   * `<features><hyperv><vendor_id state='on' value=…>`'s value, when every Hyper-V
   * enlightenment written before it is one the parser takes on every release: the parser
   * refuses a value over 12 characters or with a comma.
   */
  hypervVendorId?: string;
  /**
   * `<features><hyperv>` is written (QEMU starts it only where the host's kernel has every
   * enlightenment asked for). `on`: the enlightenments `mode='custom'` sets on (spinlocks and
   * vendor_id left out), when the parser surely takes the whole element, else undefined;
   * `tlbflushDirect`: `<tlbflush>` carries `<direct state='on'/>`. Later releases check
   * their dependencies.
   */
  hyperv?: { on?: string[]; tlbflushDirect?: true };
  /** `<pm>`: which of suspend-to-mem (s3) and suspend-to-disk (s4) are set, either way (QEMU has them on x86 only). */
  acpiSleep?: { s3?: true; s4?: true };
  /** `<vcpu current=…>N</vcpu>` where the parser surely reaches the comparison: N (max) and current. */
  vcpuCounts?: { max: number; current: number };
  /** `<vcpu>` above 1 written alone (no `current=`, no topology): a board may have fewer CPUs. */
  vcpus?: number;
  /** `<cpu><topology>` (dies and clusters 1 when not written) and the `<vcpu>` count it must multiply to. */
  cpuTopology?: { sockets: number; dies: number; clusters: number; cores: number; threads: number; vcpus: number };
  /** `<uuid>` as written (libvirt generates one when it is absent). */
  uuid?: string;
  /** `<sysinfo type='smbios'><system><entry name='uuid'>` texts, in document order: each must be the domain's UUID. */
  sysinfoUuids?: string[];
  /** A user alias two elements of a file share (whichever elements: the reader notes it, libvirt refuses it). */
  sharedUserAlias?: string;
  arch: Arch;
  /** The machine as the user writes it: an alias (pc, q35, virt) or a versioned name. */
  machine: string;
  /**
   * The XML leaves the machine attribute out, as many users do; `machine` is then the one
   * the build's default resolves to, which libvirt must pick by itself.
   */
  machineOmitted?: boolean;
  /** Adds `<graphics type='vnc'/>`; with no `<video>`, libvirt then adds a default video. */
  graphics: boolean;
  /**
   * What of the file needs SPICE graphics, when it has none: a SPICE character device
   * (spicevmc, spiceport: of a channel, redirdev, smartcard …) or SPICE audio. libvirt
   * refuses either without `<graphics type='spice'>`.
   */
  spiceWithoutGraphics?: 'spicevmc' | 'spiceport' | 'audio';
  /**
   * A user's file has both `<os><boot dev>` and a device's `<boot order>`, which libvirt's
   * post-parse refuses whatever the devices are (observed on all three releases).
   */
  bootOrderWithOsBoot?: true;
  /** The devices' `<boot order>` values in libvirt's device order (disks, interfaces, host devices, filesystems, redirected USB, then any other): each must be its own. */
  bootOrders?: number[];
  /** `<on_poweroff>`, `<on_reboot>` and `<on_crash>` as written (absent: libvirt's defaults destroy, restart, destroy); the QEMU driver refuses some. */
  lifecycle?: { poweroff?: string; reboot?: string; crash?: string };
  /** `<cpu mode>` as written; the parser refuses a mode it does not know. */
  cpuMode?: string;
  /** `<clock><timer>` elements in document order, with the attributes the QEMU driver checks. */
  timers?: Array<TimerSpec>;
  controllers: ControllerSpec[];
  disks: DiskSpec[];
  nets: NetSpec[];
  videos: VideoSpec[];
  sounds: SoundSpec[];
  /** undefined: no `<memballoon>` element, so libvirt adds its default one. */
  memballoon?: MemballoonSpec;
  rngs: RngSpec[];
  watchdogs: WatchdogSpec[];
  inputs: InputSpec[];
  /** Virtio channels and consoles; undefined and [] are the same. */
  virtioPorts?: VirtioPortSpec[];
  /** Host devices (PCI and USB), in document order; undefined and [] are the same. */
  hostdevs?: HostdevSpec[];
  /** The user's USB hubs (each 8 more ports), in document order; undefined and [] are the same. */
  usbHubs?: UsbDeviceSpec[];
  /** USB redirection channels (`<redirdev bus='usb'>`), in document order. */
  usbRedirdevs?: UsbDeviceSpec[];
  /** `<launchSecurity type='sev'>`: an AMD SEV guest (other types are beyond the spec). */
  launchSecurity?: 'sev';
  /** Memory devices in document order; undefined and [] are the same. */
  memoryDevices?: MemoryDeviceSpec[];
  /** `<crypto>` devices in document order; undefined and [] are the same. */
  cryptos?: PlatformPciDeviceSpec[];
  /** `<pstore>` devices in document order; undefined and [] are the same. */
  pstores?: PlatformPciDeviceSpec[];
  /** Shared memory devices in document order; undefined and [] are the same. */
  shmems?: ShmemSpec[];
  /** NICs that are PCI host devices, in document order; undefined and [] are the same. */
  hostdevNets?: HostdevNetSpec[];
  /** Smartcards; undefined and [] are the same. */
  smartcards?: SmartcardSpec[];
  /**
   * The user's `<controller type='ccid'>` elements, indexes 0 to n-1 (libvirt adds index 0 for
   * a smartcard when there is none): each a USB device. undefined: none.
   */
  ccidControllers?: number;
  /** Panic devices; undefined and [] are the same. */
  panics?: PanicSpec[];
  /** Serial ports in document order; undefined and [] are the same. */
  serials?: SerialSpec[];
  /** The IOMMU, if any. */
  iommu?: IommuSpec;
  /** The virtio vsock, if any. */
  vsock?: VsockSpec;
  /** 9p filesystems in document order; undefined and [] are the same. */
  filesystems?: FilesystemSpec[];
  /** `<iothreads>` and `<iothreadids>` as written (the IOThreads disks and controllers may name). */
  iothreads?: { count?: number; ids: number[] };
  /** `<lease>` elements in document order; undefined and [] are the same. */
  leases?: LeaseSpec[];
  /**
   * The guest's memory is shared as libvirt's vhost-user check reads it: `<memoryBacking><access
   * mode='shared'>` without NUMA, or every NUMA cell shared (its own memAccess or the domain's).
   */
  sharedMemory?: true;
  /** Number of `<cpu><numa>` cells (ids 0..n-1); undefined: no NUMA. Expander buses name a cell. */
  numaCells?: number;
  /** `<features><acpi/>` (a virtio IOMMU requires it). */
  acpi?: boolean;
  /**
   * Device elements (by name) that carry a user alias the spec does not keep: an alias never
   * moves a device, but it becomes the device's QEMU id, and libvirt's numbering of the ids
   * beside it is not measured, so the command line is not predicted for such a file.
   */
  unkeptUserAliases?: string[];
  /** `<qemu:commandline>` passes QEMU arguments of its own (devices libvirt never places), or `<qemu:override>` changes device properties: only layer xml is judged. */
  qemuArgs?: boolean;
  /**
   * UEFI as libvirt's validation sees it: `<os firmware='efi'>` or a `<loader type='pflash'>`.
   * On x86 it needs ACPI, on aarch64 ACPI needs it; neither moves a PCI device.
   */
  uefi?: boolean;
  /** `<features><smm><tseg>`: an extended SMRAM size, which only q35 has. */
  smmTseg?: boolean;
  /**
   * `<os><loader secure='yes'>` with no `<os firmware>` (no autoselection): QEMU's secure
   * boot needs q35, x86_64 and SMM, which libvirt checks among its domain checks. `smm`:
   * `<features><smm>` is on (written without a state, or state='on').
   */
  secureBoot?: { smm: boolean };
  /** Disks written without `<target dev>`, see TargetlessDisk. */
  targetlessDisks?: TargetlessDisk[];
  /** The domain's `type` (kvm, qemu) when known: libvirt names it in some refusals. */
  virtType?: 'kvm' | 'qemu';
  /** `<maxMemory slots=…>` is given (memory hotplug): QEMU then needs a NUMA node, and memory devices need it. */
  maxMemory?: true;
  /** `<os><bios useserial='yes'>`: SeaBIOS on the serial console, which needs a serial port (x86 only). */
  biosSerial?: true;
  /**
   * A `<console>` on a serial target (or none, which is serial on x86): libvirt copies it into
   * a serial port when the file has none, so it counts as one for biosSerial.
   */
  serialConsole?: true;
  /** `<memtune><min_guarantee>`, which the QEMU driver refuses whatever else the domain has. */
  minGuarantee?: true;
  /** `<memoryBacking>` with both `<hugepages>` and `<allocation mode='ondemand'>`, which libvirt refuses together. */
  hugepagesOnDemand?: true;
  /** `<features><ras>` (aarch64 error reporting): a feature older parsers refuse. */
  rasFeature?: true;
  /**
   * The `<features>` children written (in document order) that libvirt takes on some
   * architectures or releases only (ARCH_BOUND_FEATURES); undefined and [] are the same.
   */
  archBoundFeatures?: string[];
  /** The `type` of each `<audio>` backend, in document order (older parsers know fewer). */
  audioTypes?: string[];
}

// ---------------------------------------------------------------- what a domain looks like after define

/** Where a device ended up. `pci` is set exactly when `type` is 'pci'. */
export interface DeviceAddress {
  /** libvirt's address type: pci, virtio-mmio, drive, usb, isa, … ; 'none' when no `<address>`. */
  type: string;
  pci?: PciAddress;
}

/** A controller as libvirt has it after define (implicit and auto-added ones included). */
export interface ControllerState {
  type: ControllerType | string;
  index: number;
  model?: string;
  /** `<model name=.../>` of PCI controllers (the QEMU device name). */
  modelName?: string;
  /** chassisNr is what libvirt writes for a pci-bridge (`<target chassisNr=.../>`). */
  target?: { chassis?: number; port?: number; busNr?: number; chassisNr?: number };
  /** `<target hotplug=…/>` of a PCI controller, as libvirt writes it back (only when given). */
  hotplug?: 'on' | 'off';
  address: DeviceAddress;
  /**
   * libvirt's `<alias name=.../>`: observed, every alias of the live XML (the inactive XML
   * keeps user aliases only); predicted, the user alias of the spec. Never compared; used
   * to join with QEMU's ids and to name them.
   */
  alias?: string;
}

/** A non-controller device and its address. `key` is its identity (see types/keys.ts). */
export interface DeviceState {
  key: string;
  address: DeviceAddress;
  /**
   * libvirt's `<alias name=.../>`: observed, every alias of the live XML (the inactive XML
   * keeps user aliases only); predicted, the user alias of the spec. Never compared; used
   * to join with QEMU's ids and to name them.
   */
  alias?: string;
}

/** The PCI-relevant part of a defined domain: what the model predicts and the harness observes. */
export interface DomainState {
  /** Canonical machine name libvirt wrote into `<type machine=...>`. */
  machine: string;
  controllers: ControllerState[];
  devices: DeviceState[];
}

/** Classes of rejection, so a predicted refusal can be matched with libvirt's message. */
export type RejectClass =
  | 'address-in-use'
  | 'no-free-slot'
  | 'invalid-address'
  | 'wrong-controller'
  | 'bus-not-found'
  | 'unsupported-by-machine'
  | 'unknown-machine'
  | 'other';

/** The model's answer for one spec. */
export type Prediction =
  | { kind: 'ok'; state: DomainState }
  | { kind: 'reject'; errorClass: RejectClass; detail: string }
  | { kind: 'unsupported'; reason: string };

/** What the harness saw for one spec on one layer. */
export type Observation =
  | { kind: 'defined'; state: DomainState; xml: string }
  | { kind: 'rejected'; message: string; errorClass: RejectClass };

/** Layers a run can compare; see ARCHITECTURE.md, "How a case travels". */
export type Layer = 'xml' | 'argv' | 'qemu';

/** Outcome of comparing a prediction with an observation. */
export type Verdict =
  | { kind: 'agree' }
  | { kind: 'mismatch'; layer: Layer | 'invariant'; diff: string }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'error'; message: string };

/** A machine type as QEMU lists it (from `-machine help` or libvirt's capabilities). */
export interface MachineInfo {
  arch: Arch | string;
  name: string;
  /** Target of the alias when `name` is an alias; undefined for a concrete machine. */
  aliasOf?: string;
  description?: string;
  isDefault?: boolean;
  deprecated?: boolean;
}

/**
 * What the build under test says of itself for one guest arch, read when a run starts
 * (`virsh version`, `capabilities`, `domcapabilities`, QEMU's `-machine help`). Besides
 * the spec, this is all the model may read: never libvirt's answer for the case.
 */
export interface BuildProfile {
  arch: Arch | string;
  /** libvirt's version, e.g. "11.3.0". */
  libvirt: string;
  /** QEMU's version, e.g. "10.0.13". */
  qemu: string;
  machines: MachineInfo[];
  /** What QEMU offers, from domcapabilities; undefined where it was not read. */
  offers?: QemuOffers;
}

/** Device models and buses QEMU offers for an arch, as libvirt's domcapabilities lists them. */
export interface QemuOffers {
  videoModels: string[];
  diskBuses: string[];
  /** `<features><sev supported='yes'>`: AMD SEV guests can be defined. */
  sev?: boolean;
}

/** Machine family the model reasons about; decided from what QEMU says, never from a name. */
export type MachineFamily = 'i440fx' | 'q35' | 'arm-virt' | 'other';
