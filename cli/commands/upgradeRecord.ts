// Upgrade mode's records: how each case ended (the totals of the JSON contract), the
// report record of a shrunk finding with its bundle files (repro-from.sh, repro.sh on TO,
// repro-upgrade.sh diffing the two), and the text summary.

import type { Counterexample, RunSummary, UpgradeBuild, UpgradeTotals } from '../../types/run.js';
import type { Layer } from '../../types/domain.js';
import type { FoundCounterexample } from '../../properties/runner/check.js';
import type { UpgradeCaseResult, UpgradeProperty } from '../../properties/runner/upgradeCase.js';
import type { WrittenReports } from '../../reports/index.js';
import { renderReproScript } from '../../reports/reproScript.js';
import { renderReproTwoBuilds } from '../../reports/reproTwoBuilds.js';
import { scrubCredentials } from '../../reports/scrub.js';
import { upgradeBuildText } from '../../reports/upgradeText.js';
import { sideCommands } from './diffRecord.js';
import { counterexampleRecord } from '../runRecord.js';

/** How a build is reached in a bundle's scripts. */
export interface UpgradeSideRef {
  build: string;
  virsh: string;
  /** A wrapper's real virsh (VIRTPROP_REAL_VIRSH), when `virsh` is a wrapper around the build's. */
  realVirsh?: string;
}

/** Properties an upgrade run evaluates for the given layers (one JUnit test case each). */
export function upgradePropertiesFor(layers: Layer[]): UpgradeProperty[] {
  const props: UpgradeProperty[] = ['upgrade-define', 'upgrade-xml'];
  if (layers.includes('argv') || layers.includes('qemu')) props.push('upgrade-start');
  if (layers.includes('argv')) props.push('upgrade-argv');
  if (layers.includes('qemu')) props.push('upgrade-qemu');
  return props;
}

/** Totals before the first case. */
export function emptyUpgradeTotals(from: UpgradeBuild, to: UpgradeBuild): UpgradeTotals {
  return { from, to, machines: {}, stable: 0, expectedChanges: 0, findings: 0, refusedOnTo: 0, refusedOnFrom: 0, unsupported: 0, changes: {}, refusals: {} };
}

/** Books one first-time case (known issues are booked by the loop, under knownIssues). */
export function countUpgradeCase(t: UpgradeTotals, r: UpgradeCaseResult): void {
  if ((r.kind === 'refused-on-to' || r.kind === 'refused-on-from') && r.reason) t.refusals[r.reason] = (t.refusals[r.reason] ?? 0) + 1;
  switch (r.kind) {
    case 'stable': t.stable++; break;
    case 'expected-change':
      t.expectedChanges++;
      for (const line of new Set(r.changes)) t.changes[line] = (t.changes[line] ?? 0) + 1;
      break;
    case 'finding': t.findings++; break;
    case 'refused-on-to': t.refusedOnTo++; break;
    case 'refused-on-from': t.refusedOnFrom++; break;
    case 'unsupported': t.unsupported++; break;
    case 'known-issue': break;
  }
}

/** repro-upgrade.sh: FROM's commands on FROM, FROM's answer (libvirt.xml) on TO, outputs diffed. */
export function reproUpgradeScript(from: UpgradeSideRef, to: UpgradeSideRef, property: string): string {
  const exports: Record<string, string> = {};
  if (to.realVirsh) exports.VIRTPROP_REAL_VIRSH = to.realVirsh;
  return renderReproTwoBuilds({
    name: 'repro-upgrade',
    header: [
      `virtprop upgrade repro (${property}): ${from.build} defines input.xml (repro-from.sh), ${to.build}`,
      "defines what FROM answered, as recorded in libvirt.xml (repro.sh); each in a fresh private",
      'embedded root unless a URI is set. Their outputs are diffed: beside the finding, the',
      'changes the model expects of TO (expected.txt) show up too; from.txt is what FROM showed.',
    ],
    sides: [
      { label: 'FROM', virsh: from.virsh, script: 'repro-from.sh' },
      { label: 'TO', virsh: to.virsh, script: 'repro.sh' },
    ],
    exports,
    // Which file a define read is no difference between the builds.
    normalise: ['s/^\\(+ virsh define\\) .*/\\1 FILE/', 's/ defined from .*/ defined/'],
  });
}

/** The report record of one shrunk upgrade finding. */
export function toUpgradeCounterexample(found: FoundCounterexample<UpgradeCaseResult>, machine: string, arch: string, sides: { from: UpgradeSideRef; to: UpgradeSideRef }): Counterexample {
  const r = found.result;
  const property = r.failed?.property ?? 'upgrade';
  const fromCommands = sideCommands(r.fromCommands);
  const toCommands = sideCommands(r.toCommands, 'libvirt.xml');
  // libvirt.xml of the bundle is FROM's answer: what TO was given
  const cx = counterexampleRecord({ ...found, result: { ...r, libvirtXml: r.fromXml } }, machine, arch, toCommands);
  const extraFiles: Record<string, string> = {
    'commands-from.txt': fromCommands.join('\n') + '\n',
    'commands-to.txt': toCommands.join('\n') + '\n',
    'repro-from.sh': renderReproScript({ ...cx, virshCommands: fromCommands }, { 'input.xml': r.inputXml }),
    'repro-upgrade.sh': reproUpgradeScript(sides.from, sides.to, property),
  };
  if (r.fromText !== undefined) extraFiles['from.txt'] = r.fromText;
  if (r.toXml !== undefined) extraFiles['libvirt-to.xml'] = r.toXml;
  cx.extraFiles = extraFiles;
  return cx;
}

/** The JSON object of `upgrade --json` (its first keys are a contract: see the README). */
export function upgradeJson(summary: RunSummary, written: WrittenReports | undefined, lastHarnessError?: string): Record<string, unknown> {
  const u = summary.upgrade!;
  const side = (b: UpgradeBuild): Record<string, string> => ({ libvirt: b.libvirt, qemu: b.qemu, build: b.build });
  return {
    cases: summary.cases,
    stable: u.stable,
    expectedChanges: u.expectedChanges,
    findings: u.findings,
    refusedOnTo: u.refusedOnTo,
    harnessErrors: summary.harnessErrors,
    casesPerSecond: Number(summary.casesPerSecond.toFixed(2)),
    from: side(u.from),
    to: side(u.to),
    counterexamples: summary.counterexamples.map((c) => ({ xml: c.xml, diff: c.diff, bundle: c.bundle ?? null, property: c.property, machine: c.machine, layer: c.layer, shrinks: c.shrinks, seed: c.seed, path: c.path })),
    refusedOnFrom: u.refusedOnFrom,
    unsupported: u.unsupported,
    knownIssues: summary.knownIssues ?? {},
    unsupportedReasons: summary.unsupportedReasons,
    changes: u.changes,
    refusals: u.refusals,
    machines: u.machines,
    layers: summary.layers,
    seed: summary.seed,
    partial: summary.partial,
    ...(lastHarnessError === undefined ? {} : { lastHarnessError: scrubCredentials(lastHarnessError) }),
    reports: written ? { json: written.json, junit: written.junit, html: written.html, markdown: written.markdown } : null,
  };
}

/** Prints the run's outcome: JSON when asked, a readable summary otherwise. */
export function printUpgradeSummary(summary: RunSummary, written: WrittenReports | undefined, opts: { json: boolean; lastHarnessError?: string }): void {
  if (opts.json) {
    process.stdout.write(JSON.stringify(upgradeJson(summary, written, opts.lastHarnessError)) + '\n');
    return;
  }
  const u = summary.upgrade!;
  const machines = Object.entries(u.machines).map(([asked, used]) => (asked === used ? used : `${asked} as ${used}`)).join(', ');
  const known = Object.values(summary.knownIssues ?? {}).reduce((a, b) => a + b, 0);
  const lines = [
    `virtprop upgrade${summary.partial ? ' (PARTIAL: interrupted)' : ''}: ${upgradeBuildText(u.from)} → ${upgradeBuildText(u.to)}`,
    `  ${machines} ${summary.arch}, layers ${summary.layers.join(',')}, seed ${summary.seed}`,
    ...(summary.versions['Machine note'] ? [`  NOTE: ${summary.versions['Machine note']}`] : []),
    ...['Model facts', 'TO Model facts'].filter((k) => summary.versions[k]).map((k) => `  NOTE (${k.startsWith('TO') ? 'TO' : 'FROM'}): ${summary.versions[k]}`),
    `  cases ${summary.cases}: stable ${u.stable}, expected changes ${u.expectedChanges}, findings ${u.findings}, refused on TO as predicted ${u.refusedOnTo}, refused on FROM ${u.refusedOnFrom}, unsupported ${u.unsupported}, known issues ${known}; harness errors ${summary.harnessErrors}`,
    `  ${summary.casesPerSecond.toFixed(1)} cases/s over ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  const changes = Object.entries(u.changes).sort((a, b) => b[1] - a[1]).slice(0, 6);
  if (changes.length) lines.push('  expected changes, most frequent (FROM → TO):', ...changes.map(([l, n]) => `    ${n} × ${l}`));
  const refusals = Object.entries(u.refusals).sort((a, b) => b[1] - a[1]).slice(0, 6);
  if (refusals.length) lines.push('  refusals, most frequent:', ...refusals.map(([r, n]) => `    ${n} × ${r}`));
  const reasons = Object.entries(summary.unsupportedReasons).sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (reasons.length) lines.push('  unsupported, most frequent reasons:', ...reasons.map(([r, n]) => `    ${n} × ${r}`));
  const issues = Object.entries(summary.knownIssues ?? {});
  if (issues.length) lines.push('  known libvirt issues hit (counted apart, see known-issues/):', ...issues.map(([id, n]) => `    ${n} × ${id}`));
  if (opts.lastHarnessError) lines.push(`  last harness error: ${scrubCredentials(opts.lastHarnessError)}`);
  for (const c of summary.counterexamples) {
    lines.push('', `FINDING [${c.property}] on ${c.machine} (layer ${c.layer})${c.bundle ? ` → ${c.bundle} (bash repro-upgrade.sh there)` : ''}`);
    lines.push(c.diff.split('\n').slice(0, 40).join('\n'));
  }
  if (written) lines.push('', `reports: ${written.html}  ${written.junit}  ${written.markdown}`);
  process.stdout.write(lines.join('\n') + '\n');
}
