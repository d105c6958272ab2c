// What libvirt checks before it trusts a cached QEMU probe (ROOT/cache/qemu/capabilities/
// *.xml): the stamps at the head of each file (QEMU's and libvirt's own ctime and version,
// the modules directory, and, where KVM is usable, the host CPU's signature and microcode).
// Comparing the stamps of a saved cache with those written after a run tells which one made
// libvirt probe QEMU again.

import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Per emulator, the stamps of its cache file: element name → text. */
export type CacheStamps = Map<string, Record<string, string>>;

/** What each stamp stands for, in a user's words (unknown ones are named as they are). */
const STAMP_MEANING: Record<string, string> = {
  qemuctime: 'the QEMU binary was replaced or touched',
  qemumoddirmtime: "QEMU's modules directory changed",
  selfctime: 'the libvirt binary (here virsh, which runs the embedded driver) changed',
  selfvers: 'the libvirt version changed',
  microcodeVersion: "the host CPU's microcode version reads differently",
  hostCPUSignature: 'the host CPU signature reads differently (common on nested virtualisation, whose CPUID can change between probes)',
  kvmSupportsNesting: "KVM's nesting support changed",
  kvmSupportsSecureGuest: "KVM's secure-guest support changed",
};

/** The stamps of one cache file's text: the leaf elements before its first capability flag. */
export function stampsOf(xml: string): { emulator?: string; stamps: Record<string, string> } {
  const head = xml.split(/<flag\b/)[0];
  const stamps: Record<string, string> = {};
  for (const m of head.matchAll(/<([A-Za-z]+)>([^<]*)<\/\1>/g)) stamps[m[1]] = m[2].trim();
  const { emulator, ...rest } = stamps;
  return { emulator, stamps: rest };
}

/** The stamps of every cache file under an embedded root (or a saved copy of one); empty when there is none. */
export async function readCacheStamps(root: string): Promise<CacheStamps> {
  const dir = path.join(root, 'cache', 'qemu', 'capabilities');
  const out: CacheStamps = new Map();
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  for (const f of files.filter((n) => n.endsWith('.xml'))) {
    const { emulator, stamps } = stampsOf(await fs.readFile(path.join(dir, f), 'utf8'));
    if (emulator !== undefined) out.set(emulator, stamps);
  }
  return out;
}

/**
 * Why libvirt probed each emulator again between a saved cache and the cache after a run:
 * one line per emulator whose stamps differ, or that had no saved entry.
 */
export function explainReprobes(saved: CacheStamps, now: CacheStamps): string[] {
  const lines: string[] = [];
  for (const [emulator, after] of now) {
    const before = saved.get(emulator);
    if (before === undefined) {
      lines.push(`${emulator}: no saved probe (first run with this build): probed once, saved for the next runs`);
      continue;
    }
    const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
    if (changed.length === 0) continue;
    const why = changed.map((k) => `${k} ${before[k] ?? '(none)'} → ${after[k] ?? '(none)'}: ${STAMP_MEANING[k] ?? 'a stamp libvirt checks changed'}`);
    lines.push(`${emulator}: probed again because ${why.join('; ')}`);
  }
  return lines;
}
