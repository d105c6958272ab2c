// Turns diff mode's findings into the plain records the reports layer writes: side A is
// "expected", side B "observed", and the bundle carries repro-ab.sh, which runs the very
// same virsh commands against both builds and diffs their output.

import type { Counterexample, PropertyResult, RunSummary } from '../../types/run.js';
import type { Layer } from '../../types/domain.js';
import type { CheckStats, FoundCounterexample } from '../../properties/runner/check.js';
import type { DiffCaseResult, DiffProperty } from '../../properties/runner/diffCase.js';
import { commandLine } from '../../harness/shellQuote.js';
import { renderReproTwoBuilds } from '../../reports/reproTwoBuilds.js';

/** How one build is reached: virsh binary and URI (undefined: a private embedded driver). */
export interface BuildRef {
  virsh: string;
  uri?: string;
}

/** Properties a diff run evaluates for the given layers (one JUnit test case each). */
export function diffPropertiesFor(layers: Layer[]): DiffProperty[] {
  const props: DiffProperty[] = ['diff-define', 'diff-xml'];
  if (layers.includes('argv')) props.push('diff-argv');
  if (layers.includes('qemu')) props.push('diff-qemu');
  return props;
}

/** A side's commands for a bundle: the scratch file of `define` becomes the bundle's file (input.xml). */
export function sideCommands(commands: string[][], file = 'input.xml'): string[] {
  return commands.map((args) => (args[0] === 'define' && args.length === 2 ? commandLine(['define', file]) : commandLine(args)));
}

/** repro-ab.sh: repro.sh run once per build, outputs diffed; exits 1 when they differ. */
export function reproAbScript(a: BuildRef, b: BuildRef, property: string): string {
  return renderReproTwoBuilds({
    name: 'repro-ab',
    header: [
      `virtprop diff repro (${property}): the virsh commands of repro.sh, run once against`,
      'build A and once against build B (a fresh private embedded root each, unless a URI',
      'is set); their outputs differ where expected.txt (A) and observed.txt (B) differ.',
    ],
    sides: [
      { label: 'A', ...a, script: 'repro.sh' },
      { label: 'B', ...b, script: 'repro.sh' },
    ],
  });
}

/** The report record of one shrunk diff-mode finding. */
export function toDiffCounterexample(found: FoundCounterexample<DiffCaseResult>, machine: string, arch: string, sides: { a: BuildRef; b: BuildRef }): Counterexample {
  const r = found.result;
  const property = r.failed?.property ?? 'diff';
  const extraFiles: Record<string, string> = {
    'commands-a.txt': sideCommands(r.a.commands).join('\n') + '\n',
    'commands-b.txt': sideCommands(r.b.commands).join('\n') + '\n',
    'repro-ab.sh': reproAbScript(sides.a, sides.b, property),
  };
  if (r.b.libvirtXml !== undefined) extraFiles['libvirt-b.xml'] = r.b.libvirtXml;
  const cx: Counterexample = {
    property,
    machine,
    arch,
    layer: r.failed?.layer ?? 'diff',
    xml: r.inputXml,
    expected: r.expected,
    observed: r.observed,
    diff: r.diff,
    virshCommands: sideCommands(r.a.commands),
    extraFiles,
    seed: found.seed,
    path: found.path,
  };
  if (r.a.libvirtXml !== undefined) cx.libvirtXml = r.a.libvirtXml;
  return cx;
}

/** Adds one machine's diff totals to the run summary. */
export function addDiffMachineResults(summary: RunSummary, machine: string, layers: Layer[], stats: CheckStats, cxs: Counterexample[], durationMs: number): void {
  summary.cases += stats.cases;
  summary.agree += stats.agree;
  summary.mismatch += stats.mismatch;
  summary.libvirtErrors += stats.libvirtErrors;
  summary.harnessErrors += stats.harnessErrors;
  summary.counterexamples.push(...cxs);
  for (const property of diffPropertiesFor(layers)) {
    const pr: PropertyResult = { property, machine, cases: stats.cases, failures: cxs.filter((c) => c.property === property).length, durationMs };
    summary.properties.push(pr);
  }
}
