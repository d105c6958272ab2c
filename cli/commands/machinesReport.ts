// How `virtprop machines` reports: one row per machine type with its verdict (a table for
// people, JSON for CI), then the unknown-machine property per arch, then the totals.

import type { MachineVerdict, PropertyOutcome } from '../../properties/runner/machineProperties.js';
import type { MachineEntry } from './machinesList.js';

/** One machine's result. */
export interface MachineResult extends MachineEntry {
  /** What the machine canonicalises to (QEMU's alias target, else its own name). */
  canonical: string;
  family: string;
  verdict: MachineVerdict;
  /** Why unsupported, or which property disagreed. */
  reason: string;
  /** What libvirt does with a minimal guest, for machines the properties do not cover. */
  minimalDefine?: string;
  properties: PropertyOutcome[];
}

/** The unknown-machine property of one arch. */
export interface UnknownMachineResult {
  arch: string;
  name: string;
  verdict: MachineVerdict;
  detail: string;
  /** libvirt's answer for an empty guest, and for one with nothing that needs PCI. */
  plain: string;
  bare: string;
  knownIssue?: string;
}

/** The whole report. */
export interface MachinesReport {
  versions: Record<string, string>;
  machines: MachineResult[];
  unknownMachine: UnknownMachineResult[];
  /** Arches libvirt reports that virtprop does not drive. */
  skippedArches: string[];
  /** Jobs our own plumbing failed on twice (virsh hung or died): no verdict about libvirt. */
  harnessFaults: string[];
}

/** Counts of verdicts; mismatches explained by a listed libvirt bug are counted apart. */
export function totals(report: MachinesReport): { ok: number; mismatch: number; unsupported: number; knownIssues: number } {
  const t = { ok: 0, mismatch: 0, unsupported: 0, knownIssues: 0 };
  for (const m of report.machines) t[m.verdict]++;
  for (const u of report.unknownMachine) {
    if (u.verdict === 'mismatch' && u.knownIssue) t.knownIssues++;
    else t[u.verdict]++;
  }
  return t;
}

/** The JSON CI reads: `{"machines":[{arch,name,canonical,family,verdict,…}], …}`. */
export function machinesJson(report: MachinesReport): Record<string, unknown> {
  return {
    versions: report.versions,
    machines: report.machines.map((m) => ({
      arch: m.arch,
      name: m.name,
      canonical: m.canonical,
      family: m.family,
      verdict: m.verdict,
      reason: m.reason,
      aliasOf: m.qemuAliasOf ?? m.libvirtCanonical ?? null,
      source: m.source,
      default: m.isDefault,
      deprecated: m.deprecated,
      description: m.description ?? null,
      minimalDefine: m.minimalDefine ?? null,
      properties: m.properties,
    })),
    unknownMachine: report.unknownMachine,
    skippedArches: report.skippedArches,
    harnessFaults: report.harnessFaults,
    totals: totals(report),
  };
}

/** Fixed-width text table plus the unknown-machine lines and totals. */
export function machinesText(report: MachinesReport): string {
  const header = ['arch', 'machine', 'alias-of', 'family', 'default', 'deprecated', 'verdict', 'reason'];
  const rows = report.machines.map((m) => [
    m.arch,
    m.name,
    m.qemuAliasOf ?? m.libvirtCanonical ?? '',
    m.family,
    m.isDefault ? 'yes' : '',
    m.deprecated ? 'yes' : '',
    m.verdict,
    m.reason,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === header.length - 1 ? 0 : r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  out.push('', 'unknown machine names (must be refused at define time, naming the machine):');
  if (report.unknownMachine.length === 0) out.push('  not checked (only when no --machine is given)');
  for (const u of report.unknownMachine) {
    out.push(`  ${u.arch}  ${u.name}  ${u.verdict}${u.knownIssue ? ` (known libvirt issue ${u.knownIssue}, see known-issues/)` : ''}: ${u.detail}`);
  }
  for (const m of report.machines.filter((x) => x.verdict === 'mismatch')) {
    for (const p of m.properties.filter((x) => x.verdict === 'mismatch' && x.diff)) out.push('', `${m.arch} ${m.name} ${p.property}:`, p.diff!.trimEnd());
  }
  const t = totals(report);
  out.push('', `verdicts (machines and unknown-name checks): ${t.ok} ok, ${t.mismatch} mismatch, ${t.unsupported} unsupported; known libvirt issues (counted apart): ${t.knownIssues}`);
  for (const f of report.harnessFaults) out.push(`harness fault (not a finding about libvirt): ${f}`);
  if (report.skippedArches.length) out.push(`libvirt also reports ${report.skippedArches.join(', ')}: virtprop does not drive those arches`);
  return out.join('\n') + '\n';
}
