// Renders the PCI-relevant `-device` entries libvirt 9.0 generates for a domain whose
// post-define state the model has predicted. The spec supplies what the state does not
// carry (device models, USB companions); the state supplies every address. Anything
// not verified against the real libvirt on this machine yields "unsupported".

import type { ControllerState, DeviceState, DomainSpec, DomainState, VideoModel } from '../../types/domain.js';
import type { ArgvDevice } from '../../types/qemu.js';
import { BALLOON_ALIAS, controllerAlias, diskAlias, netAlias, positionalAlias } from './aliases.js';
import {
  ARM_VIRT_PRIMARY_VIDEO_DRIVER,
  ARM_VIRT_SECONDARY_VIDEO_DRIVER,
  FILESYSTEM_DRIVER,
  NET_DRIVER,
  PRIMARY_VIDEO_DRIVER,
  SATA_CONTROLLER_DRIVER,
  SCSI_CONTROLLER_DRIVER,
  SECONDARY_VIDEO_DRIVER,
  SOUND_DRIVER,
  USB_CONTROLLER_DRIVER,
  VIRTIO_INPUT_DRIVER,
  virtioDriver,
} from './drivers.js';
import { type ArgvFamily, ArgvUnsupported, type ArgvRendering, unsupported } from './rendering.js';
import { isPciControllerModel, PCI_CONTROLLER_FACTS } from '../pciControllers.js';
import { isIch9Uhci } from '../usbControllers.js';

/** The driver and id of one `-device`, before its bus and addr are added. */
interface Identity {
  driver: string;
  id?: string;
  port?: number;
  chassis?: number;
  busNr?: number;
  hotplug?: boolean;
}

/** What the rendering of one domain needs to look up, computed once. */
interface Context {
  spec: DomainSpec;
  family: ArgvFamily;
  /** The predicted definition the command line is built from. */
  predicted: DomainState;
  /** QEMU bus id of the bus each PCI controller index provides. */
  busNames: Map<number, string>;
}

/**
 * Machine family from the architecture and the PCI root libvirt created, never from the
 * machine's name: on x86_64 pcie-root means q35 and pci-root i440fx; aarch64 has virt only.
 */
function familyOf(spec: DomainSpec, state: DomainState): ArgvFamily {
  const root = state.controllers.find((c) => c.type === 'pci' && c.index === 0);
  if (root === undefined) return unsupported('no PCI root controller in the predicted state');
  if (spec.arch === 'x86_64' && root.model === 'pcie-root') return 'q35';
  if (spec.arch === 'x86_64' && root.model === 'pci-root') return 'i440fx';
  if (spec.arch === 'aarch64' && root.model === 'pcie-root') return 'arm-virt';
  return unsupported(`arch ${spec.arch} with PCI root ${String(root.model)}`);
}

/** Bus id of every PCI controller index: the root's hard-coded name, else its id (user alias or pci.N). */
function pciBusNames(state: DomainState, family: ArgvFamily): Map<number, string> {
  const names = new Map<number, string>();
  for (const c of state.controllers) if (c.type === 'pci') names.set(c.index, controllerAlias(c, family));
  return names;
}

/** "SS.F" of a PCI slot and function. */
const addrText = (slot: number, fn: number): string => `${slot.toString(16).padStart(2, '0')}.${fn}`;

/** Completes an identity with the bus, addr and multifunction of a PCI address. */
function placed(ctx: Context, identity: Identity, address: DeviceState['address'], what: string): ArgvDevice {
  const pci = address.pci;
  if (address.type !== 'pci' || pci === undefined) return unsupported(`${what}: not on PCI`);
  if (pci.domain !== 0) unsupported(`${what}: PCI domain ${pci.domain}`);
  const bus = ctx.busNames.get(pci.bus);
  if (bus === undefined) unsupported(`${what}: no PCI controller with index ${pci.bus}`);
  const device: ArgvDevice = { driver: identity.driver };
  if (identity.id !== undefined) device.id = identity.id;
  device.bus = bus;
  device.addr = addrText(pci.slot, pci.function);
  if (pci.multifunction === true) device.multifunction = true;
  if (identity.port !== undefined) device.port = identity.port;
  if (identity.chassis !== undefined) device.chassis = identity.chassis;
  if (identity.busNr !== undefined) device.busNr = identity.busNr;
  if (identity.hotplug !== undefined) device.hotplug = identity.hotplug;
  return device;
}

// ---------------------------------------------------------------- controllers

/**
 * Is this USB controller a companion? Then it has no id. Observed: libvirt gives every ICH9
 * UHCI a `<master>` of its own, so it is one whether or not the user wrote `<master>`, and its
 * masterbus is the EHCI of the same index (without one, libvirt fails to build the command
 * line: not modelled). Other models are companions only with a `<master>`.
 */
function isUsbCompanion(spec: DomainSpec, state: DomainState, c: ControllerState): boolean {
  if (isIch9Uhci(c.model)) {
    if (!state.controllers.some((e) => e.type === 'usb' && e.index === c.index && e.model === 'ich9-ehci1')) unsupported(`${c.model} ${c.index} without an ich9-ehci1 of its index (masterbus not found)`);
    return true;
  }
  return spec.controllers.some(
    (s) => s.type === 'usb' && s.model === c.model && (s.index ?? 0) === c.index && s.masterStartport !== undefined,
  );
}

/** The -device identity of a controller, or undefined when QEMU builds it without one. */
function controllerIdentity(ctx: Context, c: ControllerState): Identity | undefined {
  const id = controllerAlias(c, ctx.family);
  const what = `controller ${c.type} ${c.index}`;
  switch (c.type) {
    case 'pci': {
      if (c.model === 'pci-root' || c.model === 'pcie-root') return undefined;
      const driver = c.model !== undefined && isPciControllerModel(c.model) ? PCI_CONTROLLER_FACTS[c.model].modelName : undefined;
      if (driver === undefined) return unsupported(`${what}: model ${String(c.model)} not verified`);
      // observed: a pcie-root-port named ioh3420 is that QEMU device, with the same port and chassis
      const ioh = c.model === 'pcie-root-port' && c.modelName === 'ioh3420';
      if (c.modelName !== undefined && c.modelName !== driver && !ioh) unsupported(`${what}: model name ${c.modelName}`);
      if (driver === 'pcie-root-port' || driver === 'xio3130-downstream') {
        const { port, chassis } = c.target ?? {};
        if (port === undefined || chassis === undefined) return unsupported(`${what}: port/chassis not predicted`);
        // the user's hotplug='on'/'off' is passed on as the port's hotplug property
        return { driver: ioh ? 'ioh3420' : driver, id, port, chassis, ...(c.hotplug === undefined ? {} : { hotplug: c.hotplug === 'on' }) };
      }
      // Expander buses carry the bus number the guest sees; libvirt always fills it in.
      if (driver === 'pxb' || driver === 'pxb-pcie') {
        const busNr = c.target?.busNr;
        if (busNr === undefined) return unsupported(`${what}: busNr not predicted`);
        return { driver, id, busNr };
      }
      // pci-bridge's chassis_nr is its chassisNr, which libvirt fills in with the index.
      if (driver === 'pci-bridge') {
        if (c.target?.chassis !== undefined) unsupported(`${what}: chassis given for a pci-bridge`);
        return { driver, id, chassis: c.target?.chassisNr ?? c.index };
      }
      return { driver, id };
    }
    case 'usb': {
      // Unlike the IDE function next to it, pc's PIIX3 USB at 01.2 is passed as a
      // -device (piix3-usb-uhci): with -nodefaults QEMU does not create it itself.
      if (c.model === 'none') return undefined;
      const driver = USB_CONTROLLER_DRIVER[c.model ?? ''];
      if (driver === undefined) return unsupported(`${what}: model ${String(c.model)} not verified`);
      // A companion is attached with masterbus=/firstport= and gets no id of its own.
      return isUsbCompanion(ctx.spec, ctx.predicted, c) ? { driver } : { driver, id };
    }
    case 'scsi': {
      const driver = SCSI_CONTROLLER_DRIVER[c.model ?? ''];
      if (driver === undefined) return unsupported(`${what}: model ${String(c.model)} not verified`);
      return { driver, id };
    }
    case 'sata':
      if (ctx.family === 'q35' && c.index === 0) return undefined; // q35's built-in AHCI at 1f.2
      if (c.alias !== undefined) return unsupported(`${what}: user alias on an added SATA controller not observed`);
      return { driver: SATA_CONTROLLER_DRIVER, id };
    case 'ide':
      if (ctx.family === 'i440fx' && c.index === 0) return undefined; // i440fx's built-in PIIX3 IDE at 01.1
      return unsupported(`${what}: IDE controller beyond the built-in one`);
    case 'virtio-serial':
      return { driver: virtioDriver('virtio-serial-pci', c.model), id };
    case 'fdc':
      return undefined; // the floppy controller is on ISA (the chipset's on pc, an isa-fdc on q35)
    default:
      return unsupported(`${what}: controller type not verified`);
  }
}

// ---------------------------------------------------------------- devices

/**
 * Video models in libvirt's order: the primary first. Graphics without a video get
 * libvirt's default one, observed as cirrus on pc/q35 and virtio on aarch64 virt.
 */
function libvirtVideoOrder(spec: DomainSpec, family: ArgvFamily): VideoModel[] {
  if (spec.videos.length === 0) return spec.graphics ? [family === 'arm-virt' ? 'virtio' : 'cirrus'] : [];
  const primary = spec.videos.findIndex((v) => v.primary === true);
  if (primary <= 0) return spec.videos.map((v) => v.model);
  return [spec.videos[primary], ...spec.videos.filter((_, i) => i !== primary)].map((v) => v.model);
}

/** Index of the n-th element of `list` that satisfies `pred`, or -1. */
function nthIndex<T>(list: T[], n: number, pred: (item: T) => boolean): number {
  let seen = 0;
  for (let i = 0; i < list.length; i++) {
    if (!pred(list[i])) continue;
    if (seen === n) return i;
    seen += 1;
  }
  return -1;
}

/** Reads an ordinal out of a key's last part ("video:1" → 1). */
function ordinal(text: string, key: string): number {
  if (!/^\d+$/.test(text)) unsupported(`device key ${key}: no ordinal`);
  return Number(text);
}

/** A device key taken apart: "net:52:54:00:…" → kind net, tail the MAC, parts its pieces after the kind. */
interface KeyParts {
  key: string;
  /** Everything after the kind, colons kept. */
  tail: string;
  /** The pieces after the kind ("input:virtio:1" → virtio, 1). */
  parts: string[];
}

/** How the -device identity of each kind of device on PCI is found, from its key and the spec. */
const DEVICE_IDENTITY = new Map<string, (ctx: Context, k: KeyParts) => Identity>([
  ['disk', ({ spec }, { key, tail }) => {
    const disk = spec.disks.find((d) => d.target === tail);
    if (disk === undefined) return unsupported(`${key}: not in the spec`);
    if (disk.bus !== 'virtio') return unsupported(`${key}: bus ${disk.bus} disk on PCI`);
    return { driver: virtioDriver('virtio-blk-pci', disk.model), id: diskAlias(disk) };
  }],
  ['net', ({ spec }, { key, tail }) => {
    const index = tail.startsWith('#') ? Number(tail.slice(1)) : spec.nets.findIndex((n) => n.mac?.toLowerCase() === tail);
    if (index < 0) return unsupported(`${key}: not in the spec`);
    const nic = spec.nets[index];
    return { driver: nic.model === 'other' ? (nic.modelName ?? unsupported(`${key}: no model name`)) : NET_DRIVER[nic.model], id: netAlias(spec.nets, index) };
  }],
  ['video', videoIdentity],
  ['sound', ({ spec }, { key, tail }) => {
    const n = ordinal(tail, key);
    const sound = spec.sounds[n];
    const driver = sound === undefined ? undefined : SOUND_DRIVER[sound.model];
    if (driver === undefined) return unsupported(`${key}: sound model not verified`);
    return { driver, id: positionalAlias('sound', n) };
  }],
  ['rng', ({ spec }, { key, tail }) => {
    const n = ordinal(tail, key);
    if (spec.rngs[n] === undefined) return unsupported(`${key}: not in the spec`);
    return { driver: virtioDriver('virtio-rng-pci', spec.rngs[n].model), id: positionalAlias('rng', n) };
  }],
  ['watchdog', ({ spec }, { key, tail }) => {
    const n = ordinal(tail, key);
    if (spec.watchdogs[n]?.model !== 'i6300esb') return unsupported(`${key}: not an i6300esb`);
    // libvirt names each watchdog by its position (watchdogN); 9.0 allows only watchdog0
    return { driver: 'i6300esb', id: positionalAlias('watchdog', n) };
  }],
  ['input', inputIdentity],
  // observed (domxml-to-native): -device virtio-iommu,id=iommu0 on pcie.0
  ['iommu', ({ spec }, { key }) => {
    if (spec.iommu?.model !== 'virtio') return unsupported(`${key}: not a virtio IOMMU`);
    return { driver: 'virtio-iommu', id: positionalAlias('iommu', 0) };
  }],
  // observed (QEMU log of a start): -device virtio-9p-pci[-transitional|-non-transitional],id=fsN
  ['filesystem', ({ spec }, { key, tail }) => {
    const n = ordinal(tail, key);
    const fs = spec.filesystems?.[n];
    if (fs === undefined) return unsupported(`${key}: not in the spec`);
    return { driver: FILESYSTEM_DRIVER[fs.model ?? 'virtio'], id: positionalAlias('fs', n) };
  }],
  // observed (domxml-to-native): -device vhost-vsock-pci,id=vsock0
  ['vsock', ({ spec }) => ({ driver: virtioDriver('vhost-vsock-pci', spec.vsock?.model), id: positionalAlias('vsock', 0) })],
  // observed (domxml-to-native on 11.3): -device {"driver":"pvpanic-pci","bus":"pcie.0","addr":"0x2"}, no id
  // a panic on PCI is a pvpanic, written so or the release's choice for one without a model (virt)
  ['panic', ({ spec }, { key, tail }) => {
    const model = spec.panics?.[ordinal(tail, key)]?.model;
    if (model !== 'pvpanic' && model !== undefined) return unsupported(`${key}: not a pvpanic`);
    return { driver: 'pvpanic-pci' };
  }],
  // observed: -device pci-serial,chardev=charserialN,id=serialN (N counts every serial port)
  ['serial', ({ spec }, { key, tail }) => {
    const n = ordinal(tail, key);
    if (spec.serials?.[n]?.targetType !== 'pci-serial') return unsupported(`${key}: not a pci-serial port`);
    return { driver: 'pci-serial', id: positionalAlias('serial', n) };
  }],
  ['memballoon', ({ spec }, { key }) => {
    if (spec.memballoon?.model === 'none') return unsupported(`${key}: model`);
    return { driver: virtioDriver('virtio-balloon-pci', spec.memballoon?.model), id: BALLOON_ALIAS };
  }],
]);

/** A video's driver depends on its place in libvirt's order (primary or not) and on the family. */
function videoIdentity(ctx: Context, { key, tail }: KeyParts): Identity {
  const n = ordinal(tail, key);
  const model = libvirtVideoOrder(ctx.spec, ctx.family)[n];
  if (model === undefined) return unsupported(`${key}: not in the spec`);
  const arm = ctx.family === 'arm-virt';
  const table = n === 0 ? (arm ? ARM_VIRT_PRIMARY_VIDEO_DRIVER : PRIMARY_VIDEO_DRIVER) : arm ? ARM_VIRT_SECONDARY_VIDEO_DRIVER : SECONDARY_VIDEO_DRIVER;
  const driver = table[model];
  if (driver === undefined) return unsupported(`${key}: ${model} as ${n === 0 ? 'primary' : 'secondary'} video`);
  return { driver, id: positionalAlias('video', n) };
}

/** Only virtio inputs sit on PCI; the key counts virtio inputs, the alias every input. */
function inputIdentity({ spec }: Context, { key, parts }: KeyParts): Identity {
  const [bus, nText] = parts;
  if (bus !== 'virtio') return unsupported(`${key}: ${bus} input on PCI`);
  // libvirt appends its implicit ps2 inputs after the user's, so the alias index is
  // the input's position in the spec (observed: ps2 mouse, virtio kbd → input1).
  const position = nthIndex(spec.inputs, ordinal(nText ?? '', key), (i) => i.bus === 'virtio');
  const type = spec.inputs[position]?.type;
  if (position < 0 || type === 'evdev') return unsupported(`${key}: not in the spec`);
  return { driver: VIRTIO_INPUT_DRIVER[type], id: positionalAlias('input', position) };
}

/** The -device identity of a non-controller device on PCI, from its key and the spec. */
function deviceIdentity(ctx: Context, device: DeviceState): Identity {
  const [kind, ...parts] = device.key.split(':');
  const identity = DEVICE_IDENTITY.get(kind);
  if (identity === undefined) return unsupported(`${device.key}: device kind not verified`);
  return identity(ctx, { key: device.key, tail: parts.join(':'), parts });
}

// ---------------------------------------------------------------- entry point

/** The `-device` list libvirt 9.0 passes to QEMU for `predicted`, or why it cannot be said. */
export function renderArgv(spec: DomainSpec, predicted: DomainState): ArgvRendering {
  try {
    const family = familyOf(spec, predicted);
    if (spec.unkeptUserAliases !== undefined) unsupported(`user aliases on ${spec.unkeptUserAliases.map((k) => `<${k}>`).join(', ')}: the ids beside them are not measured`);
    const ctx: Context = { spec, family, predicted, busNames: pciBusNames(predicted, family) };
    const devices: ArgvDevice[] = [];
    // Anything off PCI (drive, usb, isa, virtio-mmio, none) gets no addr on the command
    // line, and the argv layer compares only -device entries that have one.
    for (const c of predicted.controllers) {
      if (c.address.type !== 'pci' && c.address.type !== 'none') continue;
      const identity = controllerIdentity(ctx, c);
      if (identity === undefined) continue;
      devices.push(placed(ctx, identity, c.address, `controller ${c.type} ${c.index}`));
    }
    for (const d of predicted.devices) {
      if (d.address.type !== 'pci') continue;
      devices.push(placed(ctx, deviceIdentity(ctx, d), d.address, d.key));
    }
    return { kind: 'ok', devices };
  } catch (err) {
    if (err instanceof ArgvUnsupported) return { kind: 'unsupported', reason: err.message };
    throw err;
  }
}
