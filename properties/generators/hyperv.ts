// Hyper-V enlightenments as Windows guests' files write them: virt-manager's set for a
// Windows guest with its hypervclock timer, and now and then a subset copied from a forum
// post or an older file, with or without the timer and a direct TLB flush. libvirt 12.x
// refuses some such subsets (model/domainFeatures.ts); earlier releases define them all.

import fc from 'fast-check';
import type { DomainSpec, TimerSpec } from '../../types/domain.js';

type HypervPart = Pick<DomainSpec, 'hyperv' | 'timers'>;

/** virt-manager's enlightenments for a Windows guest (spinlocks and vendor_id aside). */
const WINDOWS_SET = ['relaxed', 'vapic', 'vpindex', 'runtime', 'synic', 'stimer', 'reset', 'frequencies', 'tlbflush', 'ipi'];
/** Others users add by hand. */
const HAND_ADDED = ['evmcs', 'reenlightenment', 'avic'];

const HYPERVCLOCK: TimerSpec = { name: 'hypervclock', present: 'yes' };

/** A guest's Hyper-V part, or null (most guests are not Windows guests). */
export const hypervArb: fc.Arbitrary<HypervPart | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<HypervPart | null>(null) },
  { weight: 2, arbitrary: fc.constant<HypervPart | null>({ hyperv: { on: WINDOWS_SET }, timers: [HYPERVCLOCK] }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ on: fc.subarray([...WINDOWS_SET, ...HAND_ADDED], { minLength: 1 }), direct: fc.boolean(), clock: fc.boolean() })
      .map(({ on, direct, clock }): HypervPart | null => ({
        hyperv: { on, ...(direct && on.includes('tlbflush') ? { tlbflushDirect: true as const } : {}) },
        ...(clock ? { timers: [HYPERVCLOCK] } : {}),
      })),
  },
);
