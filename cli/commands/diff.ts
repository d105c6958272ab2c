// `virtprop diff`: the same random guests through two libvirt builds, compared on the
// chosen layers without a model; differences are shrunk (the failing comparison pinned)
// and written as repro bundles that run the same virsh commands against both builds.

import path from 'node:path';
import type { Arch, Layer } from '../../types/domain.js';
import type { RunSummary } from '../../types/run.js';
import { classifyMachine } from '../../model/index.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { emptyStats, runProperty, type CheckStats } from '../../properties/runner/check.js';
import { diffJudge, type DiffContext } from '../../properties/runner/diffCase.js';
import type { Environment } from '../environment.js';
import { startProgress } from '../progress.js';
import { checkOutDir } from '../outDir.js';
import { setUpWatchedPair } from '../watchedSetUp.js';
import { UsageError } from '../usageError.js';
import { caseTracker, newSummary, TimelineRecorder } from '../runRecord.js';
import { finishRun, printSummary } from '../summary.js';
import { caseDomainName, familyFor, type CheckCommandOptions } from './check.js';
import { addDiffMachineResults, toDiffCounterexample, type BuildRef } from './diffRecord.js';

/** Options of `diff` after parsing: `check`'s, whose connection options are build A's, plus build B. */
export interface DiffCommandOptions extends CheckCommandOptions {
  vsVirsh: string;
  /** Build B's URI; undefined: a private embedded driver. */
  vsUri?: string;
}

/** Versions of both builds in one record: A's under libvirt's own keys (the summary prints those), B's prefixed. */
export function diffVersions(a: Environment, b: Environment, refs: { a: BuildRef; b: BuildRef }): Record<string, string> {
  const out: Record<string, string> = { ...a.versions, 'A virsh': refs.a.virsh, 'B virsh': refs.b.virsh };
  for (const [k, v] of Object.entries(b.versions)) out[`B ${k}`] = v;
  return out;
}

/** One context per worker pair: worker i of A with worker i of B. */
export function diffContexts(a: Environment, b: Environment, arch: Arch, layers: Layer[]): DiffContext[] {
  // Both sides define the same XML: KVM only when both builds can use it.
  const virtType = a.virtType(arch) === 'kvm' && b.virtType(arch) === 'kvm' ? 'kvm' : 'qemu';
  // An explicit embed URI gives one worker only: pair as many as both sides have.
  const pairs = Math.min(a.workers.length, b.workers.length);
  return a.workers.slice(0, pairs).map((worker, i) => ({ a: worker, b: b.workers[i], virtType, layers, domainName: caseDomainName(i) }));
}

/** Runs `diff` and returns the process exit code. */
export async function diffCommand(opts: DiffCommandOptions, argv: string[]): Promise<number> {
  // A virsh given as a relative path must still work from inside a bundle's folder.
  const abs = (virsh: string): string => (virsh.includes('/') ? path.resolve(virsh) : virsh);
  const refs = { a: { virsh: abs(opts.virsh), uri: opts.uri }, b: { virsh: abs(opts.vsVirsh), uri: opts.vsUri } };
  await checkOutDir(opts.out);
  const ready = await setUpWatchedPair({ ...opts, uris: undefined }, { ...opts, uris: undefined, virsh: opts.vsVirsh, uri: opts.vsUri });
  if (typeof ready === 'number') return ready;
  const { a: envA, b: envB, interrupts } = ready;
  const started = Date.now();
  const summary: RunSummary = newSummary('diff', argv, opts.machines.join(','), opts.arch, opts.layers, opts.seed, diffVersions(envA, envB, refs));
  const timeline = new TimelineRecorder(started);
  const total: CheckStats = emptyStats();
  try {
    const families = opts.machines.map((m) => {
      if (!classifyMachine(m, envB.machines(opts.arch))) throw new UsageError(`build B lists no machine "${m}" for ${opts.arch}`, 'pick a machine both builds know');
      return familyFor(envA, opts.arch, m);
    });
    const progress = startProgress('diff', opts.runs * opts.machines.length, opts.progress && !opts.json);
    const deadline = opts.budgetSeconds ? started + opts.budgetSeconds * 1000 : undefined;
    for (const [i, machine] of opts.machines.entries()) {
      if (interrupts.signal.aborted) break;
      const machineStart = Date.now();
      const { stats, counterexamples } = await runProperty({
        arbitrary: domainSpecArb({ arch: opts.arch, machine, family: families[i], macless: false, omitDefaultMachine: false, profile: envA.profile(opts.arch) }),
        runs: opts.runs,
        seed: opts.seed + i,
        contexts: diffContexts(envA, envB, opts.arch, opts.layers),
        judge: diffJudge,
        maxCounterexamples: opts.maxCounterexamples,
        deadline,
        signal: interrupts.signal,
        onCase: caseTracker(summary, progress, timeline, started, summary.cases),
      });
      const canonical = classifyMachine(machine, envA.machines(opts.arch))?.canonical ?? machine;
      const cxs = counterexamples.map((c) => toDiffCounterexample(c, canonical, opts.arch, refs));
      addDiffMachineResults(summary, machine, opts.layers, stats, cxs, Date.now() - machineStart);
      if (stats.lastHarnessError) total.lastHarnessError = stats.lastHarnessError;
    }
    progress.stop();
  } catch (err) {
    // Clean up while signals are still watched, then let main report the error.
    await Promise.all([envA.close(), envB.close()]);
    interrupts.dispose();
    throw err;
  }
  await Promise.all([envA.close(), envB.close()]);
  return finishRun({ summary, out: opts.out, started, timeline, total, interrupts }, (written) => printSummary(summary, written, { json: opts.json, lastHarnessError: total.lastHarnessError }));
}
