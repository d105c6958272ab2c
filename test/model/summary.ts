// Test helpers: a compact, readable summary of a DomainState (key → model@address) and
// small builders for specs, so each table row of observed behaviour fits on a few lines.

import type { BuildProfile, DomainSpec, DomainState, MachineInfo, NetSpec, DeviceAddress } from '../../types/domain.js';
import { controllerKey } from '../../types/keys.js';

/** "bb:ss.f" in hex, "+mf" when multifunction, or the address type for a non-PCI address. */
export function formatDeviceAddress(a: DeviceAddress): string {
  if (a.type !== 'pci' || a.pci === undefined) return a.type;
  const h = (n: number) => n.toString(16).padStart(2, '0');
  return `${h(a.pci.bus)}:${h(a.pci.slot)}.${a.pci.function}${a.pci.multifunction ? '+mf' : ''}`;
}

/** key → "address" for devices and "model@address" for controllers (companions sharing a key are joined). */
export function summarize(state: DomainState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of state.controllers) {
    const key = controllerKey(c.type, c.index);
    const value = `${c.model ?? ''}@${formatDeviceAddress(c.address)}`;
    out[key] = out[key] === undefined ? value : [out[key], value].sort().join(' ');
  }
  for (const d of state.devices) out[d.key] = formatDeviceAddress(d.address);
  return out;
}

/** An x86_64 spec with no devices, overridden by `parts`. */
export function spec(machine: string, parts: Partial<DomainSpec> = {}): DomainSpec {
  return {
    arch: 'x86_64',
    machine,
    graphics: false,
    controllers: [],
    disks: [],
    nets: [],
    videos: [],
    sounds: [],
    rngs: [],
    watchdogs: [],
    inputs: [],
    ...parts,
  };
}

/** `n` NICs of one model with MACs 52:54:00:00:01:00, :01, … */
export function nics(n: number, model: NetSpec['model'] = 'virtio', from = 0): NetSpec[] {
  return Array.from({ length: n }, (_, i) => ({ model, mac: mac(from + i) }));
}

/** The MAC of the i-th generated NIC. */
export function mac(i: number): string {
  return `52:54:00:00:01:${i.toString(16).padStart(2, '0')}`;
}

/** QEMU 7.2's machine list for the x86 machines the tables use (names, aliases, descriptions as QEMU prints them). */
export const X86_MACHINES = [
  { arch: 'x86_64', name: 'pc', aliasOf: 'pc-i440fx-7.2', description: 'Standard PC (i440FX + PIIX, 1996)' },
  { arch: 'x86_64', name: 'pc-i440fx-7.2', description: 'Standard PC (i440FX + PIIX, 1996)', isDefault: true },
  { arch: 'x86_64', name: 'pc-i440fx-6.2', description: 'Standard PC (i440FX + PIIX, 1996)' },
  { arch: 'x86_64', name: 'q35', aliasOf: 'pc-q35-7.2', description: 'Standard PC (Q35 + ICH9, 2009)' },
  { arch: 'x86_64', name: 'pc-q35-7.2', description: 'Standard PC (Q35 + ICH9, 2009)' },
  { arch: 'x86_64', name: 'isapc', description: 'ISA-only PC' },
  { arch: 'x86_64', name: 'microvm', description: 'microvm (i386)' },
];

/** The build the tables were observed on (debian-12: libvirt 9.0.0, QEMU 7.2) with a machine list. */
export const debian12 = (machines: MachineInfo[], arch = 'x86_64'): BuildProfile => ({ arch, libvirt: '9.0.0', qemu: '7.2.0', machines });

/** debian-12's x86 profile the tables use. */
export const X86_PROFILE = debian12(X86_MACHINES);
