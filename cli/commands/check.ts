// `virtprop check`: random guests per machine through the real libvirt, compared with
// the model on the chosen layers; shrunk counterexamples become repro bundles.

import type { Arch, Layer } from '../../types/domain.js';
import type { RunSummary } from '../../types/run.js';
import { classifyMachine } from '../../model/index.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { emptyStats, runCheck, type CheckStats } from '../../properties/runner/check.js';
import type { CaseContext } from '../../properties/runner/caseRunner.js';
import { type ConnectionOptions, type Environment } from '../environment.js';
import { modelOracle } from '../oracle.js';
import { startProgress } from '../progress.js';
import { setUpWatched } from '../watchedSetUp.js';
import { UsageError } from '../usageError.js';
import { addMachineResults, caseTracker, newSummary, TimelineRecorder, toCounterexample } from '../runRecord.js';
import { finishRun, printSummary } from '../summary.js';
import { RUN_TAG } from '../../harness/runTag.js';
import { checkOutDir } from '../outDir.js';

/** Options of `check` after parsing. */
export interface CheckCommandOptions extends ConnectionOptions {
  arch: Arch;
  machines: string[];
  runs: number;
  seed: number;
  layers: Layer[];
  out: string;
  json: boolean;
  maxCounterexamples: number;
  budgetSeconds?: number;
  progress: boolean;
  /** Check the redefine-stability invariant on every case (default true). */
  stability?: boolean;
}

/** The domain name a worker uses for its cases: unique per run and worker, short for socket paths. */
export const caseDomainName = (worker: number): string => `vp-${RUN_TAG}-${worker}`;

/** Builds one case context per worker for a machine. */
export function contextsFor(env: Environment, arch: Arch, layers: Layer[], stability = true): CaseContext[] {
  return env.workers.map((worker, i) => ({
    worker,
    profile: env.profile(arch),
    virtType: env.virtType(arch),
    layers,
    oracle: modelOracle,
    domainName: caseDomainName(i),
    stability,
  }));
}

/** Resolves a machine name to the generator family, failing with advice for unknown ones. */
export function familyFor(env: Environment, arch: Arch, machine: string): 'i440fx' | 'q35' | 'arm-virt' {
  const known = classifyMachine(machine, env.machines(arch));
  if (!known) {
    const names = env.machines(arch).map((m) => m.name).slice(0, 12).join(', ');
    throw new UsageError(`QEMU does not list a machine "${machine}" for ${arch}`, `pick one of: ${names}, … (see \`virtprop machines\`)`);
  }
  if (known.family === 'other') throw new UsageError(`machine "${machine}" (${known.canonical}) is of a family virtprop does not model`, 'use pc, q35 (x86_64) or virt (aarch64) or a versioned machine of those families');
  return known.family;
}

/** Runs `check` and returns the process exit code. */
export async function checkCommand(opts: CheckCommandOptions, argv: string[]): Promise<number> {
  // Signals are watched before anything exists that needs cleaning up: Node's default
  // SIGINT would otherwise end us during set-up with the run directory left behind. They
  // stay watched until the reports are written, so a late Ctrl-C never half-writes one.
  await checkOutDir(opts.out);
  // A set-up cut short by the user is not an environment fault: its signal's code is returned.
  const watched = await setUpWatched(opts, true);
  if (typeof watched === 'number') return watched;
  const { env, interrupts } = watched;
  const started = Date.now();
  const summary: RunSummary = newSummary('check', argv, opts.machines.join(','), opts.arch, opts.layers, opts.seed, env.versions);
  const timeline = new TimelineRecorder(started);
  const total: CheckStats = emptyStats();
  try {
    const families = opts.machines.map((m) => familyFor(env, opts.arch, m));
    const progress = startProgress('check', opts.runs * opts.machines.length, opts.progress && !opts.json);
    const deadline = opts.budgetSeconds ? started + opts.budgetSeconds * 1000 : undefined;
    for (const [i, machine] of opts.machines.entries()) {
      if (interrupts.signal.aborted) break;
      const machineStart = Date.now();
      const { stats, counterexamples } = await runCheck({
        arbitrary: domainSpecArb({ arch: opts.arch, machine, family: families[i], profile: env.profile(opts.arch), hyperv: opts.layers.every((l) => l === 'xml') }),
        runs: opts.runs,
        seed: opts.seed + i,
        contexts: contextsFor(env, opts.arch, opts.layers, opts.stability !== false),
        maxCounterexamples: opts.maxCounterexamples,
        deadline,
        signal: interrupts.signal,
        onCase: caseTracker(summary, progress, timeline, started, summary.cases),
      });
      const canonical = classifyMachine(machine, env.machines(opts.arch))?.canonical ?? machine;
      const cxs = counterexamples.map((c) => toCounterexample(c, canonical, opts.arch));
      addMachineResults(summary, machine, opts.layers, stats, cxs, Date.now() - machineStart);
      total.predictMs.push(...stats.predictMs);
      if (stats.lastHarnessError) total.lastHarnessError = stats.lastHarnessError;
    }
    progress.stop();
  } catch (err) {
    // Clean up while signals are still watched, then let main report the error.
    await env.close();
    interrupts.dispose();
    throw err;
  }
  await env.close();
  return finishRun({ summary, out: opts.out, started, timeline, total, interrupts }, (written) => printSummary(summary, written, { json: opts.json, lastHarnessError: total.lastHarnessError, predictMs: total.predictMs }));
}
