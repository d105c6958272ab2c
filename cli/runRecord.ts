// Turns what the checker found into the plain records the reports layer writes: the
// counterexample with its virsh commands rewritten to bundle-relative files, the
// timeline, and the run summary.

import type { CaseResult, FailedProperty } from '../properties/judges/caseResult.js';
import type { CheckStats, FoundCounterexample, JudgedCase } from '../properties/runner/check.js';
import type { Counterexample, PropertyResult, RunSummary, TimelinePoint } from '../types/run.js';
import type { Layer } from '../types/domain.js';
import { commandLine } from '../harness/shellQuote.js';
import type { Progress } from './progress.js';

/** virsh commands of a case, with the worker's scratch file replaced by the bundle's files. */
export function bundleCommands(result: CaseResult): string[] {
  let defines = 0;
  return result.commands.map((args) => {
    if (args[0] === 'define' && args.length === 2) {
      defines++;
      return commandLine(['define', defines === 1 ? 'input.xml' : 'libvirt.xml']);
    }
    return commandLine(args);
  });
}

/** A judged case as a counterexample record reads it: the checker's texts, and libvirt's XML when it got that far. */
export type RecordedCase = JudgedCase & {
  failed?: { property: string; layer: Counterexample['layer'] };
  inputXml: string;
  libvirtXml?: string;
  expected: string;
  observed: string;
};

/** The report record of one shrunk counterexample, with its virsh commands as the bundle names its files. */
export function counterexampleRecord<R extends RecordedCase>(found: FoundCounterexample<R>, machine: string, arch: string, virshCommands: string[]): Counterexample {
  const r = found.result;
  const cx: Counterexample = {
    property: r.failed?.property ?? 'unknown',
    machine,
    arch,
    layer: r.failed?.layer ?? 'xml',
    xml: r.inputXml,
    expected: r.expected,
    observed: r.observed,
    diff: r.diff,
    virshCommands,
    seed: found.seed,
    path: found.path,
    shrinks: found.shrinks,
  };
  if (r.libvirtXml) cx.libvirtXml = r.libvirtXml;
  return cx;
}

/** The report record of one shrunk counterexample of `check`. */
export function toCounterexample(found: FoundCounterexample, machine: string, arch: string): Counterexample {
  return counterexampleRecord(found, machine, arch, bundleCommands(found.result));
}

/**
 * The run loop's onCase for one machine: the progress display and the timeline over the whole
 * run (`doneBefore`: cases of the machines before it, already in `summary`).
 */
export function caseTracker(summary: RunSummary, progress: Progress, timeline: TimelineRecorder, started: number, doneBefore: number): (s: CheckStats) => void {
  return (s) => {
    const done = doneBefore + s.cases;
    const secs = (Date.now() - started) / 1000;
    progress.update(done, { mismatch: summary.mismatch + s.mismatch, unsupported: summary.unsupported + s.unsupported, rate: secs > 0 ? done / secs : 0 });
    timeline.sample({ ...s, cases: done, agree: summary.agree + s.agree, mismatch: summary.mismatch + s.mismatch, unsupported: summary.unsupported + s.unsupported, libvirtErrors: summary.libvirtErrors + s.libvirtErrors });
  };
}

/** Samples the totals for the report's charts, at most once per interval. */
export class TimelineRecorder {
  readonly points: TimelinePoint[] = [];
  private last = -Infinity;
  constructor(private readonly started: number, private readonly intervalMs = 500) {}

  /** Records a point when the interval has passed (or when forced at the end). */
  sample(s: CheckStats, force = false): void {
    const t = Date.now() - this.started;
    if (!force && t - this.last < this.intervalMs) return;
    this.last = t;
    this.points.push({ t, cases: s.cases, agree: s.agree, mismatch: s.mismatch, unsupported: s.unsupported, libvirtErrors: s.libvirtErrors });
  }
}

/** Properties a check run evaluates for the given layers (one JUnit test case each). */
export function propertiesFor(layers: Layer[]): FailedProperty[] {
  const props: FailedProperty[] = ['invariant-unique', 'invariant-bus', 'invariant-stable'];
  if (layers.includes('xml')) props.unshift('xml');
  if (layers.includes('argv')) props.push('argv', 'argv-order');
  if (layers.includes('argv') || layers.includes('qemu')) props.push('qemu-refused');
  if (layers.includes('qemu')) props.push('qemu');
  return props;
}

/** Adds one machine's totals to the run summary; `properties`: one JUnit case each (default: check's for the layers). */
export function addMachineResults(summary: RunSummary, machine: string, layers: Layer[], stats: CheckStats, cxs: Counterexample[], durationMs: number, properties: string[] = propertiesFor(layers)): void {
  summary.cases += stats.cases;
  summary.agree += stats.agree;
  summary.mismatch += stats.mismatch;
  summary.unsupported += stats.unsupported;
  summary.libvirtErrors += stats.libvirtErrors;
  summary.harnessErrors += stats.harnessErrors;
  for (const [id, n] of Object.entries(stats.knownIssues)) (summary.knownIssues ??= {})[id] = (summary.knownIssues[id] ?? 0) + n;
  for (const [reason, n] of Object.entries(stats.unsupportedReasons)) summary.unsupportedReasons[reason] = (summary.unsupportedReasons[reason] ?? 0) + n;
  summary.counterexamples.push(...cxs);
  for (const property of properties) {
    const pr: PropertyResult = { property, machine, cases: stats.cases, failures: cxs.filter((c) => c.property === property).length, durationMs };
    summary.properties.push(pr);
  }
}

/** An empty summary for a command. */
export function newSummary(command: RunSummary['command'], argv: string[], machine: string, arch: string, layers: Layer[], seed: number, versions: Record<string, string>): RunSummary {
  return {
    command,
    argv,
    machine,
    arch,
    layers,
    seed,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    partial: false,
    cases: 0,
    agree: 0,
    mismatch: 0,
    unsupported: 0,
    libvirtErrors: 0,
    harnessErrors: 0,
    casesPerSecond: 0,
    versions,
    properties: [],
    counterexamples: [],
    unsupportedReasons: {},
    timeline: [],
  };
}
