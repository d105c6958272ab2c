// Canonical text of a DomainState: one line per controller and per device, sorted, so
// two states are equal exactly when their texts are, and a disagreement reads as a
// unified diff in which a moved device is one removed and one added line.

import type { ControllerState, DeviceAddress, DomainState, PciAddress } from '../../types/domain.js';

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** "0000:00:1f.2" (+ " mf" when multifunction='on'). */
export function formatPci(a: PciAddress): string {
  return `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${a.function.toString(16)}${a.multifunction ? ' mf' : ''}`;
}

/** An address as it appears in a canonical line. */
export function formatAddress(a: DeviceAddress): string {
  return a.type === 'pci' && a.pci ? `pci ${formatPci(a.pci)}` : a.type;
}

/** One controller as a canonical line. */
export function controllerLine(c: ControllerState): string {
  const parts = [`controller ${c.type} index=${c.index}`];
  if (c.model !== undefined) parts.push(`model=${c.model}`);
  if (c.modelName !== undefined) parts.push(`name=${c.modelName}`);
  if (c.target?.chassis !== undefined) parts.push(`chassis=${c.target.chassis}`);
  if (c.target?.port !== undefined) parts.push(`port=0x${c.target.port.toString(16)}`);
  if (c.target?.busNr !== undefined) parts.push(`busNr=${c.target.busNr}`);
  if (c.hotplug !== undefined) parts.push(`hotplug=${c.hotplug}`);
  parts.push(`@ ${formatAddress(c.address)}`);
  return parts.join(' ');
}

// One collator for all sorts: localeCompare with options builds a new one per call.
const byNumericText = new Intl.Collator('en', { numeric: true }).compare;

/** The canonical text of a whole state. */
export function stateText(s: DomainState): string {
  const lines = [`machine ${s.machine}`];
  lines.push(...s.controllers.map(controllerLine).sort(byNumericText));
  lines.push(...s.devices.map((d) => `device ${d.key} @ ${formatAddress(d.address)}`).sort(byNumericText));
  return lines.join('\n') + '\n';
}
