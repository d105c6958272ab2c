// User aliases (`<alias name='ua-…'/>`): which names libvirt keeps, and the one check the
// model makes on them. How they reach QEMU's command line is in model/argv/aliases.ts.

import type { DomainSpec } from '../types/domain.js';

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
 * The user alias two devices share, if any: libvirt refuses it ("non unique alias detected",
 * observed on all three releases) after every other check (PHASE.aliasValidation). The file
 * reader notes one shared by any two elements (sharedUserAlias); a generated spec's are its
 * devices' own.
 */
export function sharedUserAlias(spec: DomainSpec): string | undefined {
  if (spec.sharedUserAlias !== undefined) return spec.sharedUserAlias;
  const seen = new Set<string>();
  for (const alias of specUserAliases(spec)) {
    if (seen.has(alias)) return alias;
    seen.add(alias);
  }
  return undefined;
}
