// Pins a spec to a state: the definition as libvirt writes it back (dumpxml --inactive)
// and re-reads it on every later change: every controller explicit with its index, model,
// target numbers and address, every PCI device with its address. libvirt's later passes
// (a --config attach, a start) then only place what has no address yet, which is exactly
// what the model's own passes do with such a spec.

import { CONTROLLER_MODELS_BY_TYPE, CONTROLLER_TYPES, type ControllerSpec, type DeviceAddress, type DomainSpec, type DomainState, type UserAddress } from '../types/domain.js';
import { diskKey, inputKey, memballoonKey, ordinalKey, specNetKey } from '../types/keys.js';
import type { FamilyFacts } from './families.js';

/** A PCI address of the state as the user-address form a spec carries (undefined when not PCI). */
export function userAddressOf(a: DeviceAddress | undefined): UserAddress | undefined {
  if (a?.type !== 'pci' || a.pci === undefined) return undefined;
  const { domain, bus, slot, function: fn, multifunction } = a.pci;
  return multifunction ? { type: 'pci', domain, bus, slot, function: fn, multifunction: 'on' } : { type: 'pci', domain, bus, slot, function: fn };
}

/** <target> options libvirt accepts per PCI controller model (others are refused, see buildDef). */
const PINNABLE_TARGET: Record<string, ReadonlyArray<'chassis' | 'port' | 'busNr'>> = {
  'pcie-root-port': ['chassis', 'port'],
  'pcie-switch-downstream-port': ['chassis', 'port'],
};

/**
 * A state's value as the spec's union. A predicted state only holds the spec's values and
 * the family's defaults, so anything else is the model's own bug, not the user's.
 */
function knownValue<T extends string>(value: string, known: readonly T[], what: string): T {
  const hit = known.find((k) => k === value);
  if (hit === undefined) throw new Error(`pinning a predicted state: unknown ${what} '${value}'`);
  return hit;
}

/** The spec's controllers, each with the index and address the state gives it. */
function pinControllers(spec: DomainSpec, state: DomainState): ControllerSpec[] {
  const unused = [...spec.controllers];
  return state.controllers.map((c) => {
    // companions' startport and port counts exist only in the spec: take them from the
    // first spec controller of the same type (and model, and index when it has one)
    const at = unused.findIndex((s) => s.type === c.type && (s.model === undefined || s.model === c.model) && (s.index === undefined || s.index === c.index));
    const from = at >= 0 ? unused.splice(at, 1)[0] : undefined;
    const pinned: ControllerSpec = { type: knownValue(c.type, CONTROLLER_TYPES, 'controller type'), index: c.index };
    if (c.model !== undefined) pinned.model = knownValue(c.model, CONTROLLER_MODELS_BY_TYPE[pinned.type] ?? [], `${pinned.type} controller model`);
    const options = c.model === undefined ? undefined : PINNABLE_TARGET[c.model];
    if (options && c.target) {
      const target: NonNullable<ControllerSpec['target']> = {};
      for (const o of options) if (c.target[o] !== undefined) target[o] = c.target[o];
      pinned.target = target;
    }
    if (from?.masterStartport !== undefined) pinned.masterStartport = from.masterStartport;
    if (from?.ports !== undefined) pinned.ports = from.ports;
    if (c.hotplug !== undefined) pinned.hotplug = c.hotplug;
    const address = userAddressOf(c.address);
    if (address) pinned.address = address;
    return pinned;
  });
}

/** The spec with everything pinned to the state's addresses. Keys of the state the spec lacks are listed in `missing`. */
export function pinSpec(spec: DomainSpec, state: DomainState, facts: FamilyFacts): { spec: DomainSpec; missing: string[] } {
  const byKey = new Map(state.devices.map((d) => [d.key, d.address]));
  const used = new Set<string>();
  const at = <T extends object>(key: string, device: T): T => {
    used.add(key);
    const address = userAddressOf(byKey.get(key));
    return address ? { ...device, address } : device;
  };
  // videos in libvirt's order: the primary first, then a default one for bare graphics
  const videos = [...spec.videos];
  const primary = videos.findIndex((v) => v.primary);
  if (primary > 0) videos.unshift(...videos.splice(primary, 1));
  if (videos.length === 0 && spec.graphics && byKey.has(ordinalKey('video', 0))) videos.push({ model: facts.defaultVideoModel });
  let virtioInputs = 0;
  const pinned: DomainSpec = {
    ...spec,
    controllers: pinControllers(spec, state),
    disks: spec.disks.map((d) => at(diskKey(d.target), d)),
    nets: spec.nets.map((n, i) => at(specNetKey(n, i), n)),
    videos: videos.map((v, i) => at(ordinalKey('video', i), v)),
    sounds: spec.sounds.map((s, i) => at(ordinalKey('sound', i), s)),
    rngs: spec.rngs.map((r, i) => at(ordinalKey('rng', i), r)),
    ...(spec.filesystems ? { filesystems: spec.filesystems.map((fs, i) => at(ordinalKey('filesystem', i), fs)) } : {}),
    watchdogs: spec.watchdogs.map((w, i) => at(ordinalKey('watchdog', i), w)),
    inputs: spec.inputs.map((i) => (i.bus === 'virtio' ? at(inputKey('virtio', virtioInputs++), i) : i)),
    memballoon: spec.memballoon?.model === 'none' ? spec.memballoon : at(memballoonKey, { model: 'virtio' as const, ...spec.memballoon }),
  };
  const missing = state.devices.filter((d) => d.address.type === 'pci' && !used.has(d.key)).map((d) => d.key);
  return { spec: pinned, missing };
}

/** A canonical string of a state (controllers by type and index, devices by key), for equality. */
export function stateKey(s: DomainState): string {
  const controllers = [...s.controllers].sort((a, b) => (a.type === b.type ? a.index - b.index : a.type < b.type ? -1 : 1));
  const devices = [...s.devices].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return JSON.stringify({ machine: s.machine, controllers: controllers.map((c) => ({ ...c, alias: undefined })), devices: devices.map((d) => ({ ...d, alias: undefined })) });
}
