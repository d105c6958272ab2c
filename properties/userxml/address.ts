// Reads a user's `<address>` element into the spec's UserAddress, keeping a partial PCI
// address partial (libvirt reads a missing field as 0, and so does the model).

import type { UserAddress } from '../../types/domain.js';
import type { XNode } from './xmlTree.js';

/** A reason the spec cannot carry what the user wrote. */
export class Unrepresentable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unrepresentable';
  }
}

/** Throws Unrepresentable with a reason: the one way the parsers say "unsupported". */
export function unrepresentable(reason: string): never {
  throw new Unrepresentable(reason);
}

/** Parses a non-negative integer the way libvirt's XML parser reads one (decimal, 0x hex, leading 0 octal). */
export function parseUnsigned(text: string, what: string): number {
  const t = text.trim();
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^0[0-7]+$/.test(t)) n = parseInt(t, 8);
  else if (/^[0-9]+$/.test(t)) n = parseInt(t, 10);
  else unrepresentable(`${what}='${text}' is not a non-negative integer`);
  return n;
}

const PCI_FIELDS = ['domain', 'bus', 'slot', 'function'] as const;
const PCI_ATTRS = new Set(['type', ...PCI_FIELDS, 'multifunction']);

/** A `<address type='pci'|'virtio-mmio'>` as a UserAddress; any other kind is unrepresentable. */
export function userAddress(node: XNode | undefined, what: string): UserAddress | undefined {
  if (node === undefined) return undefined;
  const type = node.attrs.type;
  if (type === 'virtio-mmio') return { type: 'virtio-mmio' };
  if (type !== 'pci') unrepresentable(`${what}: <address type='${type ?? ''}'>`);
  // <zpci> (s390) and unknown attributes change what libvirt does with the address.
  if (node.children.length > 0) unrepresentable(`${what}: <address> has child <${node.children[0].name}>`);
  for (const attr of Object.keys(node.attrs)) if (!PCI_ATTRS.has(attr)) unrepresentable(`${what}: <address ${attr}=…>`);
  const address: UserAddress = { type: 'pci' };
  for (const field of PCI_FIELDS) {
    const value = node.attrs[field];
    if (value !== undefined) address[field] = parseUnsigned(value, `${what} address ${field}`);
  }
  const mf = node.attrs.multifunction;
  if (mf !== undefined) {
    if (mf !== 'on' && mf !== 'off') unrepresentable(`${what}: multifunction='${mf}'`);
    address.multifunction = mf;
  }
  return address;
}
