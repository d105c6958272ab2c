// Watchdogs. libvirt 9.0 allows a single one. ib700 is an ISA card: virt has no ISA bus,
// and although libvirt defines it there, QEMU refuses to start it, so virt only gets
// the PCI i6300esb.

import fc from 'fast-check';
import type { WatchdogModel, WatchdogSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';

/** Watchdog models that define and start on a family. */
export function watchdogModels(family: GenFamily): WatchdogModel[] {
  return family === 'arm-virt' ? ['i6300esb'] : ['i6300esb', 'ib700'];
}

/** No watchdog, or one. */
export function watchdogsArb(family: GenFamily): fc.Arbitrary<WatchdogSpec[]> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 2, arbitrary: fc.constant<WatchdogSpec[]>([]) },
    { weight: 1, arbitrary: fc.constantFrom(...watchdogModels(family)).map((model): WatchdogSpec[] => [{ model }]) },
  );
}
