// What changed between the libvirt releases the model knows, in one place, keyed the way
// libvirt keys it: by libvirt's own version (a change in libvirt's code) or by what QEMU
// offers (a QEMU capability libvirt probes). Every other model file asks this one; none
// compares versions itself.
//
// Each fact names the build it was observed on:
//   debian-12        libvirt 9.0.0,  QEMU 7.2  (Debian 12)
//   debian-13        libvirt 11.3.0, QEMU 10.0 (Debian 13)
//   debian-unstable  libvirt 12.8.0, QEMU 11.1 (Debian unstable)

import type { BuildProfile, MachineFamily, ScsiControllerModel } from '../types/domain.js';

/** The releases whose facts were observed, oldest first. */
export const KNOWN_RELEASES = [
  { libvirt: '9.0.0', build: 'debian-12' },
  { libvirt: '11.3.0', build: 'debian-13' },
  { libvirt: '12.8.0', build: 'debian-unstable' },
] as const;

/** The facts of one release the model predicts for. */
export interface ReleaseFacts {
  /** The known release these facts are for (the profile's own, or the nearest one). */
  libvirt: string;
  /** Set when the profile's libvirt is none of the known releases: the one it runs. */
  unknownVersion?: string;
  /**
   * q35 gets an implicit `<watchdog model='itco'>` (ICH9's TCO watchdog: no PCI address)
   * unless the user gave one. Observed on debian-13 and debian-unstable, not on debian-12.
   */
  q35ImplicitItco: boolean;
  /**
   * Several `<watchdog>` elements are accepted, and the `itco` model is known (observed on
   * debian-13 and debian-unstable; debian-12 parses only one and knows no itco). With
   * several: one watchdog per model except the PCI i6300esb, all with one action, itco
   * on q35 only.
   */
  multipleWatchdogs: boolean;
  /**
   * Video models QEMU offers (domcapabilities); libvirt refuses any other with "domain
   * configuration does not support video model" (observed: qxl on debian-13, whose QEMU
   * has no QXL without its spice modules). undefined: not read, nothing is refused.
   */
  videoModels?: ReadonlySet<string>;
  /**
   * `<disk model='usb-storage'>` is parsed (observed: debian-unstable writes it on every USB
   * disk; debian-13 refuses it, "Invalid value for attribute 'model' in element 'disk'").
   */
  usbStorageDiskModel: boolean;
  /**
   * A controller libvirt adds itself (implicit USB, SATA, PCI root, disk controllers, the
   * PCI controllers of grown buses or index gaps) goes into the controller list at its
   * index among those of its type, not at the list's end; list order is slot order, so
   * a gap filler takes its slot before the user's higher ones (observed on debian-13 and
   * debian-unstable; debian-12 appends).
   */
  addedControllersInOrder: boolean;
  /**
   * A SCSI controller without a model (the user's, or one a disk implies) takes the model
   * of the lowest-indexed SCSI controller the user gave one, not the family default
   * (observed on debian-unstable; debian-12 and debian-13 give the default).
   */
  scsiModelFromFirstNamed: boolean;
  /**
   * The SCSI controller model a family gets by default where it differs from the family's
   * own (model/families.ts): virtio-scsi on aarch64 virt (observed on debian-unstable;
   * lsilogic on debian-12 and debian-13).
   */
  defaultScsiModel: Partial<Record<MachineFamily, ScsiControllerModel>>;
  /** An empty USB cdrom is refused at define ("'usb' disk must not be empty", observed on debian-13; debian-12 takes it and cannot start it, debian-unstable starts it). */
  emptyUsbCdromRefused: boolean;
  /** microvm gets libvirt's ps2 mouse and keyboard (observed on debian-12; debian-13 and debian-unstable add none and refuse a user's). */
  microvmPs2: boolean;
  /**
   * The machines without PCI (isapc, microvm) get libvirt's default balloon, and microvm its
   * PIIX3 UHCI, which then find no PCI bus (observed on debian-12 and debian-13; debian-unstable adds neither).
   */
  noPciImplicitDevices: boolean;
  /**
   * A PCI controller on a machine without PCI is refused at controller validation, after the
   * addresses ("Machine type 'isapc' does not support PCI", observed on debian-unstable;
   * debian-12 and debian-13 take a user's pci-root and put devices on it).
   */
  pciRefusedWithoutPci: boolean;
  /**
   * A pcie-to-pci-bridge that finds no free root port gets one added for it, as a PCIe
   * device does (observed on debian-unstable; debian-12 and debian-13 refuse: "Cannot
   * automatically add a new PCI bus for a device with connect flags 2000").
   */
  bridgeGrowsRootPort: boolean;
  /** A virtio-serial controller can be hot plugged live (observed on debian-13; debian-12 refuses it). */
  virtioSerialHotplug: boolean;
  /** An ib700 watchdog (an ISA card) is refused on q35 and on virt (observed on debian-13 and debian-unstable; debian-12 defines it on both). */
  ib700RefusedOffPc: boolean;
  /**
   * ACPI S3/S4 settings off x86 are refused in one message ("setting ACPI S3/S4 not
   * supported"; observed on debian-13 and debian-unstable); 9.0 names the state, S3 first.
   */
  acpiSleepRefusedAsOne: boolean;
  /**
   * The driver checks the Hyper-V enlightenments' dependencies while it validates the
   * features (observed on debian-unstable, e.g. "'tlbflush' hyperv feature requires 'vpindex'
   * feature"; debian-12 and debian-13 define them all alone).
   */
  hypervDependencies: boolean;
  /**
   * libvirt 9.0's wording of refusals later releases reword (observed on debian-12, unseen
   * files, 2026-12-07): "unknown video model 'X'" (later "Invalid value for attribute 'type'
   * in element 'model': 'X'."), "SEV launch security is not supported …" (later "'sev' …").
   */
  wording90: boolean;
  /**
   * A loader the file names is matched against the host's firmware descriptors at define, and
   * SMM turned on where the matching firmware needs it (observed on debian-13 and
   * debian-unstable: Debian's own secure-boot OVMF path without <smm> is taken; another path
   * is refused "Secure boot requires SMM feature enabled"); debian-12 does it at start only.
   */
  firmwareFilledAtDefine: boolean;
  /**
   * A new domain with memory hotplug and no NUMA node gets one (qemuDomainDefNumaAutoAdd;
   * observed on debian-13 and debian-unstable); debian-12 refuses it ("At least one numa node
   * has to be configured when enabling memory hotplug").
   */
  numaNodeAdded: boolean;
  /** A CPU topology's clusters count in its product (observed on 11.3 and 12.8; 9.0 does not read them: sockets='1' clusters='2' cores='2' is 2 vCPUs there). */
  topologyClusters: boolean;
  /**
   * The `<panic model>` values the parser knows; any other is refused as unknown. libvirt
   * 9.1 added pvpanic (an integrated PCI device on bus 0): observed refused on debian-12,
   * accepted on debian-13 and debian-unstable.
   */
  panicModels: ReadonlySet<string>;
  /**
   * The model a `<panic>` without one gets on aarch64 virt: pvpanic (observed on debian-13
   * and debian-unstable, at 00:02.0 after the root ports), isa on debian-12 (then refused:
   * QEMU has no ISA panic there).
   */
  virtPanicDefault: 'pvpanic' | 'isa';
  /**
   * `<crypto>` and `<pstore>` are parsed: conventional PCI devices placed after the vsock
   * (observed on debian-13 and debian-unstable; debian-12 does not know the elements and
   * passes over them).
   */
  cryptoAndPstore: boolean;
  /** QEMU offers AMD SEV (domcapabilities); undefined: not read. */
  sevOffered?: boolean;
  /**
   * A usb-net NIC is a USB device: it gets a free USB port and counts for the hubs (observed
   * on debian-13 and debian-unstable). debian-12 gives it no port: without one it looks for
   * a PCI slot of connect flags 0 and is refused; with one its port is not reserved.
   */
  usbNetPorts: boolean;
  /** `<backend type='passt'>` on a NIC is parsed (observed on debian-13 and debian-unstable; debian-12 refuses the value). */
  passtBackend: boolean;
  /** A read-only virtiofs share libvirt starts virtiofsd for is refused (observed on debian-12; debian-13 and debian-unstable take it). */
  virtiofsReadonlyRefused: boolean;
  /** A read-only virtiofs share on an externally started virtiofsd (`<source socket>`) is refused (observed on debian-unstable; debian-12 and debian-13 take it). */
  externalVirtiofsReadonlyRefused: boolean;
  /**
   * A domain without a machine gets QEMU's default machine, but aarch64 (where QEMU names
   * no default) gets virt: observed virt-10.0 on debian-13 and virt-11.1 on debian-unstable;
   * debian-12 (libvirt 9.0) picks integratorcp (its table of preferred machines, qemu_capabilities.c).
   */
  aarch64DefaultsToVirt: boolean;
  /** `<disk type='vhostvdpa'>` is parsed (observed on debian-13 and debian-unstable; debian-12 refuses the value). */
  vhostVdpaDisk: boolean;
  /** `<features><ras>` is parsed (observed on debian-13 and debian-unstable; debian-12: "unexpected feature 'ras'"). */
  rasFeature: boolean;
  /** NVMe controllers and `bus='nvme'` disks are known to the parser (9.0 and 11.3 refuse the values). */
  nvme: boolean;
  /** `<features><async-teardown>` is known to the parser (9.0 refuses it: "unexpected feature"). */
  asyncTeardownFeature: boolean;
  /** `<audio type>` values the parser knows: pipewire observed refused on debian-12, taken on debian-13 and debian-unstable; dbus taken on all three. */
  audioTypes: ReadonlySet<string>;
}

const AUDIO_TYPES_9_0 = ['none', 'alsa', 'coreaudio', 'jack', 'oss', 'pulseaudio', 'sdl', 'spice', 'file', 'dbus'];

const PANIC_MODELS_9_0 = ['isa', 'pseries', 'hyperv', 's390'];

/** Every panic model some known release parses (what a reader of users' XML keeps). */
export const ANY_RELEASE_PANIC_MODELS: ReadonlySet<string> = new Set([...PANIC_MODELS_9_0, 'pvpanic']);

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The known release closest to a version (the older one on a tie). */
export function nearestRelease(version: string): string {
  const distance = (known: string): number => {
    const [a, b] = [version, known].map((v) => v.split('.').map((x) => parseInt(x, 10) || 0));
    return Math.abs((a[0] - b[0]) * 100 + ((a[1] ?? 0) - (b[1] ?? 0)));
  };
  let best: string = KNOWN_RELEASES[0].libvirt;
  for (const r of KNOWN_RELEASES) if (distance(r.libvirt) < distance(best)) best = r.libvirt;
  return best;
}

/** The facts the model uses for a build (the nearest known release's when the version is unknown). */
export function releaseFacts(profile: Pick<BuildProfile, 'libvirt' | 'offers'>): ReleaseFacts {
  const known = KNOWN_RELEASES.some((r) => r.libvirt === profile.libvirt);
  const libvirt = known ? profile.libvirt : nearestRelease(profile.libvirt);
  const since = (v: string): boolean => compareVersions(libvirt, v) >= 0;
  return {
    libvirt,
    ...(known ? {} : { unknownVersion: profile.libvirt }),
    // libvirt 9.1 added the ICH9 TCO watchdog as q35's default (qemuDomainDefAddDefaultDevices)
    q35ImplicitItco: since('9.1.0'),
    // the same release turned the single watchdog into a list
    multipleWatchdogs: since('9.1.0'),
    addedControllersInOrder: since('11.3.0'),
    ib700RefusedOffPc: since('11.3.0'),
    acpiSleepRefusedAsOne: since('11.3.0'),
    hypervDependencies: since('12.8.0'),
    wording90: !since('11.3.0'),
    firmwareFilledAtDefine: since('11.3.0'),
    numaNodeAdded: since('11.3.0'),
    topologyClusters: since('11.3.0'),
    microvmPs2: !since('11.3.0'),
    emptyUsbCdromRefused: since('11.3.0') && !since('12.8.0'),
    noPciImplicitDevices: !since('12.8.0'),
    pciRefusedWithoutPci: since('12.8.0'),
    scsiModelFromFirstNamed: since('12.8.0'),
    bridgeGrowsRootPort: since('12.8.0'),
    virtioSerialHotplug: since('11.3.0'),
    defaultScsiModel: since('12.8.0') ? { 'arm-virt': 'virtio-scsi' } : {},
    aarch64DefaultsToVirt: since('9.3.0'),
    panicModels: new Set(since('9.1.0') ? [...PANIC_MODELS_9_0, 'pvpanic'] : PANIC_MODELS_9_0),
    virtPanicDefault: since('11.3.0') ? 'pvpanic' : 'isa',
    virtiofsReadonlyRefused: !since('11.3.0'),
    passtBackend: since('11.3.0'),
    usbNetPorts: since('11.3.0'),
    cryptoAndPstore: since('11.3.0'),
    externalVirtiofsReadonlyRefused: since('12.8.0'),
    videoModels: profile.offers ? new Set(profile.offers.videoModels) : undefined,
    ...(profile.offers?.sev === undefined ? {} : { sevOffered: profile.offers.sev }),
    usbStorageDiskModel: since('12.8.0'),
    vhostVdpaDisk: since('11.3.0'),
    rasFeature: since('11.3.0'),
    asyncTeardownFeature: since('11.3.0'),
    nvme: since('12.8.0'),
    audioTypes: new Set(since('11.3.0') ? [...AUDIO_TYPES_9_0, 'pipewire'] : AUDIO_TYPES_9_0),
  };
}

/**
 * Whether QEMU offers a video model. Without QEMU's offers (a profile read offline, the
 * tables), what debian-12 offered: every model on x86, all but qxl on virt.
 */
export function videoOffered(release: ReleaseFacts, refusedByFamily: ReadonlySet<string> | undefined, model: string): boolean {
  if (release.videoModels) return release.videoModels.has(model);
  return !refusedByFamily?.has(model);
}

/** The facts of libvirt 9.0 with QEMU 7.2 (debian-12): what unit tables without a profile mean. */
export const DEBIAN_12: Pick<BuildProfile, 'libvirt' | 'qemu'> = { libvirt: '9.0.0', qemu: '7.2.0' };
