// User aliases (`<alias name='ua-…'/>`): which names libvirt keeps, and the one check the
// model makes on them. How they reach QEMU's command line is in model/argv/aliases.ts.

import type { DomainSpec } from '../types/domain.js';
import { unsupported } from './errors.js';

/** What libvirt keeps (observed with 9.0, 11.3 and 12.8: 'foo' and 'ua-a.b' are dropped from the inactive XML). */
const USER_ALIAS = /^ua-[A-Za-z0-9_-]+$/;

/** Is `name` an alias libvirt keeps? Any other alias is dropped at parse and leaves no trace. */
export function isUserAlias(name: string | undefined): name is string {
  return name !== undefined && USER_ALIAS.test(name);
}

/** Every kept user alias of the spec, in no particular order. */
function specUserAliases(spec: DomainSpec): string[] {
  return [...spec.controllers, ...spec.disks, ...spec.nets].map((d) => d.alias).filter(isUserAlias);
}

/**
 * Two devices with one user alias are refused ("non unique alias detected", observed on all
 * three releases); where that refusal falls among the others was not measured, so such a
 * spec is outside the model rather than guessed.
 */
export function checkUserAliasesUnique(spec: DomainSpec): void {
  const seen = new Set<string>();
  for (const alias of specUserAliases(spec)) {
    if (seen.has(alias)) unsupported(`user alias ${alias} given twice (libvirt refuses it; the order among other refusals is not measured)`);
    seen.add(alias);
  }
}
