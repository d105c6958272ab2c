// Reads a user's INPUT domain XML into a DomainSpec, so the model can predict for a file
// that was never generated. Faithful or not at all: anything the spec cannot carry that
// could change libvirt's PCI placement makes the answer `{ unsupported: reason }`.
//
// Ignored on purpose, because none of it can make libvirt add a PCI controller or
// device, or move one (libvirt's PCI assignment reads only devices and the machine):
//  - domain-level: name, uuid, title, description, metadata, memory sizes, vcpus,
//    iothreads, tuning blocks, clock, on_*, pm, seclabel, resource, sysinfo, perf,
//    idmap, genid; `<cpu>` (only the number of its NUMA cells is read: expander buses name one);
//    `<os>` besides `<type>` (boot order, loader, nvram, kernel, smbios);
//    `<features>` children in FEATURES_WITHOUT_PCI (ACPI, APIC, PAE, hyperv, …).
//  - devices: `<emulator>` (reported, so callers can check it exists), `<graphics>`
//    (only "is there one": it makes libvirt add a default video), `<audio>` (a backend),
//    `<console>`/`<parallel>` on ISA, pty or the platform UART (`<serial>` is read:
//    a pci-serial port takes a PCI address), `<channel>`
//    of guestfwd type, USB `<hub>`/`<redirdev>`, `<redirfilter>`, `<tpm>` on TIS/CRB.
//    Their state lines are left out of the comparison, but only while libvirt gives
//    them no PCI address (see `ignoredDeviceKey`).
// PCI host devices are read (the model takes them to be absent from the host; adaptXml
// makes sure they are). Everything else (other hostdevs, filesystem, shmem, vsock, iommu, panic, memory devices,
// smartcards, qemu:commandline, …) is unsupported. Virtio consoles and channels are read
// into `virtioPorts` (they can make libvirt add a virtio-serial controller); their own
// lines stay out of the comparison like the other chardevs.

import type { Arch, DeviceState, DomainSpec, DomainState, NetModel } from '../types/domain.js';
import { Unrepresentable, unrepresentable } from './userXml/address.js';
import { parseController, parseDisk, parseHostdev, parseInput, parseMemballoon, parseNet, parseIommu, parsePanic, parseRng, parseSerial, parseVsock, parseSound, parseVideo, parseVirtioPort, parseWatchdog } from './userXml/devices.js';
import { childNamed, childrenNamed, parseDomainElement, type XNode } from './userXml/xmlTree.js';

export { NotDomainXmlError } from './userXml/xmlTree.js';

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
}

/** Result of reading a user's domain XML. */
export type SpecFromXml = ParsedUserXml | { unsupported: string; name?: string };

const DOMAIN_LEVEL_IGNORED = new Set([
  'name', 'uuid', 'title', 'description', 'metadata', 'memory', 'currentMemory', 'maxMemory', 'memoryBacking', 'vcpu', 'vcpus',
  'iothreads', 'iothreadids', 'cputune', 'memtune', 'blkiotune', 'numatune', 'clock', 'on_poweroff', 'on_reboot', 'on_crash',
  'on_lockfailure', 'pm', 'seclabel', 'resource', 'sysinfo', 'perf', 'idmap', 'genid', 'bootloader', 'bootloader_args', 'keywrap',
  'os', 'cpu', 'features', 'devices',
]);

const FEATURES_WITHOUT_PCI = new Set(['acpi', 'apic', 'pae', 'hap', 'hyperv', 'kvm', 'xen', 'pvspinlock', 'vmport', 'smm', 'ioapic', 'gic', 'vmcoreinfo', 'htm', 'msrs', 'privnet', 'viridian', 'nested-hv', 'ccf-assist', 'cfpc', 'sbbc', 'ibs', 'tcg', 'async-teardown']);

/** Device elements that can be left out: they never get, take or cause a PCI address in the given shape. */
function ignorable(dev: XNode): boolean {
  const targetType = childNamed(dev, 'target')?.attrs.type;
  switch (dev.name) {
    case 'emulator':
    case 'graphics':
    case 'audio':
    case 'hub':
    case 'redirdev':
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
      // TIS (libvirt's default model on x86 and virt) and CRB sit on the system bus
      return dev.attrs.model === undefined || dev.attrs.model === 'tpm-tis' || dev.attrs.model === 'tpm-crb';
    default:
      return false;
  }
}

/** Element names (as keyed in libvirt's output) whose state lines a user's XML may carry unpredicted. */
const IGNORED_KINDS = new Set(['hub', 'redirdev', 'redirfilter', 'serial', 'console', 'parallel', 'channel', 'tpm', 'panic']);

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

function textOf(node: XNode | undefined): string {
  return node?.text ?? '';
}

/** Domain-level checks: machine, arch, elements that could add PCI devices. */
/** Number of `<cpu><numa>` cells, when there are any; cells with ids out of order are beyond the spec. */
function numaCells(domain: XNode): number | undefined {
  const numa = childNamed(childNamed(domain, 'cpu') ?? { name: '', attrs: {}, children: [], text: '' }, 'numa');
  if (!numa) return undefined;
  const cells = childrenNamed(numa, 'cell');
  cells.forEach((c, i) => {
    if (c.attrs.id !== undefined && Number(c.attrs.id) !== i) unrepresentable('<cpu><numa> cells with ids out of order');
  });
  return cells.length;
}

function readDomain(domain: XNode, opts: SpecFromXmlOptions): { arch: Arch; machine: string; domainType: 'kvm' | 'qemu'; name: string } {
  const defaultArch = opts.defaultArch;
  const domainType = domain.attrs.type;
  if (domainType !== 'kvm' && domainType !== 'qemu') unrepresentable(`domain type '${domainType ?? ''}' is not a QEMU domain`);
  for (const child of domain.children) {
    if (!DOMAIN_LEVEL_IGNORED.has(child.name)) unrepresentable(`<${child.name}> at domain level`);
  }
  const name = textOf(childNamed(domain, 'name'));
  if (name === '') unrepresentable('domain without <name>');
  const cpu = childNamed(domain, 'cpu');
  // NUMA cells matter only as the nodes expander buses name: their number is read below
  for (const f of childNamed(domain, 'features')?.children ?? []) if (!FEATURES_WITHOUT_PCI.has(f.name)) unrepresentable(`<features><${f.name}>`);
  const type = childNamed(childNamed(domain, 'os') ?? { name: '', attrs: {}, children: [], text: '' }, 'type');
  if (!type) unrepresentable('<os> without <type>');
  if (textOf(type) !== 'hvm') unrepresentable(`os type '${textOf(type)}'`);
  // libvirt picks the host's arch when none is given; only the caller knows which host that is
  const arch = type.attrs.arch ?? defaultArch;
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
    const { arch, machine, domainType, name } = readDomain(domain, opts);
    const spec: DomainSpec = { arch, machine, graphics: false, controllers: [], disks: [], nets: [], videos: [], sounds: [], rngs: [], watchdogs: [], inputs: [] };
    if (childNamed(childNamed(domain, 'features') ?? { name: '', attrs: {}, children: [], text: '' }, 'acpi')) spec.acpi = true;
    const cells = numaCells(domain);
    if (cells !== undefined) spec.numaCells = cells;
    const defaultNet: NetModel = arch === 'aarch64' ? 'virtio' : 'rtl8139';
    const ignored: string[] = [];
    let emulator: string | undefined;
    const devicesNodes = childrenNamed(domain, 'devices');
    if (devicesNodes.length > 1) unrepresentable('more than one <devices>');
    for (const dev of devicesNodes[0]?.children ?? []) {
      switch (dev.name) {
        case 'disk': spec.disks.push(parseDisk(dev)); break;
        case 'interface': spec.nets.push(parseNet(dev, defaultNet)); break;
        case 'controller': spec.controllers.push(parseController(dev)); break;
        case 'video': spec.videos.push(parseVideo(dev, arch)); break;
        case 'sound': spec.sounds.push(parseSound(dev)); break;
        case 'rng': spec.rngs.push(parseRng(dev)); break;
        case 'watchdog': spec.watchdogs.push(parseWatchdog(dev)); break;
        case 'input': spec.inputs.push(parseInput(dev)); break;
        case 'hostdev': (spec.hostdevs ??= []).push(parseHostdev(dev)); break;
        case 'vsock':
          if (spec.vsock) unrepresentable('more than one <vsock>');
          spec.vsock = parseVsock(dev);
          break;
        case 'iommu':
          if (spec.iommu) unrepresentable('more than one <iommu>');
          spec.iommu = parseIommu(dev);
          break;
        case 'serial':
          (spec.serials ??= []).push(parseSerial(dev));
          if (!ignored.includes('serial')) ignored.push('serial');
          break;
        case 'panic':
          (spec.panics ??= []).push(parsePanic(dev));
          if (!ignored.includes('panic')) ignored.push('panic');
          break;
        case 'memballoon':
          if (spec.memballoon) unrepresentable('more than one <memballoon>');
          spec.memballoon = parseMemballoon(dev);
          break;
        case 'channel':
        case 'console':
          if (childNamed(dev, 'target')?.attrs.type === 'virtio') {
            (spec.virtioPorts ??= []).push(parseVirtioPort(dev));
            if (!ignored.includes(dev.name)) ignored.push(dev.name);
            break;
          }
        // falls through: a channel or console of another target type
        default:
          if (!ignorable(dev)) {
            const t = childNamed(dev, 'target')?.attrs.type ?? dev.attrs.model ?? dev.attrs.type;
            unrepresentable(`<${dev.name}${t ? ` ${t}` : ''}>`);
          }
          if (dev.name === 'graphics') spec.graphics = true;
          if (dev.name === 'emulator') emulator = dev.text;
          if (!ignored.includes(dev.name)) ignored.push(dev.name);
      }
    }
    // ignored USB devices (redirdev, hub) may hold a port an input names: libvirt refuses that, the spec cannot see it
    const inputPorts = new Set(spec.inputs.map((i) => i.usbPort).filter((p) => p !== undefined).map(String));
    for (const dev of devicesNodes[0]?.children ?? []) {
      const a = dev.name !== 'input' ? childNamed(dev, 'address') : undefined;
      if (a?.attrs.type === 'usb' && (a.attrs.bus ?? '0') === '0' && a.attrs.port !== undefined && inputPorts.has(a.attrs.port)) unrepresentable(`USB port ${a.attrs.port} named by an input and a <${dev.name}>`);
    }
    // a NIC's identity is its MAC (types/keys.ts): two with one MAC cannot be told apart
    const macs = spec.nets.flatMap((n) => (n.mac === undefined ? [] : [n.mac.toLowerCase()]));
    const twice = macs.find((m, i) => macs.indexOf(m) !== i);
    if (twice !== undefined) unrepresentable(`two interfaces share MAC ${twice}`);
    const parsed: ParsedUserXml = { spec, name, domainType, ignored };
    if (emulator !== undefined) parsed.emulator = emulator;
    return parsed;
  } catch (err) {
    if (err instanceof Unrepresentable) {
      const name = textOf(childNamed(domain, 'name'));
      return name === '' ? { unsupported: err.message } : { unsupported: err.message, name };
    }
    throw err;
  }
}
