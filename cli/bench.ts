// `npm run bench`: cases per second of the harness against the plain-virsh floor, both
// measured in the same run on the same pre-generated specs, plus worker scaling, model
// prediction latency and peak memory. A script, not a test: numbers go to BENCHMARKS.md.
//
//   npm run bench -- [--cases N] [--trials N] [--layers SET]... [--started-cases N]
//                    [--started-trials N] [--long N] [--json]      (--help explains each)

import { Command } from 'commander';
import { execa } from 'execa';
import fc from 'fast-check';
import os from 'node:os';
import path from 'node:path';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import type { DomainSpec, Layer, BuildProfile } from '../types/domain.js';
import { domainSpecArb } from '../properties/generators/domainSpec.js';
import { renderDomainXml } from '../properties/userxml/renderXml.js';
import type { CaseContext } from '../properties/runner/caseRunner.js';
import { modelJudge } from '../properties/runner/check.js';
import { lookahead } from '../properties/runner/lookahead.js';
import { predict } from '../model/index.js';
import { setUpEnvironment, type Environment } from './environment.js';
import { createEmbedRoot, TMPFS } from '../harness/embedRoot.js';
import { ensureImages } from '../harness/images.js';
import { percentile } from './summary.js';
import { contextsFor } from './commands/check.js';
import { defaultWorkers, layerList, layersStartDomains, positiveInt } from './flags.js';
import { Worker } from '../harness/worker.js';
import { processesUnder } from '../harness/reaper.js';
import { subreaper } from '../harness/subreaper.js';

interface BenchArgs {
  cases: number;
  trials: number;
  startedCases: number;
  startedTrials: number;
  layerSets: Layer[][];
  long: number;
  /** Layers of the --long run. */
  longLayers: Layer[];
  /** Started cases profiled step by step (0: no profile). */
  profileCases: number;
  /** As check runs it: the redefine check on every accepted case (false: --no-stability). */
  stability: boolean;
  json: boolean;
  /** An installed release to measure (`virtprop builds`) instead of the host's libvirt. */
  build?: string;
}

function parseArgs(argv: string[]): BenchArgs {
  const o = new Command('npm run bench --')
    .description('Cases per second of the harness against the plain-virsh floor (both measured in this run on the same generated specs), worker scaling, model prediction time and peak memory. Results go in BENCHMARKS.md.')
    .option('--cases <n>', 'generated specs per measurement (half pc, half q35)', positiveInt, 400)
    .option('--trials <n>', 'interleaved trials of floor and harness; medians are reported', positiveInt, 3)
    .option('--layers <list>', 'a layer set to measure, e.g. xml or xml,argv,qemu; repeat for several (default: xml, xml,argv and xml,argv,qemu in turn)', (v: string, prev: Layer[][] | undefined) => [...(prev ?? []), layerList(v)])
    .option('--started-cases <n>', 'specs per measurement for layer sets that start QEMU (a case there takes seconds, not milliseconds)', positiveInt, 40)
    .option('--started-trials <n>', 'trials for layer sets that start QEMU', positiveInt, 1)
    .option('--long <n>', 'afterwards, run this many cases with every worker (as many as check gives the --long-layers) and sample memory and the QEMUs alive', nonNegativeInt, 0)
    .option('--long-layers <list>', 'layers of the --long run', layerList, ['xml'])
    .option('--profile-cases <n>', 'started cases timed step by step (define, start, log read, info qtree, live dumpxml, destroy, undefine), with and without the subreaper; 0: none (only measured when a layer set starts QEMU)', nonNegativeInt, 10)
    .option('--no-stability', "measure as `check --no-stability` does: no redefine check, so no second define per case, in the harness or in the floor")
    .option('--json', 'print the result as one JSON line instead of indented JSON')
    .option('--build <name>', "measure an installed libvirt release (`virtprop builds`: debian-12, debian-13, debian-unstable) instead of the host's virsh; the floor runs that release's virsh too")
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .parse(argv, { from: 'user' })
    .opts<{ cases: number; trials: number; layers?: Layer[][]; startedCases: number; startedTrials: number; long: number; longLayers: Layer[]; profileCases: number; stability: boolean; json?: boolean; build?: string }>();
  return {
    cases: o.cases,
    trials: o.trials,
    startedCases: o.startedCases,
    startedTrials: o.startedTrials,
    layerSets: o.layers ?? [['xml'], ['xml', 'argv'], ['xml', 'argv', 'qemu']],
    long: o.long,
    longLayers: o.longLayers,
    profileCases: o.profileCases,
    stability: o.stability,
    json: o.json === true,
    ...(o.build !== undefined ? { build: o.build } : {}),
  };
}

function nonNegativeInt(value: string): number {
  return value === '0' ? 0 : positiveInt(value);
}

/** Layer sets whose cases start the domain (paused): seconds a case, not milliseconds. */
const startsQemu = layersStartDomains;

/** The same specs for every measurement: half pc, half q35, fixed seed. */
function sampleSpecs(n: number): DomainSpec[] {
  const pc = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'pc', family: 'i440fx' }), { numRuns: Math.ceil(n / 2), seed: 42 });
  const q35 = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35' }), { numRuns: Math.floor(n / 2), seed: 43 });
  return pc.flatMap((s, i) => (q35[i] ? [s, q35[i]] : [s]));
}

/** The floor's cases per second, and virsh's CPU time per case. */
interface FloorRate {
  casesPerSecond: number;
  virshCpuMsPerCase: number;
}

/**
 * The floor: `processes` virsh processes, each in its own embedded root (a root belongs to
 * one process at a time), fed their share of the specs as the very same commands the
 * harness sends, all on stdin at once, nothing else. Input files and libvirt's domain
 * definitions sit where the harness's do (tmpfs when there is one). With `answers` (see
 * libvirtAnswers) each accepted case also defines libvirt's own XML again and dumps it,
 * as the harness's redefine check does. The clock runs from the first process's first
 * command to the last one's last answer: starting and stopping virsh are left out, as
 * the harness's sessions are open before its clock starts.
 */
async function plainVirshFloor(env: Environment, specs: DomainSpec[], layers: Layer[], dir: string, trial: number, processes: number, answers?: (string | undefined)[]): Promise<FloorRate> {
  const inputDir = await fs.mkdtemp(path.join(existsSync(TMPFS) ? TMPFS : dir, 'virtprop-floor-'));
  try {
    const shares = await Promise.all(Array.from({ length: processes }, async (_, p) => {
      const root = await createEmbedRoot(path.join(dir, `floor-root-${layers.join("-")}-${trial}-${p}of${processes}`), env.workers[0].root?.dir, path.join(inputDir, `domains-${p}`));
      const lines: string[] = ['echo --err vpready'];
      for (const [i, spec] of specs.entries()) {
        if (i % processes !== p) continue;
        const name = floorName(i);
        const file = path.join(inputDir, `floor-${i}.xml`);
        const answer = answers?.[i];
        // libvirt's answer keeps the UUID it was given: the first define must give it too,
        // or defining the answer again would clash with the domain of the same name.
        const uuid = answer ? /<uuid>([^<]+)<\/uuid>/.exec(answer)?.[1] : undefined;
        const xml = floorInput(env, spec, i, dir, uuid);
        await fs.writeFile(file, xml);
        if (startsQemu(layers)) await ensureImages(xml, path.join(dir, 'images'));
        lines.push(`define ${file}`, `dumpxml ${name}`);
        if (answer) {
          const again = path.join(inputDir, `floor-${i}-again.xml`);
          await fs.writeFile(again, answer);
          lines.push(`define ${again}`, `dumpxml ${name}`);
        }
        // The argv and qemu layers read what a real (paused) start gave QEMU, and the qemu
        // layer QEMU's device tree and the live XML: so does the floor.
        if (startsQemu(layers)) lines.push(`start --paused ${name}`);
        if (layers.includes('qemu')) lines.push(`qemu-monitor-command ${name} --hmp 'info qtree'`, `dumpxml ${name}`);
        if (startsQemu(layers)) lines.push(`destroy ${name}`);
        lines.push(`undefine --nvram ${name}`);
      }
      lines.push('echo --err vpdone');
      return { root, lines };
    }));
    const runs = await Promise.all(shares.map(({ root, lines }) => timedVirsh(env.workers[0].options.virsh, root.uri, lines, path.join(dir, 'floor.log'))));
    const seconds = (Math.max(...runs.map((r) => r.done)) - Math.min(...runs.map((r) => r.ready))) / 1000;
    const defined = runs.reduce((n, r) => n + (r.stdout.match(/<\/domain>/g) ?? []).length, 0);
    if (defined === 0) throw new Error(`the plain-virsh floor defined nothing: ${runs[0].stderr.slice(0, 500)}`);
    return { casesPerSecond: specs.length / seconds, virshCpuMsPerCase: runs.reduce((ms, r) => ms + r.cpuMs, 0) / specs.length };
  } finally {
    await fs.rm(inputDir, { recursive: true, force: true });
  }
}

const floorName = (i: number): string => `vp-floor-${i}`;

/** The XML the floor defines for spec i (rendered as the harness renders it). */
function floorInput(env: Environment, spec: DomainSpec, i: number, dir: string, uuid?: string): string {
  const xml = renderDomainXml(spec, { name: floorName(i), virtType: env.virtType('x86_64'), imageDir: path.join(dir, 'images') });
  return uuid ? xml.replace('</name>', `</name>\n  <uuid>${uuid}</uuid>`) : xml;
}

/**
 * libvirt's answer (dumpxml right after define) for every spec, undefined where libvirt
 * refused it: what the redefine check defines again. Taken once, untimed, in a root of its
 * own, so that the floor can replay the redefines as plain commands.
 */
async function libvirtAnswers(env: Environment, specs: DomainSpec[], dir: string): Promise<(string | undefined)[]> {
  const root = await createEmbedRoot(path.join(dir, 'answers-root'), env.workers[0].root?.dir);
  const lines: string[] = ['echo --err vpready'];
  for (const [i, spec] of specs.entries()) {
    const file = path.join(dir, `answer-${i}.xml`);
    await fs.writeFile(file, floorInput(env, spec, i, dir));
    lines.push(`define ${file}`, `dumpxml ${floorName(i)}`, `undefine --nvram ${floorName(i)}`);
  }
  lines.push('echo --err vpdone');
  const run = await timedVirsh(env.workers[0].options.virsh, root.uri, lines, path.join(dir, 'answers.log'));
  const byName = new Map<string, string>();
  for (const doc of run.stdout.match(/<domain[\s\S]*?<\/domain>\n?/g) ?? []) {
    const name = /<name>([^<]+)<\/name>/.exec(doc)?.[1];
    if (name) byName.set(name, doc);
  }
  return specs.map((_, i) => byName.get(floorName(i)));
}

/**
 * Runs virsh on the given input; `ready` and `done` are when its first and last
 * `echo --err` answered, `cpuMs` the CPU time virsh used between the two.
 */
async function timedVirsh(virsh: string, uri: string, lines: string[], logFile: string): Promise<{ ready: number; done: number; cpuMs: number; stdout: string; stderr: string }> {
  let ready = NaN;
  let done = NaN;
  let cpuAtReady = 0;
  let cpuMs = 0;
  let stderr = '';
  const proc = execa(virsh, ['-q', '-c', uri], { input: lines.join('\n') + '\n', reject: false, env: { LIBVIRT_LOG_OUTPUTS: `3:file:${logFile}` }, maxBuffer: 1 << 30, buffer: { stdout: true, stderr: false } });
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => {
    stderr += d;
    if (Number.isNaN(ready) && stderr.includes('error: vpready\n')) {
      ready = performance.now();
      cpuAtReady = processCpuMs(proc.pid);
    }
    if (Number.isNaN(done) && stderr.includes('error: vpdone\n')) {
      done = performance.now();
      cpuMs = processCpuMs(proc.pid) - cpuAtReady;
    }
  });
  const r = await proc;
  if (Number.isNaN(ready) || Number.isNaN(done)) throw new Error(`the plain-virsh floor did not run to its end: ${stderr.slice(0, 500)}`);
  return { ready, done, cpuMs, stdout: String(r.stdout), stderr };
}

/**
 * The model's prediction time per domain, on a fixed sample independent of --cases
 * (2,000 specs, half pc, half q35, 1 to ~60 devices) after one untimed pass: a p99 over
 * a few hundred timings is one garbage collection away from any value.
 */
function timePredictions(profile: BuildProfile): { all: number[]; upTo40: number[]; maxDevices: number } {
  const specs = sampleSpecs(2000);
  for (const spec of specs) predict(spec, profile);
  const all: number[] = [];
  const upTo40: number[] = [];
  let maxDevices = 0;
  for (let rep = 0; rep < 5; rep++) {
    for (const spec of specs) {
      const t = performance.now();
      predict(spec, profile);
      const ms = performance.now() - t;
      all.push(ms);
      const devices = deviceCount(spec);
      if (devices <= 40) upTo40.push(ms);
      maxDevices = Math.max(maxDevices, devices);
    }
  }
  return { all, upTo40, maxDevices };
}

/** Devices in the spec's lists (controllers, disks, NICs …); single optional devices and the ones libvirt adds are not counted. */
const deviceCount = (spec: DomainSpec): number => Object.values(spec).reduce((n: number, v) => n + (Array.isArray(v) ? v.length : 0), 0);

/** CPU milliseconds a process has used so far (Linux /proc; 0 where unreadable). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/** Cases per second, and the CPU time per case of virsh (all workers' sessions) and of Node. */
interface Rate {
  casesPerSecond: number;
  virshCpuMsPerCase: number;
  nodeCpuMsPerCase: number;
}

/**
 * The harness: the specs dealt out to `workers` workers, each judging its share the way a
 * check run does (the model judge, its contexts, cases pipelined into the worker's virsh).
 */
async function harnessRate(env: Environment, specs: DomainSpec[], layers: Layer[], workers: number, stability: boolean, onCase?: () => void): Promise<Rate> {
  const contexts: CaseContext[] = contextsFor(env, 'x86_64', layers, stability).slice(0, workers);
  const virshCpu = (): number => contexts.reduce((sum, c) => sum + processCpuMs(c.worker.sessionPid), 0);
  const virsh0 = virshCpu();
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(contexts.map(async (ctx, w) => {
    const share = specs.filter((_, i) => i % contexts.length === w);
    const ahead = lookahead(share, (spec, slot) => modelJudge.dispatch!(spec, ctx, slot));
    for (let i = 0; i < share.length; i++) {
      await ahead.take(i)!.judge();
      onCase?.();
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const node = process.cpuUsage(node0);
  return {
    casesPerSecond: specs.length / seconds,
    virshCpuMsPerCase: (virshCpu() - virsh0) / specs.length,
    nodeCpuMsPerCase: (node.user + node.system) / 1000 / specs.length,
  };
}

/** The steps of one started case, in the order the harness runs them. */
const PROFILE_STEPS = ['define', 'start', 'logRead', 'qtree', 'liveXml', 'destroy', 'undefine'] as const;
type StepTimes = Record<(typeof PROFILE_STEPS)[number], number>;

/**
 * One started case at a time, step by step, through a worker's session as the harness
 * drives it (define + dumpxml; disk images + start --paused; reading QEMU's command line
 * from the domain log; info qtree; live dumpxml; destroy; undefine), each step awaited
 * before the next so that its own time is seen. Specs libvirt refuses are skipped. Run
 * once with the subreaper and once without (plain virsh, its QEMUs left to PID 1): the
 * median of each step and of the whole case, in milliseconds.
 */
type StepProfile = StepTimes & { total: number };
async function profileStartedCase(env: Environment, specs: DomainSpec[], count: number): Promise<{ cases: number; withSubreaper?: StepProfile; withoutSubreaper?: StepProfile }> {
  const out: { withSubreaper?: StepProfile; withoutSubreaper?: StepProfile } = {};
  let cases = 0;
  for (const mode of ['withSubreaper', 'withoutSubreaper'] as const) {
    if (mode === 'withSubreaper' && !subreaper()) continue;
    const worker = await Worker.create({ virsh: env.workers[0].options.virsh, runDir: env.runDir, index: mode === 'withSubreaper' ? 90 : 91, timeoutMs: 120_000, warmCacheFrom: env.workers[0].root?.dir, noSubreaper: mode === 'withoutSubreaper' });
    const times: StepTimes[] = [];
    try {
      const name = 'vp-profile';
      // The first case that starts is not timed: a fresh driver's first start pays one-off set-up.
      let warm = false;
      for (const spec of specs) {
        if (times.length >= count) break;
        const xml = renderDomainXml(spec, { name, virtType: env.virtType('x86_64'), imageDir: worker.imageDir });
        const t: Partial<StepTimes> = {};
        const step = async <T>(key: keyof StepTimes, fn: () => Promise<T>): Promise<T> => {
          const t0 = performance.now();
          const r = await fn();
          t[key] = performance.now() - t0;
          return r;
        };
        const defined = await step('define', () => worker.define(xml, name));
        if (defined.kind === 'rejected') continue;
        const started = await step('start', async () => {
          await ensureImages(defined.xml, worker.imageDir);
          return worker.startPaused(name);
        });
        if (!started.ok) {
          await worker.undefine(name);
          continue;
        }
        await step('logRead', () => worker.startedArgv(name));
        await step('qtree', () => worker.qtree(name));
        await step('liveXml', () => worker.liveXml(name));
        await step('destroy', () => worker.destroy(name));
        await step('undefine', () => worker.undefine(name));
        if (warm) times.push(t as StepTimes);
        warm = true;
      }
    } finally {
      await worker.close();
    }
    const median = (xs: number[]): number => round(percentile(xs, 50), 1);
    out[mode] = { ...(Object.fromEntries(PROFILE_STEPS.map((k) => [k, median(times.map((t) => t[k]))])) as StepTimes), total: median(times.map((t) => PROFILE_STEPS.reduce((ms, k) => ms + t[k], 0))) };
    cases = times.length;
  }
  return { ...out, cases };
}

/** What every measurement of a bench run shares: the environment, the flags, the machine. */
interface Bench {
  env: Environment;
  args: BenchArgs;
  cores: number;
  /** Workers `check` gives layers that start QEMU. */
  auto: number;
  /** Scratch directory of the plain-virsh floor. */
  dir: string;
}

/** The headline rates: the first layer set's serial floor, its floor on every core, the harness with one worker and with one per core. */
interface Headline {
  floor: number;
  floorAll: number;
  one: number;
  all: number;
}

/** The trials of one layer set: floor and harness rates, interleaved so drift in the machine's load hits both. */
interface Trials {
  floors: FloorRate[];
  floorAlls: FloorRate[];
  ones: Rate[];
  alls: Rate[];
  /** As check runs started layers by default (`auto` workers); empty for the xml layer. */
  autos: Rate[];
}

/** The --long run: its rate, the QEMUs alive at once and the memory of the run's processes. */
interface LongRun {
  workers: number;
  layers: string;
  casesPerSecond: number;
  qemuAliveMax: number;
  qemuAliveAtEnd: number;
  sessionsRssMaxMb: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cores = os.availableParallelism();
  // As many workers as `check` gives layers that start QEMU (when any set does): the
  // started sets are measured as check runs them by default too.
  const anyStarted = args.layerSets.some(startsQemu) || (args.long > 0 && startsQemu(args.longLayers));
  const auto = defaultWorkers(true);
  const env = await setUpEnvironment({ virsh: 'virsh', ...(args.build !== undefined ? { build: args.build } : {}), workers: Math.max(2, cores, anyStarted ? auto : 0), timeoutMs: 120_000 });
  const dir = await fs.mkdtemp(path.join(env.runDir, 'bench-'));
  try {
    const bench: Bench = { env, args, cores, auto, dir };
    const specs = sampleSpecs(args.cases);
    // A nightly runs for hours, so the steady state is what is measured. Before it: one
    // untimed-for-the-headline pass over the specs, in which Node compiles the hot code
    // (the first few hundred cases of a process cost it twice the CPU) and each worker's
    // libvirt pays its lazy one-off set-up. Its rate is reported as the cold rate.
    const cold = await harnessRate(env, specs, ['xml'], 1, args.stability);
    await harnessRate(env, specs.slice(0, 100), ['xml'], env.workers.length, args.stability);
    const perLayer: Record<string, Record<string, unknown>> = {};
    let headline: Headline | undefined;
    for (const layers of args.layerSets) {
      const measured = await measureLayerSet(bench, specs, layers);
      perLayer[layers.join('+')] = measured.entry;
      headline ??= measured.headline;
    }
    const profile = args.layerSets.some(startsQemu) && args.profileCases > 0 ? await profileStartedCase(env, sampleSpecs(args.profileCases * 3), args.profileCases) : undefined;
    const predictTimes = timePredictions(env.profile('x86_64'));
    const memory = { peakRss: process.memoryUsage().rss, rssSamples: [] as number[] };
    const long = args.long > 0 ? await longRun(bench, memory) : undefined;
    memory.peakRss = Math.max(memory.peakRss, process.memoryUsage().rss);
    const h = headline!;
    const result = {
      floorCasesPerSecond: round(h.floor),
      harnessCasesPerSecond: round(h.one),
      ratio: round(h.one / h.floor),
      workers: { '1': round(h.one), [String(cores)]: round(h.all) },
      scaling: round(h.all / h.one),
      floorScaling: round(h.floorAll / h.floor),
      harness1ColdCasesPerSecond: round(cold.casesPerSecond),
      ...predictionFields(predictTimes),
      peakRssMb: round(memory.peakRss / 2 ** 20),
      rssFirstLastMb: firstAndLastRss(memory.rssSamples),
      layers: perLayer,
      cases: specs.length,
      longCases: args.long,
      long,
      ...startedSpeedup(args, perLayer),
      defaultStartedWorkers: anyStarted ? auto : undefined,
      subreaper: subreaper()?.name ?? null,
      startedCaseProfileMs: profile,
      stability: args.stability,
      cores,
      versions: env.versions,
    };
    process.stdout.write((args.json ? JSON.stringify(result) : JSON.stringify(result, null, 2)) + '\n');
  } finally {
    await env.close();
  }
}

/** One layer set measured: its entry in the report's `layers`, and the rates the headline takes from the first set. */
async function measureLayerSet(bench: Bench, specs: DomainSpec[], layers: Layer[]): Promise<{ entry: Record<string, unknown>; headline: Headline }> {
  const { args, cores, auto } = bench;
  const started = startsQemu(layers);
  const setSpecs = started ? specs.slice(0, args.startedCases) : specs;
  // Each worker's first start pays its driver's one-off set-up: not timed.
  if (started) await harnessRate(bench.env, specs.slice(0, auto), layers, auto, args.stability);
  const t = await runTrials(bench, setSpecs, layers, started ? args.startedTrials : args.trials);
  const floorRate = medianRate(t.floors);
  const floor = floorRate.casesPerSecond;
  const floorAll = medianRate(t.floorAlls).casesPerSecond;
  const one = medianRate(t.ones);
  const all = medianRate(t.alls);
  const entry: Record<string, unknown> = {
    cases: setSpecs.length,
    floorCasesPerSecond: round(floor),
    [`floor${cores}`]: round(floorAll),
    floorScaling: round(floorAll / floor),
    harness1: round(one.casesPerSecond),
    [`harness${cores}`]: round(all.casesPerSecond),
    ratio: round(one.casesPerSecond / floor),
    // The same comparison with every core busy: harness workers against as many plain virsh.
    [`ratio${cores}`]: round(all.casesPerSecond / floorAll),
    scaling: round(all.casesPerSecond / one.casesPerSecond),
    // Cores one worker keeps busy (its virsh and Node): two workers cannot exceed cores / this.
    coresBusyPerWorker: round(((one.virshCpuMsPerCase + one.nodeCpuMsPerCase) * one.casesPerSecond) / 1000),
    cpuMsPerCase: { floorVirsh: round(floorRate.virshCpuMsPerCase), virsh: round(one.virshCpuMsPerCase), node: round(one.nodeCpuMsPerCase) },
    trials: { floor: t.floors.map((f) => round(f.casesPerSecond)), [`floor${cores}`]: t.floorAlls.map((f) => round(f.casesPerSecond)), harness1: t.ones.map((r) => round(r.casesPerSecond)), [`harness${cores}`]: t.alls.map((r) => round(r.casesPerSecond)), ...(started ? { [`harness${auto}`]: t.autos.map((r) => round(r.casesPerSecond)) } : {}) },
  };
  if (started) {
    // The harness as `check` runs these layers by default against plain virsh, one
    // process, the same commands in turn, no subreaper: what a user had before.
    const checkRate = medianRate(t.autos).casesPerSecond;
    Object.assign(entry, { defaultWorkers: auto, [`harness${auto}`]: round(checkRate), startedSpeedup: round(checkRate / floor) });
  }
  return { entry, headline: { floor, floorAll, one: one.casesPerSecond, all: all.casesPerSecond } };
}

/** The trials of one layer set; the median of each kind is reported. */
async function runTrials(bench: Bench, specs: DomainSpec[], layers: Layer[], trials: number): Promise<Trials> {
  const { env, args, cores, auto, dir } = bench;
  const started = startsQemu(layers);
  const answers = args.stability ? await libvirtAnswers(env, specs, dir) : undefined;
  const t: Trials = { floors: [], floorAlls: [], ones: [], alls: [], autos: [] };
  for (let trial = 0; trial < trials; trial++) {
    t.floors.push(await plainVirshFloor(env, specs, layers, dir, trial, 1, answers));
    // The same floor in one virsh per core: how far plain virsh itself scales here,
    // the ceiling for the harness's scaling.
    t.floorAlls.push(await plainVirshFloor(env, specs, layers, dir, trial, cores, answers));
    t.ones.push(await harnessRate(env, specs, layers, 1, args.stability));
    t.alls.push(await harnessRate(env, specs, layers, cores, args.stability));
    // As check runs started layers by default: `auto` workers, each virsh under the subreaper.
    if (started) t.autos.push(await harnessRate(env, specs, layers, auto, args.stability));
  }
  return t;
}

/**
 * The headline startedSpeedup: the harness as check runs the started layers by default
 * against the serial plain-virsh floor; xml,argv,qemu when measured, else the first started set.
 */
function startedSpeedup(args: BenchArgs, perLayer: Record<string, Record<string, unknown>>): { startedSpeedup?: number; startedSpeedupLayers?: string } {
  const started = args.layerSets.filter(startsQemu);
  const chosen = started.find((l) => l.join(',') === 'xml,argv,qemu') ?? started[0];
  if (!chosen) return { startedSpeedup: undefined, startedSpeedupLayers: undefined };
  const layers = chosen.join('+');
  return { startedSpeedup: perLayer[layers].startedSpeedup as number, startedSpeedupLayers: layers };
}

/** The model's prediction times as the report gives them. */
function predictionFields(times: ReturnType<typeof timePredictions>): Record<string, number> {
  return {
    predictMsMedian: round(percentile(times.all, 50), 4),
    predictMsP99: round(percentile(times.all, 99), 4),
    predictMsP99UpTo40Devices: round(percentile(times.upTo40, 99), 4),
    predictMaxDevices: times.maxDevices,
  };
}

/** The RSS a third of the way into the long run and at its end, in MiB. */
function firstAndLastRss(samples: number[]): [number, number] | undefined {
  if (samples.length < 2) return undefined;
  return [round(samples[Math.floor(samples.length / 3)] / 2 ** 20), round(samples[samples.length - 1] / 2 ** 20)];
}

/** The --long run, sampling QEMUs alive and the processes' RSS as it goes; Node's RSS goes into `memory`. */
async function longRun(bench: Bench, memory: { peakRss: number; rssSamples: number[] }): Promise<LongRun> {
  const { env, args } = bench;
  const longSpecs = sampleSpecs(Math.min(args.long, 2000));
  const workers = startsQemu(args.longLayers) ? bench.auto : bench.cores;
  // QEMUs alive at once and the RSS of every process of the run (virsh sessions,
  // subreapers, QEMUs), sampled every quarter second.
  let qemuAliveMax = 0;
  let sessionsRssMax = 0;
  const sampling = setInterval(() => {
    void runProcesses(env.runDir).then((ps) => {
      qemuAliveMax = Math.max(qemuAliveMax, ps.filter((p) => p.qemu).length);
      sessionsRssMax = Math.max(sessionsRssMax, ps.reduce((kb, p) => kb + p.rssKb, 0));
    });
  }, 250);
  const t0 = performance.now();
  let done = 0;
  try {
    while (done < args.long) {
      const batch = longSpecs.slice(0, Math.min(longSpecs.length, args.long - done));
      await harnessRate(env, batch, args.longLayers, workers, args.stability, () => {
        if (++done % 100 !== 0) return;
        const rss = process.memoryUsage().rss;
        memory.peakRss = Math.max(memory.peakRss, rss);
        memory.rssSamples.push(rss);
      });
    }
  } finally {
    clearInterval(sampling);
  }
  const seconds = (performance.now() - t0) / 1000;
  const qemuAliveAtEnd = (await runProcesses(env.runDir)).filter((p) => p.qemu).length;
  return { workers, layers: args.longLayers.join('+'), casesPerSecond: round(done / seconds), qemuAliveMax, qemuAliveAtEnd, sessionsRssMaxMb: round(sessionsRssMax / 1024) };
}

/** The processes of the run (their command lines name its directory): RSS, and whether each is a QEMU. */
async function runProcesses(runDir: string): Promise<{ qemu: boolean; rssKb: number }[]> {
  const out: { qemu: boolean; rssKb: number }[] = [];
  for (const pid of await processesUnder(runDir)) {
    try {
      const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
      const name = /^Name:\s*(\S+)/m.exec(status)?.[1] ?? '';
      out.push({ qemu: name.startsWith('qemu-system'), rssKb: Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0) });
    } catch {
      /* ended meanwhile */
    }
  }
  return out;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
/** The trial with the median rate (its CPU figures belong to that same trial). */
const medianRate = <R extends { casesPerSecond: number }>(rs: R[]): R => [...rs].sort((a, b) => a.casesPerSecond - b.casesPerSecond)[Math.floor(rs.length / 2)];

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exitCode = 2;
});
