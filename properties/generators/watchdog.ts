// Watchdogs. libvirt 9.0 allows a single one and knows no itco; since 9.1 a guest may
// have several (one per model but for the PCI i6300esb, all with one action, itco on q35
// only). The generator writes what users write on every release, the refused
// combinations included: the model predicts each release's refusal. ib700 is an ISA
// card: virt has no ISA bus (9.0 defines it there and QEMU refuses to start it; 11.3 and
// 12.8 refuse it at define, as the users' files reader meets), so virt only gets the PCI i6300esb.

import fc from 'fast-check';
import type { WatchdogModel, WatchdogSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';
import type { ReleaseFacts } from '../../model/releases.js';

/** Watchdog models a user may write on a family. */
export function watchdogModels(family: GenFamily): WatchdogModel[] {
  return family === 'arm-virt' ? ['i6300esb'] : ['i6300esb', 'ib700', 'itco'];
}

/** How often each model is drawn: itco is rare in users' XML (q35 adds it by itself since 9.1, and 9.0 refuses it), so is ib700 on q35 where the release refuses it. */
function modelWeight(model: WatchdogModel, family: GenFamily, release: ReleaseFacts | undefined): number {
  if (model === 'itco') return 1;
  if (model === 'ib700' && family === 'q35' && release?.ib700RefusedOffPc) return 1;
  return 3;
}

const watchdogArb = (family: GenFamily, release: ReleaseFacts | undefined): fc.Arbitrary<WatchdogSpec> =>
  fc.record(
    {
      model: fc.oneof(...watchdogModels(family).map((m) => ({ weight: modelWeight(m, family, release), arbitrary: fc.constant(m) }))),
      // users mostly keep the default action; a few pick another
      action: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<NonNullable<WatchdogSpec['action']>>('poweroff', 'none', 'pause') }),
    },
    { requiredKeys: ['model'] },
  ).map((w) => (w.action === undefined ? { model: w.model } : w));

/** No watchdog, one, or (rarely) several. */
export function watchdogsArb(family: GenFamily, release?: ReleaseFacts): fc.Arbitrary<WatchdogSpec[]> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 12, arbitrary: fc.constant<WatchdogSpec[]>([]) },
    { weight: 6, arbitrary: watchdogArb(family, release).map((w) => [w]) },
    { weight: 1, arbitrary: fc.array(watchdogArb(family, release), { minLength: 2, maxLength: 3 }) },
  );
}
