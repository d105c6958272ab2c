// `virtprop upgrade`: random guests defined on build FROM, libvirt's full answer defined on
// build TO, as a persistent guest moves with its host to the next libvirt/QEMU release (or
// back). What TO does is held against the model's prediction for TO; a difference the model
// does not predict is a finding, shrunk to the smallest guest that still changes and written
// as a bundle whose repro-upgrade.sh runs the commands on both builds and diffs the outputs.

import path from 'node:path';
import type { Arch, BuildProfile } from '../../types/domain.js';
import type { RunSummary, UpgradeBuild, UpgradeTotals } from '../../types/run.js';
import { classifyMachine } from '../../model/index.js';
import { compareVersions } from '../../model/releases.js';
import { resolveBuild } from '../../harness/builds.js';
import { bareVersion } from '../../harness/capabilities.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { emptyStats, runProperty, type CheckStats } from '../../properties/runner/check.js';
import { upgradeJudge, type UpgradeContext } from '../../properties/runner/upgradeCase.js';
import type { ConnectionOptions, Environment } from '../environment.js';
import type { InterruptWatch } from '../interrupt.js';
import { setUpWatchedPair } from '../watchedSetUp.js';
import { modelOracle } from '../oracle.js';
import { checkOutDir } from '../outDir.js';
import { startProgress } from '../progress.js';
import { addMachineResults, caseTracker, newSummary, TimelineRecorder } from '../runRecord.js';
import { finishRun } from '../summary.js';
import { UsageError } from '../usageError.js';
import { familyFor } from './check.js';
import type { GuestRunOptions } from './checkFlags.js';
import { diffContexts } from './diff.js';
import { countUpgradeCase, emptyUpgradeTotals, printUpgradeSummary, toUpgradeCounterexample, upgradePropertiesFor, type UpgradeSideRef } from './upgradeRecord.js';

/** Options of `upgrade` after parsing. */
export interface UpgradeCommandOptions extends GuestRunOptions {
  from: string;
  to: string;
  /** A wrapper run in place of TO's virsh (planted regressions); it finds TO's in VIRTPROP_REAL_VIRSH. */
  toVirsh?: string;
  workers: number;
  timeoutMs: number;
  tcg: boolean;
}

/** A build as the machine choice sees it. */
export interface UpgradeSide {
  name: string;
  profile: Pick<BuildProfile, 'qemu' | 'machines'>;
}

/** The machine the generated guests name for one --machine, and why when it is not the one asked for. */
export interface UpgradeMachine {
  /** What goes into `<type machine=…>` of the generated guests. */
  machine: string;
  /** The versioned machine FROM writes into its answer, and TO reads. */
  canonical: string;
  note?: string;
}

/**
 * Picks the machine for --machine ASKED: as asked when the versioned machine FROM makes of it
 * exists on TO as well; otherwise (going back to an older QEMU) the older build's versioned
 * machine for it, when both have that. A machine missing on one build is a usage error.
 */
export function upgradeMachine(asked: string, arch: string, from: UpgradeSide, to: UpgradeSide): UpgradeMachine {
  const has = (side: UpgradeSide, name: string): boolean => classifyMachine(name, side.profile.machines) !== undefined;
  const onFrom = classifyMachine(asked, from.profile.machines);
  if (!onFrom) {
    throw new UsageError(`build ${from.name} (QEMU ${from.profile.qemu}) lists no machine "${asked}" for ${arch}`, `pick a machine both builds list (\`virtprop machines --build ${from.name}\` and \`--build ${to.name}\`)`);
  }
  if (has(to, onFrom.canonical)) return { machine: asked, canonical: onFrom.canonical };
  const older = compareVersions(from.profile.qemu, to.profile.qemu) <= 0 ? from : to;
  const olderMachine = classifyMachine(asked, older.profile.machines)?.canonical;
  if (olderMachine !== undefined && has(from, olderMachine) && has(to, olderMachine)) {
    return {
      machine: olderMachine,
      canonical: olderMachine,
      note: `"${asked}" is ${onFrom.canonical} on ${from.name}, which ${to.name} (QEMU ${to.profile.qemu}) does not have: the guests name ${olderMachine}, ${older.name}'s, which both builds have`,
    };
  }
  throw new UsageError(
    `machine ${onFrom.canonical}${onFrom.canonical === asked ? '' : ` ("${asked}" on ${from.name})`} exists on ${from.name} but not on ${to.name} (QEMU ${to.profile.qemu}): a guest of that machine cannot move there`,
    `give --machine a versioned machine both builds list, e.g. ${olderMachine ?? onFrom.canonical.replace(/-\d+(\.\d+)*$/, '-X.Y')} of the older QEMU (\`virtprop machines --build ${to.name}\`)`,
  );
}

/** The versions of both builds in one record: FROM's under libvirt's own keys (as every run has them), TO's prefixed. */
function upgradeVersions(from: Environment, to: Environment, toName: string): Record<string, string> {
  const out: Record<string, string> = { ...from.versions };
  for (const [k, v] of Object.entries(to.versions)) out[`TO ${k}`] = v;
  out['TO Build'] ??= toName;
  return out;
}

const buildOf = (env: Environment, name: string, arch: Arch): UpgradeBuild => ({ build: name, libvirt: env.profile(arch).libvirt, qemu: env.profile(arch).qemu || bareVersion(env.versions['Running hypervisor']) });

/** Both builds' connections and how a bundle names each build's virsh. */
interface UpgradeConnections {
  from: ConnectionOptions;
  to: ConnectionOptions;
  sides: { from: UpgradeSideRef; to: UpgradeSideRef };
}

/** FROM's and TO's connections; both names are checked before any set-up: an unknown or missing build costs nothing. */
async function planConnections(opts: UpgradeCommandOptions): Promise<UpgradeConnections> {
  const [fromBuild, toBuild] = [await resolveBuild(opts.from), await resolveBuild(opts.to)];
  const run = { virsh: 'virsh', workers: opts.workers, timeoutMs: opts.timeoutMs, tcg: opts.tcg };
  const toVirsh = opts.toVirsh === undefined ? undefined : opts.toVirsh.includes('/') ? path.resolve(opts.toVirsh) : opts.toVirsh;
  // A wrapper stands in for TO's virsh and runs the build's own, which it finds here.
  if (toVirsh !== undefined) process.env.VIRTPROP_REAL_VIRSH ??= toBuild.virsh;
  const to: ConnectionOptions = toVirsh === undefined ? { ...run, build: opts.to } : { ...run, virsh: toVirsh, runPrefix: toBuild.runPrefix };
  const sides = {
    from: { build: opts.from, virsh: fromBuild.virsh } satisfies UpgradeSideRef,
    to: { build: opts.to, virsh: toVirsh ?? toBuild.virsh, ...(toVirsh === undefined ? {} : { realVirsh: process.env.VIRTPROP_REAL_VIRSH }) } satisfies UpgradeSideRef,
  };
  return { from: { ...run, build: opts.from }, to, sides };
}

/** What every machine of one upgrade run works with and adds to. */
interface UpgradeRun {
  opts: UpgradeCommandOptions;
  envFrom: Environment;
  envTo: Environment;
  interrupts: InterruptWatch;
  sides: UpgradeConnections['sides'];
  started: number;
  summary: RunSummary;
  totals: UpgradeTotals;
  timeline: TimelineRecorder;
  total: CheckStats;
}

/** One context per worker pair, each holding both builds' profiles for the judge. */
function upgradeContexts({ envFrom, envTo, opts }: UpgradeRun): UpgradeContext[] {
  return diffContexts(envFrom, envTo, opts.arch, opts.layers).map((c) => ({
    from: c.a,
    to: c.b,
    fromProfile: envFrom.profile(opts.arch),
    toProfile: envTo.profile(opts.arch),
    oracle: modelOracle,
    virtType: c.virtType,
    layers: c.layers,
    domainName: c.domainName,
  }));
}

/** The machine each --machine becomes on both builds, a note in the summary for one not taken as asked. */
function chooseMachines({ envFrom, envTo, opts, summary }: UpgradeRun): UpgradeMachine[] {
  const side = (env: Environment, name: string): UpgradeSide => ({ name, profile: env.profile(opts.arch) });
  const chosen = opts.machines.map((m) => upgradeMachine(m, opts.arch, side(envFrom, opts.from), side(envTo, opts.to)));
  const notes = chosen.flatMap((c) => (c.note ? [c.note] : []));
  if (notes.length) summary.versions['Machine note'] = notes.join('; ');
  return chosen;
}

/** Every --machine in turn until a signal: its cases run, counted and shrunk, its results added to the summary. */
async function runMachines(run: UpgradeRun): Promise<void> {
  const { opts, envFrom, summary, totals } = run;
  const chosen = chooseMachines(run);
  const families = chosen.map((c) => familyFor(envFrom, opts.arch, c.machine));
  const contexts = upgradeContexts(run);
  const progress = startProgress('upgrade', opts.runs * opts.machines.length, opts.progress && !opts.json);
  const deadline = opts.budgetSeconds ? run.started + opts.budgetSeconds * 1000 : undefined;
  for (const [i, asked] of opts.machines.entries()) {
    if (run.interrupts.signal.aborted) break;
    const machineStart = Date.now();
    const track = caseTracker(summary, progress, run.timeline, run.started, summary.cases);
    totals.machines[asked] = chosen[i].machine;
    const { stats, counterexamples } = await runProperty({
      // Guests FROM should take: no deliberately invalid ones, there is nothing to upgrade in those.
      arbitrary: domainSpecArb({ arch: opts.arch, machine: chosen[i].machine, family: families[i], faults: false, macless: false, omitDefaultMachine: false, profile: envFrom.profile(opts.arch) }),
      runs: opts.runs,
      seed: opts.seed + i,
      contexts,
      judge: upgradeJudge,
      maxCounterexamples: opts.maxCounterexamples,
      deadline,
      signal: run.interrupts.signal,
      onCase(s, result) {
        if (result) countUpgradeCase(totals, result);
        track(s);
      },
    });
    const cxs = counterexamples.map((c) => toUpgradeCounterexample(c, chosen[i].canonical, opts.arch, run.sides));
    addMachineResults(summary, chosen[i].canonical, opts.layers, stats, cxs, Date.now() - machineStart, upgradePropertiesFor(opts.layers));
    if (stats.lastHarnessError) run.total.lastHarnessError = stats.lastHarnessError;
  }
  progress.stop();
}

/** Runs `upgrade` and returns the process exit code. */
export async function upgradeCommand(opts: UpgradeCommandOptions, argv: string[]): Promise<number> {
  await checkOutDir(opts.out);
  const connections = await planConnections(opts);
  const ready = await setUpWatchedPair(connections.from, connections.to);
  if (typeof ready === 'number') return ready;
  const { a: envFrom, b: envTo, interrupts } = ready;
  const started = Date.now();
  const summary: RunSummary = newSummary('upgrade', argv, opts.machines.join(','), opts.arch, opts.layers, opts.seed, upgradeVersions(envFrom, envTo, opts.to));
  const totals = emptyUpgradeTotals(buildOf(envFrom, opts.from, opts.arch), buildOf(envTo, opts.to, opts.arch));
  summary.upgrade = totals;
  const run: UpgradeRun = { opts, envFrom, envTo, interrupts, sides: connections.sides, started, summary, totals, timeline: new TimelineRecorder(started), total: emptyStats() };
  try {
    await runMachines(run);
  } catch (err) {
    // Clean up while signals are still watched, then let main report the error.
    await Promise.all([envFrom.close(), envTo.close()]);
    interrupts.dispose();
    throw err;
  }
  await Promise.all([envFrom.close(), envTo.close()]);
  const { timeline, total } = run;
  return finishRun({ summary, out: opts.out, started, timeline, total, interrupts }, (written) => printUpgradeSummary(summary, written, { json: opts.json, lastHarnessError: total.lastHarnessError }));
}
