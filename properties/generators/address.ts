// Abstract forms of a user-given address. A form says what kind of address a device gets
// (a slot on the root bus, a port, a bridge slot, a bus that is not declared, a
// multifunction group, virtio-mmio …) and carries raw picks; addressPlan.ts turns it into
// a concrete address against the spec's own buses, so forms shrink independently of them.

import fc from 'fast-check';
import type { GenFamily } from './family.js';

/** How the fields of a root-bus address are written: all of them, or only some. */
export type RootStyle = 'full' | 'slot' | 'slot+function' | 'bus+slot';

/** One device's address form. `pick`s index (modulo) into whatever is free when resolved. */
export type AddressForm =
  | { kind: 'root'; style: RootStyle; pick: number }
  /** bus 0 and slot 0: libvirt reads it as "no address" and assigns one itself. */
  | { kind: 'auto-zero'; style: 'bus' | 'slot' | 'all' }
  | { kind: 'port'; style: 'full' | 'bus'; pick: number }
  | { kind: 'bridge'; pick: number; slotPick: number }
  /** A bus above every declared controller index: libvirt adds the controllers up to it. */
  | { kind: 'far'; offset: number; slotPick: number }
  /** This device on function 0 with multifunction='on', the next size-1 devices on functions 1… */
  | { kind: 'multifunction'; size: number; pick: number }
  | { kind: 'mmio' };

/** Address forms that make sense on a family, weighted towards plain root-bus slots. */
export function addressFormArb(family: GenFamily): fc.Arbitrary<AddressForm> {
  const pick = fc.nat({ max: 63 });
  const forms: fc.WeightedArbitrary<AddressForm>[] = [
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('root' as const),
        style: fc.constantFrom<RootStyle>('full', 'slot', 'slot+function', 'bus+slot'),
        pick,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('auto-zero' as const), style: fc.constantFrom('bus' as const, 'slot' as const, 'all' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('bridge' as const), pick, slotPick: pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('far' as const), offset: fc.integer({ min: 1, max: 3 }), slotPick: pick }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('multifunction' as const), size: fc.integer({ min: 2, max: 4 }), pick }) },
  ];
  if (family !== 'i440fx')
    forms.push({ weight: 3, arbitrary: fc.record({ kind: fc.constant('port' as const), style: fc.constantFrom('full' as const, 'bus' as const), pick }) });
  if (family === 'arm-virt') forms.push({ weight: 4, arbitrary: fc.constant({ kind: 'mmio' as const }) });
  return fc.oneof({ withCrossShrink: true }, ...forms);
}

/**
 * Per-device address forms, in addressable-device order: most devices get none
 * (roughly one in seven gets one), so libvirt still places the majority itself.
 */
export function addressPlanArb(family: GenFamily): fc.Arbitrary<(AddressForm | null)[]> {
  const maybeForm = fc.oneof({ withCrossShrink: true }, { weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: addressFormArb(family) });
  return fc.array(maybeForm, { maxLength: 64, size: 'max' });
}
