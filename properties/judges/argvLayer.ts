// The argv layer's comparison: the `-device` entries the model expects libvirt to pass
// to QEMU against the ones libvirt really generated. Each device becomes one canonical
// line, lines are sorted by id, and a mismatch is shown as a unified diff of the lines,
// so a device that moved shows up as one removed and one added line next to each other.

import type { ArgvDevice } from '../../types/qemu.js';
import { unifiedDiff } from '../../reports/unifiedDiff.js';

/** One device as a single line with fields in a fixed order; absent fields are left out. */
export function canonicalArgvLine(device: ArgvDevice): string {
  const fields = [`id=${device.id ?? '(none)'}`, `driver=${device.driver}`];
  if (device.bus !== undefined) fields.push(`bus=${device.bus}`);
  if (device.addr !== undefined) fields.push(`addr=${device.addr}`);
  // libvirt writes multifunction only when it is on; off and absent mean the same to QEMU.
  if (device.multifunction === true) fields.push('multifunction=on');
  if (device.port !== undefined) fields.push(`port=0x${device.port.toString(16)}`);
  if (device.chassis !== undefined) fields.push(`chassis=${device.chassis}`);
  if (device.busNr !== undefined) fields.push(`busNr=${device.busNr}`);
  if (device.hotplug !== undefined) fields.push(`hotplug=${device.hotplug ? 'on' : 'off'}`);
  return fields.join(' ');
}

/** Canonical text of a device list: one line per device, sorted (pci.2 before pci.10). */
export function canonicalArgvText(devices: ArgvDevice[]): string {
  const lines = devices.map(canonicalArgvLine);
  lines.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return lines.map((l) => `${l}\n`).join('');
}

/** Compares expected with observed `-device` lists; `diff` is empty when they agree. */
export function compareArgv(expected: ArgvDevice[], observed: ArgvDevice[]): { agree: boolean; diff: string } {
  const expectedText = canonicalArgvText(expected);
  const observedText = canonicalArgvText(observed);
  if (expectedText === observedText) return { agree: true, diff: '' };
  return {
    agree: false,
    diff: unifiedDiff(expectedText, observedText, { expectedLabel: 'expected argv', observedLabel: 'observed argv' }),
  };
}

/**
 * Model-free check of a command line in its real order: QEMU creates devices left to
 * right, so a device whose bus is provided by a bridge or port (whose id names that bus)
 * must come after it. Returns one line per violation; empty when the order is sound.
 */
export function busOrderViolations(devicesInOrder: ArgvDevice[]): string[] {
  const providers = new Map<string, number>();
  devicesInOrder.forEach((d, i) => {
    if (d.id !== undefined) providers.set(d.id, i);
  });
  const violations: string[] = [];
  devicesInOrder.forEach((d, i) => {
    const provider = d.bus === undefined ? undefined : providers.get(d.bus);
    if (provider !== undefined && provider > i) {
      violations.push(`${d.id ?? d.driver} on ${d.bus} comes before ${d.bus} is created (device ${i + 1} vs ${provider + 1})`);
    }
  });
  return violations;
}
