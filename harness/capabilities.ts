// What the connection offers: architectures, their emulators, the machine types QEMU
// lists for each (with aliases), and whether KVM or only TCG is available. Read from
// `virsh capabilities` plus, where the emulator is local, its own `-machine help`.

import { parseXmlTree } from './xmlTreeReader.js';
import { execa } from 'execa';
import { promises as fs, constants as fsc } from 'node:fs';
import type { BuildProfile, MachineInfo, QemuOffers } from '../types/domain.js';

/** One guest architecture the connection can run. */
export interface GuestArch {
  arch: string;
  emulator: string;
  /** Domain types libvirt offers for it: 'qemu' (TCG) and maybe 'kvm'. */
  domainTypes: string[];
  machines: MachineInfo[];
}

type Node = { $?: Record<string, string>; _?: string } & Record<string, unknown>;
const kids = (n: Node | undefined, k: string): Node[] => (Array.isArray(n?.[k]) ? (n![k] as Node[]) : []);
const text = (n: Node | string): string => (typeof n === 'string' ? n : (n._ ?? ''));

/** Parses `virsh capabilities` into its guest architectures. */
export async function parseCapabilities(xml: string): Promise<GuestArch[]> {
  const doc = (await parseXmlTree(xml)) as { capabilities?: Node };
  const out = new Map<string, GuestArch>();
  for (const guest of kids(doc.capabilities, 'guest')) {
    if (text(kids(guest, 'os_type')[0] ?? '') !== 'hvm') continue;
    for (const arch of kids(guest, 'arch')) {
      const name = arch.$?.name ?? '';
      const entry = out.get(name) ?? { arch: name, emulator: text(kids(arch, 'emulator')[0] ?? ''), domainTypes: [], machines: [] };
      for (const d of kids(arch, 'domain')) if (d.$?.type && !entry.domainTypes.includes(d.$.type)) entry.domainTypes.push(d.$.type);
      for (const m of kids(arch, 'machine')) {
        const mname = text(m);
        if (entry.machines.some((x) => x.name === mname)) continue;
        const info: MachineInfo = { arch: name, name: mname };
        if (m.$?.canonical) info.aliasOf = m.$.canonical;
        entry.machines.push(info);
      }
      out.set(name, entry);
    }
  }
  return [...out.values()];
}

/** Parses QEMU's `-machine help` listing (name, description, alias target, default, deprecated). */
export function parseMachineHelp(arch: string, textOut: string): MachineInfo[] {
  const machines: MachineInfo[] = [];
  for (const line of textOut.split('\n')) {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m || line.startsWith('Supported machines')) continue;
    let description = m[2].trim();
    const info: MachineInfo = { arch, name: m[1] };
    // Flags are written as trailing parenthesised notes, in any order.
    for (;;) {
      const alias = /\s*\(alias of ([^)]+)\)$/.exec(description);
      if (alias) {
        info.aliasOf = alias[1];
        description = description.slice(0, alias.index);
        continue;
      }
      const flag = /\s*\((default|deprecated)\)$/.exec(description);
      if (flag) {
        if (flag[1] === 'default') info.isDefault = true;
        else info.deprecated = true;
        description = description.slice(0, flag.index);
        continue;
      }
      break;
    }
    info.description = description;
    machines.push(info);
  }
  return machines;
}

/**
 * Runs an emulator's `-machine help`; undefined when the emulator is not runnable here
 * (remote URI). `runPrefix` runs it inside a build's root, where libvirt's path points.
 */
export async function emulatorMachineHelp(arch: string, emulator: string, runPrefix: string[] = []): Promise<MachineInfo[] | undefined> {
  const [program, ...args] = [...runPrefix, emulator, '-machine', 'help'];
  try {
    await fs.access(runPrefix.length > 0 ? program : emulator, fsc.X_OK);
  } catch {
    return undefined;
  }
  const r = await execa(program, args, { reject: false, timeout: 20_000, env: { LC_ALL: 'C' } });
  return r.exitCode === 0 ? parseMachineHelp(arch, String(r.stdout)) : undefined;
}

/** Merges libvirt's list with QEMU's own: QEMU's descriptions and flags, libvirt's names. */
export function mergeMachineLists(fromLibvirt: MachineInfo[], fromQemu: MachineInfo[] | undefined): MachineInfo[] {
  if (!fromQemu) return fromLibvirt;
  const byName = new Map(fromQemu.map((m) => [m.name, m]));
  const merged: MachineInfo[] = fromLibvirt.map((m) => ({ ...byName.get(m.name), ...m }));
  for (const m of fromQemu) if (!merged.some((x) => x.name === m.name)) merged.push(m);
  return merged;
}

/** True when this process can open /dev/kvm (KVM will work for a root-run embedded QEMU). */
export async function kvmUsable(): Promise<boolean> {
  try {
    await fs.access('/dev/kvm', fsc.R_OK | fsc.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What `virsh domcapabilities` says QEMU offers: the enums the model reads. */
export async function parseDomainCapabilities(xml: string): Promise<QemuOffers> {
  const doc = (await parseXmlTree(xml)) as { domainCapabilities?: Node };
  const devices = kids(doc.domainCapabilities, 'devices')[0];
  const values = (element: string, name: string): string[] => {
    const e = kids(devices, element)[0];
    const en = kids(e, 'enum').find((x) => x.$?.name === name);
    return kids(en, 'value').map(text);
  };
  const sev = kids(kids(doc.domainCapabilities, 'features')[0], 'sev')[0]?.$?.supported;
  return { videoModels: values('video', 'modelType'), diskBuses: values('disk', 'bus'), ...(sev === undefined ? {} : { sev: sev === 'yes' }) };
}

/** "libvirt 11.3.0" / "QEMU 10.0.13" as `virsh version` prints them: the bare version. */
export const bareVersion = (named: string | undefined): string => /(\d+(?:\.\d+)+)/.exec(named ?? '')?.[1] ?? '0';

/**
 * A profile read without connecting to libvirt: `virsh --version` and the emulator's own
 * `--version` and `-machine help` (run inside the build's root with `runPrefix`). QEMU's
 * offers stay unknown: libvirt reads them only through a connection.
 */
export async function offlineProfile(arch: string, emulator: string, virsh: string, runPrefix: string[] = []): Promise<BuildProfile | undefined> {
  const machines = await emulatorMachineHelp(arch, emulator, runPrefix);
  if (machines === undefined || machines.length === 0) return undefined;
  const [program, ...args] = [...runPrefix, emulator, '--version'];
  const qemu = await execa(program, args, { reject: false, timeout: 20_000 });
  const libvirt = await execa(virsh, ['--version'], { reject: false, timeout: 20_000 });
  return { arch, libvirt: bareVersion(String(libvirt.stdout)), qemu: bareVersion(String(qemu.stdout)), machines };
}
