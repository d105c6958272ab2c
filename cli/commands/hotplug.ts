// `virtprop hotplug`: random attach/detach/restart sequences per machine against a paused
// guest, every step held against the hotplug model; failing sequences are shrunk (fewest
// steps, smallest base guest) and written out as repro bundles with their device XMLs.

import type { Arch } from '../../types/domain.js';
import type { Counterexample, RunSummary } from '../../types/run.js';
import { classifyMachine } from '../../model/index.js';
import { predictStep, startWorld } from '../../model/hotplugWorld.js';
import { classifyRejection } from '../../harness/rejectClass.js';
import type { GenFamily } from '../../properties/generators/family.js';
import { hotplugCaseArb } from '../../properties/hotplug/arbitraries.js';
import { emptyHotplugStats, runHotplug, type FoundSequence, type HotplugStats } from '../../properties/hotplug/run.js';
import type { HotplugContext, HotplugOracle } from '../../properties/hotplug/sequence.js';
import { addTally } from '../../properties/hotplug/tally.js';
import type { WrittenReports } from '../../reports/index.js';
import { emptyStats } from '../../properties/runner/check.js';
import { type ConnectionOptions, type Environment } from '../environment.js';
import { startProgress, type Progress } from '../progress.js';
import type { InterruptWatch } from '../interrupt.js';
import { setUpWatched } from '../watchedSetUp.js';
import { newSummary, TimelineRecorder } from '../runRecord.js';
import { finishRun } from '../summary.js';
import { checkOutDir } from '../outDir.js';
import { caseDomainName, familyFor } from './check.js';
import { scrubCredentials } from '../../reports/scrub.js';

/** Options of `hotplug` after parsing. */
export interface HotplugCommandOptions extends ConnectionOptions {
  arch: Arch;
  machines: string[];
  runs: number;
  seed: number;
  out: string;
  json: boolean;
  maxCounterexamples: number;
  progress: boolean;
}

/** The hotplug model as the sequences consume it (the CLI is where model and harness meet). */
export const hotplugOracle: HotplugOracle = { startWorld, predictStep, classifyRejection };

/** The report record of one shrunk failing sequence. */
export function sequenceCounterexample(f: FoundSequence, machine: string, arch: string): Counterexample {
  const r = f.result;
  return {
    property: 'hotplug',
    machine,
    arch,
    layer: 'hotplug',
    xml: r.inputXml,
    expected: r.expected,
    observed: r.observed,
    diff: r.diff,
    virshCommands: r.virshCommands,
    extraFiles: r.files,
    seed: f.seed,
    path: f.path,
    shrinks: f.shrinks,
  };
}

/** The JSON object of `hotplug --json` (its keys are a contract: see the README). */
export function hotplugJson(summary: RunSummary, stats: HotplugStats, written: WrittenReports | undefined): Record<string, unknown> {
  return {
    sequences: stats.sequences,
    commands: stats.tally.commands,
    agree: stats.tally.agree,
    mismatch: stats.tally.mismatch,
    unsupported: stats.tally.unsupported,
    exhausted: stats.exhausted,
    refusals: stats.tally.refusals,
    covered: stats.tally.covered,
    unsupportedReasons: stats.tally.unsupportedReasons,
    harnessErrors: stats.harnessErrors,
    knownIssues: stats.knownIssues,
    knownIssueCommands: stats.tally.knownIssue,
    partial: summary.partial,
    counterexamples: summary.counterexamples.map((c) => ({ xml: c.xml, commands: c.virshCommands, diff: c.diff, bundle: c.bundle ?? null, machine: c.machine, seed: c.seed, path: c.path, shrinks: c.shrinks })),
    versions: summary.versions,
    reports: written ? { json: written.json, junit: written.junit, html: written.html, markdown: written.markdown } : null,
  };
}

function printText(summary: RunSummary, stats: HotplugStats, written: WrittenReports | undefined): void {
  const t = stats.tally;
  const lines = [
    `virtprop hotplug${summary.partial ? ' (PARTIAL: interrupted)' : ''}: ${summary.machine} ${summary.arch}, seed ${summary.seed}`,
    `  libvirt ${summary.versions['Using library'] ?? '?'}, ${summary.versions['Running hypervisor'] ?? 'hypervisor ?'}`,
    `  sequences ${stats.sequences} (agree ${stats.agree}, mismatch ${stats.mismatch}, unsupported ${stats.unsupported}, known issue ${Object.values(stats.knownIssues).reduce((a, b) => a + b, 0)}), ${(stats.sequences ? t.commands / stats.sequences : 0).toFixed(1)} commands each`,
    `  commands ${t.commands}: agree ${t.agree}, mismatch ${t.mismatch}, unsupported ${t.unsupported}, known issue ${t.knownIssue}; harness errors ${stats.harnessErrors}`,
    `  sequences that ran out of PCI slots: ${stats.exhausted}`,
    `  agreed commands: ${Object.entries(t.covered).sort().map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  agreed refusals: ${Object.entries(t.refusals).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
  ];
  const reasons = Object.entries(t.unsupportedReasons).sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (reasons.length) lines.push('  unsupported, most frequent reasons:', ...reasons.map(([r, n]) => `    ${n} × ${r}`));
  const known = Object.entries(stats.knownIssues);
  if (known.length) lines.push('  sequences that hit a known libvirt issue (counted apart, see known-issues/):', ...known.map(([id, n]) => `    ${n} × ${id}`));
  if (stats.lastHarnessError) lines.push(`  last harness error: ${scrubCredentials(stats.lastHarnessError)}`);
  for (const c of summary.counterexamples) {
    lines.push('', `MISMATCH [hotplug] on ${c.machine}${c.bundle ? ` → ${c.bundle}` : ''}`, c.diff.split('\n').slice(0, 40).join('\n'));
  }
  if (written) lines.push('', `reports: ${written.html}  ${written.junit}  ${written.markdown}`);
  process.stdout.write(lines.join('\n') + '\n');
}

function contextsFor(env: Environment, arch: Arch): HotplugContext[] {
  return env.workers.map((worker, i) => ({ worker, profile: env.profile(arch), virtType: env.virtType(arch), oracle: hotplugOracle, domainName: caseDomainName(i) }));
}

/** What every machine of one hotplug run works with and adds to. */
interface HotplugRun {
  opts: HotplugCommandOptions;
  env: Environment;
  interrupts: InterruptWatch;
  started: number;
  summary: RunSummary;
  total: HotplugStats;
}

/** Adds one machine's sequence counts, known issues and tally to the run's. */
function addHotplugStats(total: HotplugStats, stats: HotplugStats): void {
  for (const k of ['sequences', 'agree', 'mismatch', 'unsupported', 'harnessErrors', 'exhausted'] as const) total[k] += stats[k];
  for (const [id, n] of Object.entries(stats.knownIssues)) total.knownIssues[id] = (total.knownIssues[id] ?? 0) + n;
  if (stats.lastHarnessError) total.lastHarnessError = stats.lastHarnessError;
  addTally(total.tally, stats.tally);
}

/** One machine's sequences run and shrunk; its stats, counterexamples and property line added to the run's. */
async function runMachine(run: HotplugRun, i: number, machine: string, family: GenFamily, progress: Progress): Promise<void> {
  const { opts, env, summary, total, started } = run;
  const machineStart = Date.now();
  const before = total.sequences;
  const profile = env.profile(opts.arch);
  const { stats, found } = await runHotplug({
    arbitrary: hotplugCaseArb({ arch: opts.arch, machine, family, usableBase: (base, acpi) => startWorld(base, profile, acpi).kind === 'ok' }),
    runs: opts.runs,
    seed: opts.seed + i,
    contexts: contextsFor(env, opts.arch),
    maxCounterexamples: opts.maxCounterexamples,
    signal: run.interrupts.signal,
    onSequence(s) {
      const secs = (Date.now() - started) / 1000;
      progress.update(before + s.sequences, { mismatch: total.tally.mismatch + s.tally.mismatch, unsupported: total.unsupported + s.unsupported, rate: secs > 0 ? (before + s.sequences) / secs : 0 });
    },
  });
  const canonical = classifyMachine(machine, profile.machines)?.canonical ?? machine;
  const cxs = found.map((f) => sequenceCounterexample(f, canonical, opts.arch));
  addHotplugStats(total, stats);
  summary.counterexamples.push(...cxs);
  summary.properties.push({ property: 'hotplug', machine, cases: stats.sequences, failures: cxs.length, durationMs: Date.now() - machineStart });
}

/** Every --machine in turn until a signal. */
async function runMachines(run: HotplugRun): Promise<void> {
  const { opts, env } = run;
  const families = opts.machines.map((m) => familyFor(env, opts.arch, m));
  const progress = startProgress('hotplug', opts.runs * opts.machines.length, opts.progress && !opts.json);
  for (const [i, machine] of opts.machines.entries()) {
    if (run.interrupts.signal.aborted) break;
    await runMachine(run, i, machine, families[i], progress);
  }
  progress.stop();
}

/** The run summary counts commands: each step is one case of the hotplug property. */
function countCommands(summary: RunSummary, total: HotplugStats): void {
  summary.cases = total.tally.commands;
  summary.agree = total.tally.agree;
  summary.mismatch = total.tally.mismatch;
  summary.unsupported = total.tally.unsupported;
  summary.unsupportedReasons = { ...total.tally.unsupportedReasons };
  summary.harnessErrors = total.harnessErrors;
  if (Object.keys(total.knownIssues).length) summary.knownIssues = { ...total.knownIssues };
}

/** Runs `hotplug` and returns the process exit code. */
export async function hotplugCommand(opts: HotplugCommandOptions, argv: string[]): Promise<number> {
  await checkOutDir(opts.out);
  const watched = await setUpWatched(opts, true);
  if (typeof watched === 'number') return watched;
  const { env, interrupts } = watched;
  const started = Date.now();
  const summary = newSummary('hotplug', argv, opts.machines.join(','), opts.arch, [], opts.seed, env.versions);
  const total = emptyHotplugStats();
  try {
    await runMachines({ opts, env, interrupts, started, summary, total });
  } catch (err) {
    await env.close();
    interrupts.dispose();
    throw err;
  }
  await env.close();
  countCommands(summary, total);
  // no timeline of its own yet: finishRun's closing point gives the report one
  const timeline = new TimelineRecorder(started);
  const print = (written: WrittenReports | undefined): void => {
    if (opts.json) process.stdout.write(JSON.stringify(hotplugJson(summary, total, written)) + '\n');
    else printText(summary, total, written);
  };
  return finishRun({ summary, out: opts.out, started, timeline, total: emptyStats(), interrupts }, print);
}
