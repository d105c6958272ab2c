// Model-free invariants: they need no prediction, so they hold for every spec, inside
// or outside the model's coverage, and catch real bugs on their own.

import type { DomainState } from '../../types/domain.js';
import { formatPci } from './stateText.js';

/** Addresses used by more than one device or controller: "addr: a, b" lines; empty when none. */
export function duplicatePciAddresses(s: DomainState): string[] {
  const owners = new Map<string, string[]>();
  const note = (owner: string, a: DomainState['devices'][number]['address']): void => {
    if (a.type !== 'pci' || !a.pci) return;
    const k = formatPci({ ...a.pci, multifunction: false });
    owners.set(k, [...(owners.get(k) ?? []), owner]);
  };
  for (const c of s.controllers) note(`controller ${c.type}#${c.index}${c.model ? ` (${c.model})` : ''}`, c.address);
  for (const d of s.devices) note(d.key, d.address);
  return [...owners].filter(([, o]) => o.length > 1).map(([k, o]) => `${k}: ${o.join(', ')}`);
}

/** PCI addresses that point at a bus no controller provides, or at a controller's own bus. */
export function danglingBuses(s: DomainState): string[] {
  const pciIndexes = new Set(s.controllers.filter((c) => c.type === 'pci').map((c) => c.index));
  const out: string[] = [];
  const check = (owner: string, a: DomainState['devices'][number]['address']): void => {
    if (a.type === 'pci' && a.pci && !pciIndexes.has(a.pci.bus)) out.push(`${owner} on bus ${a.pci.bus}, which no pci controller provides`);
  };
  for (const c of s.controllers) {
    check(`controller ${c.type}#${c.index}`, c.address);
    if (c.type === 'pci' && c.address.pci && c.address.pci.bus >= c.index) out.push(`controller pci#${c.index} sits on bus ${c.address.pci.bus}, not below its own index`);
  }
  for (const d of s.devices) check(d.key, d.address);
  return out;
}
