// The <clock><timer> settings the QEMU driver refuses while it validates the domain
// (qemuValidateDomainDefClockTimers), timers in document order. Each refusal was observed
// with libvirt 9.0, 11.3 and 12.8 (2026-12-07): an unseen generator's aarch64 files wrote
// kvmclock, which only x86 has. 9.0 words the hpet refusal without "by this architecture".

import type { DomainSpec } from '../types/domain.js';
import { unsupported } from './errors.js';

/** Timers that exist on x86 only, refused elsewhere when asked present. */
const X86_ONLY = new Set(['tsc', 'kvmclock', 'hypervclock']);

/**
 * The first refusal of the domain's timers, as libvirt words it (the domain type where the
 * spec knows it), or undefined; after the lifecycle actions, before the features (observed).
 */
export function timerRefusal(spec: DomainSpec, canonical: string): string | undefined {
  for (const t of spec.timers ?? []) {
    if (t.name === 'platform') return "unsupported timer type (name) 'platform'";
    if (X86_ONLY.has(t.name) && t.present === 'yes' && spec.arch !== 'x86_64') return `Configuring the '${t.name}' timer is not supported for ${spec.virtType === undefined ? '' : `virtType=${spec.virtType} `}arch=${spec.arch} machine=${canonical} guests`;
    if (t.name === 'rtc' && t.track === 'boot') return "unsupported rtc timer track 'boot'";
    if (t.name === 'rtc' && (t.tickpolicy === 'merge' || t.tickpolicy === 'discard')) return `unsupported rtc timer tickpolicy '${t.tickpolicy}'`;
    if (t.name === 'pit' && t.tickpolicy === 'merge') return "unsupported pit tickpolicy 'merge'";
    // catchup needs QEMU's KVM PIT, a capability not read for aarch64
    if (t.name === 'pit' && t.tickpolicy === 'catchup' && spec.arch !== 'x86_64') unsupported('a PIT timer with tickpolicy catchup off x86');
    if (t.name === 'hpet' && t.present === 'yes' && spec.arch !== 'x86_64') return 'hpet timer is not supported by this architecture';
    // its checks depend on KVM and on QEMU's capabilities
    if (t.name === 'armvtimer') unsupported('the armvtimer timer');
  }
  return undefined;
}
