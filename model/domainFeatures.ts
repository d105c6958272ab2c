// The <features> libvirt takes on some architectures or releases only. Each refusal was
// observed by defining a domain with that one feature on q35 and on virt with libvirt 9.0,
// 11.3 and 12.8 (2026-12-07); pmu, vmcoreinfo, tcg, apic, pae, smm, hyperv, kvm, msrs, hap,
// privnet, viridian and xen were taken on both.

import type { DomainSpec } from '../types/domain.js';
import type { FamilyFacts } from './families.js';
import type { ReleaseFacts } from './releases.js';

/**
 * The features the driver checks against the arch while it validates the domain, in the
 * order it walks them (libvirt's feature enum); the x86 ones are refused on virt, the POWER
 * and ARM ones on x86.
 */
const VALIDATION_ORDER: ReadonlyArray<{ name: string; refusedOn: 'x86_64' | 'aarch64' }> = [
  { name: 'pvspinlock', refusedOn: 'aarch64' },
  { name: 'vmport', refusedOn: 'aarch64' },
  { name: 'gic', refusedOn: 'x86_64' },
  { name: 'ioapic', refusedOn: 'aarch64' },
  { name: 'hpt', refusedOn: 'x86_64' },
  { name: 'htm', refusedOn: 'x86_64' },
  { name: 'nested-hv', refusedOn: 'x86_64' },
  { name: 'ccf-assist', refusedOn: 'x86_64' },
  { name: 'cfpc', refusedOn: 'x86_64' },
  { name: 'sbbc', refusedOn: 'x86_64' },
  { name: 'ibs', refusedOn: 'x86_64' },
];

/** Feature names the spec reader keeps (DomainSpec.archBoundFeatures). */
export const ARCH_BOUND_FEATURES: ReadonlySet<string> = new Set([...VALIDATION_ORDER.map((f) => f.name), 'async-teardown']);

/** The parser's refusal of a feature the release does not know (9.0: ras, then async-teardown), or undefined. */
export function unknownFeatureAtParse(spec: DomainSpec, release: ReleaseFacts): string | undefined {
  if (spec.rasFeature && !release.rasFeature) return "unexpected feature 'ras'";
  if ((spec.archBoundFeatures ?? []).includes('async-teardown') && !release.asyncTeardownFeature) return "unexpected feature 'async-teardown'";
  return undefined;
}

/**
 * What each Hyper-V enlightenment needs beside it, in the order the driver checks them
 * (observed on debian-unstable, 2026-12-07, one probe per row and pairs for the order; a
 * synic without vpindex, a reenlightenment without frequencies are taken). tlbflush's
 * direct mode is named as QEMU names it.
 */
const HYPERV_NEEDS: ReadonlyArray<{ feature: string; named: string; needs: string }> = [
  { feature: 'stimer', named: 'stimer', needs: 'synic' },
  { feature: 'tlbflush', named: 'tlbflush', needs: 'vpindex' },
  { feature: 'ipi', named: 'ipi', needs: 'vpindex' },
  { feature: 'evmcs', named: 'evmcs', needs: 'vapic' },
  { feature: 'tlbflush-direct', named: 'hv-tlbflush-direct', needs: 'vapic' },
];

/** The first Hyper-V enlightenment whose dependency is missing, as libvirt words it; a stimer needs a present hypervclock timer before its synic. */
export function hypervDependencyRefusal(spec: DomainSpec): string | undefined {
  if (spec.hyperv?.on === undefined) return undefined;
  const on = new Set(spec.hyperv.on);
  if (spec.hyperv.tlbflushDirect) on.add('tlbflush-direct');
  for (const { feature, named, needs } of HYPERV_NEEDS) {
    if (!on.has(feature)) continue;
    if (feature === 'stimer' && !(spec.timers ?? []).some((t) => t.name === 'hypervclock' && t.present === 'yes')) return "'stimer' hyperv feature requires 'hypervclock' timer";
    if (!on.has(needs)) return `'${named}' hyperv feature requires '${needs}' feature`;
  }
  return undefined;
}

/**
 * The first feature the driver refuses while it validates the domain, as libvirt words it, or
 * undefined: a Hyper-V dependency (hyperv comes first in libvirt's feature enum; observed
 * before a GIC on q35), one off its arch, else RAS off virt (where the parser took it:
 * unknownFeatureAtParse).
 */
export function featureRefusedAtValidation(spec: DomainSpec, facts: FamilyFacts, canonical: string, release: ReleaseFacts): string | undefined {
  const hyperv = release.hypervDependencies ? hypervDependencyRefusal(spec) : undefined;
  if (hyperv !== undefined) return hyperv;
  const written = spec.archBoundFeatures ?? [];
  const refused = VALIDATION_ORDER.find((f) => f.refusedOn === spec.arch && written.includes(f.name));
  if (refused?.name === 'vmport') return 'vmport is not available with this QEMU binary';
  if (refused !== undefined) return `The '${refused.name}' feature is not supported for architecture '${spec.arch}' or machine type '${canonical}'`;
  if (spec.rasFeature && facts.family !== 'arm-virt') return 'ras feature is only supported with ARM Virt machines';
  return undefined;
}
