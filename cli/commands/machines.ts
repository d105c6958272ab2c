// `virtprop machines`: every machine type libvirt and the emulator report for x86_64 and
// aarch64, classified by what QEMU says, and a verdict per machine from the machine
// properties (alias canonicalisation, implicit controllers, a few random guests), plus
// the unknown-machine property per arch. Machines of families the model does not cover
// are `unsupported` with the reason and what libvirt does with a minimal guest.

import type { Command } from 'commander';
import type { Arch, MachineFamily } from '../../types/domain.js';
import { classifyMachine } from '../../model/index.js';
import { emulatorMachineHelp, parseCapabilities, type GuestArch } from '../../harness/capabilities.js';
import type { Worker } from '../../harness/worker.js';
import {
  aliasProperty,
  capabilitiesCanonicalProperty,
  implicitControllersProperty,
  machineVerdict,
  minimalDefine,
  randomDomainsProperty,
  unknownMachineProperty,
  type Probe,
  type PropertyOutcome,
} from '../../properties/runner/machineProperties.js';
import type { CaseContext } from '../../properties/runner/caseRunner.js';
import { isHarnessFault } from '../../harness/errors.js';
import { EXIT } from '../exitCodes.js';
import { connectionFrom, flagParsers, withConnectionOptions } from '../flags.js';
import { setUpEnvironment, type ConnectionOptions, type Environment } from '../environment.js';
import { modelOracle } from '../oracle.js';
import { UsageError } from '../usageError.js';
import { joinMachineLists, sortEntries, type MachineEntry } from './machinesList.js';
import { machinesJson, machinesText, totals, type MachineResult, type MachinesReport } from './machinesReport.js';

/** Arches virtprop drives. */
const ARCHES: Arch[] = ['x86_64', 'aarch64'];

/** The name used for the unknown-machine property (changed if QEMU ever has it). */
const UNKNOWN_NAME = 'virtprop-no-such-machine';

/** Options of `machines` after parsing. */
export interface MachinesOptions extends ConnectionOptions {
  arches: Arch[];
  /** Only these machine names (all when empty). */
  only: string[];
  runs: number;
  seed: number;
  json: boolean;
  progress: boolean;
}

/** Registers `machines`. */
export function registerMachines(program: Command): void {
  withConnectionOptions(
    program
      .command('machines')
      .description('list every machine type libvirt and QEMU report (x86_64, aarch64) with alias, family, default, deprecated, and a verdict from the machine properties')
      .option('--arch <arch>', 'only this guest architecture: x86_64 or aarch64 (default: both)')
      .option('--machine <name>', 'only this machine name; repeatable', flagParsers.collect)
      .option('--runs <n>', 'random guests per machine of a supported family (xml layer)', flagParsers.positiveInt, 5)
      .option('--seed <n>', 'fast-check seed for the random guests', flagParsers.seedValue),
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const arch = o.arch as string | undefined;
    if (arch !== undefined && !ARCHES.includes(arch as Arch)) throw new UsageError(`unknown --arch "${arch}"`, 'use x86_64 or aarch64, or leave it out for both');
    const code = await machinesCommand({
      ...connectionFrom(o),
      arches: arch ? [arch as Arch] : ARCHES,
      only: (o.machine as string[] | undefined) ?? [],
      runs: Number(o.runs),
      seed: o.seed === undefined ? (Date.now() ^ (process.pid << 16)) | 0 : Number(o.seed),
      json: Boolean(o.json),
      progress: o.progress !== false,
    });
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}

/** One unit of work for a worker. */
type Job = { kind: 'machine'; entry: MachineEntry; index: number } | { kind: 'unknown'; arch: Arch };

/** Runs `machines` and returns the exit code: 1 when a mismatch is not explained by a listed libvirt bug. */
export async function machinesCommand(opts: MachinesOptions): Promise<number> {
  const env = await setUpEnvironment(opts);
  let report: MachinesReport;
  try {
    report = await collect(env, opts);
  } finally {
    await env.close();
  }
  process.stdout.write(opts.json ? JSON.stringify(machinesJson(report)) + '\n' : machinesText(report));
  if (totals(report).mismatch > 0) return EXIT.MISMATCH;
  return report.harnessFaults.length > 0 ? EXIT.HARNESS_FAULT : EXIT.OK;
}

/** Gathers both machine lists per arch and runs every job on the workers. */
async function collect(env: Environment, opts: MachinesOptions): Promise<MachinesReport> {
  const caps = await env.workers[0].virsh(['capabilities']);
  if (!caps.ok) throw new Error(`virsh capabilities failed: ${caps.error}`);
  const libvirtArches = await parseCapabilities(caps.stdout);
  const { jobs, entries } = await listJobs(env, opts, libvirtArches);
  if (opts.only.length > 0 && entries.length === 0) {
    throw new UsageError(`no machine named ${opts.only.join(', ')} for ${opts.arches.join(' or ')}`, 'run `virtprop machines` without --machine to see the names');
  }
  const report: MachinesReport = {
    versions: env.versions,
    machines: new Array<MachineResult>(entries.length),
    unknownMachine: [],
    harnessFaults: [],
    skippedArches: libvirtArches.map((a) => a.arch).filter((a) => !ARCHES.includes(a as Arch)),
  };
  await runJobs(env, opts, report, jobs);
  report.unknownMachine.sort((a, b) => a.arch.localeCompare(b.arch));
  return report;
}

/** One job per machine libvirt or QEMU lists for each asked arch (only those named, with --machine), and one unknown-machine job per arch without --machine. */
async function listJobs(env: Environment, opts: MachinesOptions, libvirtArches: GuestArch[]): Promise<{ jobs: Job[]; entries: MachineEntry[] }> {
  const jobs: Job[] = [];
  const entries: MachineEntry[] = [];
  for (const arch of opts.arches) {
    const a = libvirtArches.find((x) => x.arch === arch);
    if (!a) continue;
    const qemu = await emulatorMachineHelp(arch, a.emulator, env.runPrefix);
    const list = sortEntries(joinMachineLists(arch, a.machines, qemu)).filter((e) => opts.only.length === 0 || opts.only.includes(e.name));
    for (const entry of list) jobs.push({ kind: 'machine', entry, index: entries.push(entry) - 1 });
    if (opts.only.length === 0) jobs.push({ kind: 'unknown', arch });
  }
  return { jobs, entries };
}

/** The jobs shared out over the workers, each taking the next from one queue; a counter on a terminal. */
async function runJobs(env: Environment, opts: MachinesOptions, report: MachinesReport, jobs: Job[]): Promise<void> {
  let done = 0;
  const showProgress = opts.progress && !opts.json && process.stderr.isTTY;
  const queue = [...jobs];
  await Promise.all(
    env.workers.map(async (worker, w) => {
      const domainName = `vpm-${process.pid.toString(36)}-${w}`;
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        await runJob(env, opts, report, { worker, domainName }, job);
        done++;
        // a live counter on a terminal only: CI logs get the table and nothing else
        if (showProgress) process.stderr.write(`machines: ${done}/${jobs.length}\r`);
      }
    }),
  );
  if (showProgress) process.stderr.write('\n');
}

/** One job on one worker, its result put into the report; a harness fault is recorded as one, never as a verdict. */
async function runJob(env: Environment, opts: MachinesOptions, report: MachinesReport, on: { worker: Worker; domainName: string }, job: Job): Promise<void> {
  const { worker, domainName } = on;
  const arch: Arch = job.kind === 'unknown' ? job.arch : (job.entry.arch as Arch);
  const probe: Probe = { worker, virtType: env.virtType(arch), domainName };
  try {
    if (job.kind === 'unknown') {
      const name = uniqueUnknownName(env, arch);
      const r = await worker.withRetry(() => unknownMachineProperty(probe, arch, name));
      report.unknownMachine.push({ arch, name, verdict: r.verdict, detail: r.detail, plain: r.plain, bare: r.bare, knownIssue: r.knownIssue });
    } else {
      const ctx: CaseContext = { worker, profile: env.profile(arch), virtType: probe.virtType, layers: ['xml'], oracle: modelOracle, domainName, stability: true };
      const { entry, index } = job;
      report.machines[index] = await worker.withRetry(() => judgeMachine(entry, probe, ctx, opts.runs, opts.seed + index));
    }
  } catch (err) {
    // our own plumbing failed twice (virsh hung or died): no verdict about libvirt
    if (!isHarnessFault(err)) throw err;
    report.harnessFaults.push(`${job.kind === 'unknown' ? `${arch} unknown-machine` : `${arch} ${job.entry.name}`}: ${(err as Error).message}`);
    if (job.kind === 'machine') {
      const e = job.entry;
      report.machines[job.index] = { ...e, canonical: e.name, family: 'other', verdict: 'unsupported', reason: `not judged: harness fault`, properties: [] };
    }
  }
}

/** The properties of one machine and its verdict. */
async function judgeMachine(entry: MachineEntry, probe: Probe, ctx: CaseContext, runs: number, seed: number): Promise<MachineResult> {
  const arch = entry.arch as Arch;
  const known = classifyMachine(entry.name, ctx.profile.machines);
  const canonical = known?.canonical ?? entry.name;
  const family: MachineFamily = known?.family ?? 'other';
  const base = { ...entry, canonical, family };
  if (entry.source === 'qemu') {
    const note = await minimalDefine(probe, arch, entry.name);
    return { ...base, verdict: 'unsupported', reason: `QEMU lists it, libvirt's capabilities do not (libvirt ${note})`, minimalDefine: note, properties: [] };
  }
  if (family === 'other') {
    const note = await minimalDefine(probe, arch, entry.name);
    const what = entry.description ? `"${entry.description}"` : 'no description from QEMU';
    // isapc and microvm: the model predicts given guests (compare, corpus), but no generator makes them
    const scope = known?.noPci ? `no random guests for ${what} (machine without PCI: the model covers given files only)` : `family not modelled: ${what}`;
    return { ...base, verdict: 'unsupported', reason: `${scope}; minimal guest ${note}`, minimalDefine: note, properties: [] };
  }
  const outcomes: PropertyOutcome[] = [];
  const target = entry.qemuAliasOf ?? entry.libvirtCanonical;
  if (target !== undefined) {
    outcomes.push(capabilitiesCanonicalProperty(entry.name, entry.libvirtCanonical, entry.qemuAliasOf));
    outcomes.push(await aliasProperty(probe, arch, entry.name, target));
  }
  outcomes.push(await implicitControllersProperty(ctx, arch, entry.name));
  if (runs > 0) outcomes.push(await randomDomainsProperty(ctx, arch, entry.name, family, runs, seed));
  const verdict = machineVerdict(outcomes);
  const reason =
    verdict === 'mismatch'
      ? outcomes.filter((o) => o.verdict === 'mismatch').map((o) => `${o.property}: ${o.detail}`).join('; ')
      : verdict === 'unsupported'
        ? outcomes.map((o) => o.detail).join('; ')
        : outcomes.map((o) => o.property).join(', ');
  return { ...base, verdict, reason, properties: outcomes };
}

/** A machine name neither libvirt nor QEMU lists for the arch. */
function uniqueUnknownName(env: Environment, arch: Arch): string {
  let name = UNKNOWN_NAME;
  while (env.machines(arch).some((m) => m.name === name)) name += '-x';
  return name;
}
