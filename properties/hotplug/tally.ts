// Counting hotplug commands (each step is one command) and naming them in reports.

import type { HotplugStep } from '../../model/hotplugTypes.js';

/** Per-command totals of one or many sequences. */
export interface HotplugTally {
  commands: number;
  agree: number;
  mismatch: number;
  unsupported: number;
  /** Commands that ran into a listed libvirt bug (the sequence ended there). */
  knownIssue: number;
  /** Agreed refusals by kind: shows the generator reached "no more slots" and the rest. */
  refusals: Record<string, number>;
  /** Agreed commands by operation and outcome ("attach --live ok", "detach --live refused"): what was covered. */
  covered: Record<string, number>;
  unsupportedReasons: Record<string, number>;
}

/** A fresh, empty tally. */
export function emptyTally(): HotplugTally {
  return { commands: 0, agree: 0, mismatch: 0, unsupported: 0, knownIssue: 0, refusals: {}, covered: {}, unsupportedReasons: {} };
}

/** Adds `b` into `a`. */
export function addTally(a: HotplugTally, b: HotplugTally): void {
  a.commands += b.commands;
  a.agree += b.agree;
  a.mismatch += b.mismatch;
  a.unsupported += b.unsupported;
  a.knownIssue += b.knownIssue;
  for (const [k, n] of Object.entries(b.refusals)) a.refusals[k] = (a.refusals[k] ?? 0) + n;
  for (const [k, n] of Object.entries(b.covered)) a.covered[k] = (a.covered[k] ?? 0) + n;
  for (const [k, n] of Object.entries(b.unsupportedReasons)) a.unsupportedReasons[k] = (a.unsupportedReasons[k] ?? 0) + n;
}

/** The coverage key of an agreed step: operation, mode and whether it went through. */
export function coverageKey(s: HotplugStep, ok: boolean): string {
  return `${s.op === 'restart' ? 'restart' : `${s.op} --${s.mode}`} ${ok ? 'ok' : 'refused'}`;
}

/** One line naming a step: "attach --live net 52:54:01:00:00:02 (virtio)". */
export function describeStep(s: HotplugStep): string {
  if (s.op === 'restart') return 'restart (destroy, start --paused)';
  const d = s.device;
  const what =
    d.kind === 'net' ? `net ${d.spec.mac} (${d.spec.model})` : d.kind === 'disk' ? `disk ${d.spec.target} (${d.spec.bus})` : `controller ${d.spec.type}${d.spec.model ? ` (${d.spec.model})` : ''}`;
  return `${s.op} --${s.mode} ${what}`;
}
