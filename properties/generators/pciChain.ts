// PCI controller chains a user might declare: pci-bridges (nested or not) on pc; root
// ports, switches (upstream + downstream ports), pcie-to-pci and dmi-to-pci bridges with
// pci-bridges behind them on q35 and virt. A chain is drawn as abstract pieces, then
// numbered: each controller's index follows its parent's, and children that carry an
// address point at their parent's index, so the chain is plausible by construction.
// (Implausible chains are injected on purpose elsewhere: see faultInjection.ts.)

import fc from 'fast-check';
import type { ControllerSpec, PciControllerModel } from '../../types/domain.js';
import { type GenFamily, rootModel } from './family.js';

/** One piece of a chain, before indexes are known. */
export type ChainPiece =
  | { kind: 'pci-bridge'; nestUnder: number | null; slot: number }
  | { kind: 'root-port'; chassis?: number; port?: number; hotplug?: 'on' | 'off' }
  | { kind: 'switch'; withRootPort: boolean; downstreams: number; addressed: boolean; hotplug?: 'on' | 'off' }
  | { kind: 'pcie-to-pci'; withBridge: boolean }
  | { kind: 'dmi-to-pci'; withBridge: boolean };

/** How the numbered chain writes its indexes. */
export interface ChainNumbering {
  /** First index used (1 normally; higher leaves a gap libvirt fills with default controllers). */
  firstIndex: number;
  /** Per controller (cycled), whether to leave its index out. Only honoured when firstIndex is 1. */
  omitIndex: boolean[];
  /** Declare the root controller explicitly (forced when any index is left out). */
  declareRoot: boolean;
  /**
   * Sort keys for the order the controllers are written in (cycled; empty: chain order).
   * Users list controllers in any order; libvirt's parser sorts them by index as it goes.
   */
  order: number[];
}

const slotArb = fc.integer({ min: 1, max: 31 });

/** A chain piece for a family. */
export function chainPieceArb(family: GenFamily): fc.Arbitrary<ChainPiece> {
  if (family === 'i440fx') {
    return fc.record({
      kind: fc.constant('pci-bridge' as const),
      nestUnder: fc.option(fc.nat(), { nil: null }),
      slot: slotArb,
    });
  }
  // libvirt numbers the chassis of the ports it adds after their index and does not check
  // user-given ones against them; QEMU refuses a second port on one chassis ("Can't add
  // chassis slot"). Mostly high chassis numbers, then, and now and then a low, clashing one.
  const chassis = fc.oneof({ withCrossShrink: true }, { weight: 19, arbitrary: fc.integer({ min: 100, max: 255 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) });
  // <target hotplug='off'/> (or an explicit 'on') on a port: users switch hotplug off to keep
  // guests from ejecting devices; it moves nothing at define but reaches QEMU's command line
  const hotplug = fc.constantFrom<'on' | 'off'>('off', 'off', 'on');
  const rootPort = fc.record(
    { kind: fc.constant('root-port' as const), chassis, port: fc.integer({ min: 0, max: 255 }), hotplug },
    { requiredKeys: ['kind'] },
  );
  const sw = fc.record({
    kind: fc.constant('switch' as const),
    // Left to libvirt (no root port of its own, or no address on it), the upstream port
    // may land on a free root port of higher index: libvirt accepts that, QEMU cannot
    // start it (that bus is created later). A real defect, kept but not too common.
    withRootPort: fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    downstreams: fc.integer({ min: 1, max: 3 }),
    addressed: fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    hotplug: fc.option(hotplug, { nil: undefined, freq: 3 }),
  });
  const p2p = fc.record({ kind: fc.constant('pcie-to-pci' as const), withBridge: fc.boolean() });
  const dmi = fc.record({ kind: fc.constant('dmi-to-pci' as const), withBridge: fc.boolean() });
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 4, arbitrary: rootPort },
    { weight: 2, arbitrary: sw },
    { weight: 1, arbitrary: p2p },
    ...(family === 'q35' ? [{ weight: 1, arbitrary: dmi }] : []),
  );
}

/** Numbering choices: mostly explicit contiguous indexes, sometimes gaps or left-out indexes. */
export const chainNumberingArb: fc.Arbitrary<ChainNumbering> = fc.record({
  firstIndex: fc.oneof({ withCrossShrink: true }, { weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) }),
  omitIndex: fc.oneof(
    { withCrossShrink: true },
    { weight: 4, arbitrary: fc.constant<boolean[]>([]) },
    { weight: 1, arbitrary: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }) },
  ),
  declareRoot: fc.boolean(),
  order: fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 8 }) }),
});

function pci(model: PciControllerModel, index: number, extra: Partial<ControllerSpec> = {}): ControllerSpec {
  return { type: 'pci', index, model, ...extra };
}

function onBus(bus: number, slot: number): ControllerSpec['address'] {
  return { type: 'pci', bus, slot };
}

/** Numbers the pieces into controllers; every controller still carries its index here. */
export function numberChain(pieces: ChainPiece[], firstIndex: number): ControllerSpec[] {
  const out: ControllerSpec[] = [];
  let next = firstIndex;
  const bridges: number[] = [];
  // Slots taken on each parent bus by addressed children.
  const taken = new Map<number, Set<number>>();
  const freeSlot = (bus: number, wanted: number, min: number): number => {
    const used = taken.get(bus) ?? new Set<number>();
    let slot = wanted;
    while (used.has(slot)) slot = slot >= 31 ? min : slot + 1;
    used.add(slot);
    taken.set(bus, used);
    return slot;
  };
  for (const piece of pieces) {
    switch (piece.kind) {
      case 'pci-bridge': {
        const index = next++;
        const parent = piece.nestUnder === null || bridges.length === 0 ? undefined : bridges[piece.nestUnder % bridges.length];
        out.push(pci('pci-bridge', index, parent === undefined ? {} : { address: onBus(parent, freeSlot(parent, piece.slot, 1)) }));
        bridges.push(index);
        break;
      }
      case 'root-port': {
        const target = piece.chassis === undefined && piece.port === undefined ? undefined : { chassis: piece.chassis, port: piece.port };
        out.push(pci('pcie-root-port', next++, { ...(target === undefined ? {} : { target }), ...(piece.hotplug === undefined ? {} : { hotplug: piece.hotplug }) }));
        break;
      }
      case 'switch': {
        const rp = piece.withRootPort ? next++ : undefined;
        if (rp !== undefined) out.push(pci('pcie-root-port', rp));
        const up = next++;
        out.push(pci('pcie-switch-upstream-port', up, piece.addressed && rp !== undefined ? { address: onBus(rp, 0) } : {}));
        for (let d = 0; d < piece.downstreams; d++)
          out.push(pci('pcie-switch-downstream-port', next++, { ...(piece.addressed ? { address: onBus(up, d) } : {}), ...(piece.hotplug === undefined || d > 0 ? {} : { hotplug: piece.hotplug }) }));
        break;
      }
      case 'pcie-to-pci': {
        // Always addressed: left alone, libvirt cannot add a root port for it on its own.
        const rp = next++;
        out.push(pci('pcie-root-port', rp));
        const bridge = next++;
        out.push(pci('pcie-to-pci-bridge', bridge, { address: onBus(rp, 0) }));
        if (piece.withBridge) out.push(pci('pci-bridge', next++, { address: onBus(bridge, freeSlot(bridge, 1, 1)) }));
        break;
      }
      case 'dmi-to-pci': {
        const dmi = next++;
        out.push(pci('dmi-to-pci-bridge', dmi));
        if (piece.withBridge) out.push(pci('pci-bridge', next++, { address: onBus(dmi, freeSlot(dmi, 1, 1)) }));
        break;
      }
    }
  }
  return out;
}

/**
 * Applies the numbering's index omissions, root declaration and writing order. Left-out
 * indexes stay right because libvirt gives each unindexed controller the lowest unused
 * index, in document order: the unindexed ones keep their relative order, so they get
 * exactly the numbers they had, wherever the indexed ones are written.
 */
export function writeIndexes(family: GenFamily, controllers: ControllerSpec[], numbering: ChainNumbering): ControllerSpec[] {
  const declared = declareIndexes(family, controllers, numbering);
  return numbering.order.length === 0 ? declared : inWritingOrder(declared, numbering.order);
}

/** The controllers reordered by the sort keys (stable), the unindexed ones then put back in their own order. */
function inWritingOrder(controllers: ControllerSpec[], order: number[]): ControllerSpec[] {
  const keyed = controllers.map((c, i) => ({ c, i, key: order[i % order.length] }));
  const sorted = [...keyed].sort((a, b) => a.key - b.key || a.i - b.i);
  const unindexed = keyed.filter((k) => k.c.index === undefined);
  let next = 0;
  return sorted.map((k) => (k.c.index === undefined ? unindexed[next++].c : k.c));
}

function declareIndexes(family: GenFamily, controllers: ControllerSpec[], numbering: ChainNumbering): ControllerSpec[] {
  const canOmit = numbering.firstIndex === 1 && numbering.omitIndex.length > 0;
  const written = controllers.map((c, i) => {
    if (!canOmit || !numbering.omitIndex[i % numbering.omitIndex.length]) return c;
    const unindexed: ControllerSpec = { ...c };
    delete unindexed.index;
    return unindexed;
  });
  const omitted = written.some((c) => c.index === undefined);
  return omitted || numbering.declareRoot ? [{ type: 'pci', index: 0, model: rootModel(family) }, ...written] : written;
}

/** Zero to three chain pieces for a family, numbered and written out as controllers. */
export function pciChainArb(family: GenFamily): fc.Arbitrary<ControllerSpec[]> {
  return fc
    .record({ pieces: fc.array(chainPieceArb(family), { maxLength: 3 }), numbering: chainNumberingArb })
    .map(({ pieces, numbering }) => writeIndexes(family, numberChain(pieces, numbering.firstIndex), numbering));
}
