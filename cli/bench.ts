// `npm run bench`: cases per second of the harness against the plain-virsh floor, both
// measured in the same run on the same pre-generated specs, plus worker scaling, model
// prediction latency and peak memory. A script, not a test: numbers go to BENCHMARKS.md.
//
//   npm run bench -- [--cases N] [--trials N] [--layers xml|xml,argv] [--long N] [--json]

import { execa } from 'execa';
import fc from 'fast-check';
import os from 'node:os';
import path from 'node:path';
import { promises as fs, readFileSync } from 'node:fs';
import type { DomainSpec, Layer } from '../types/domain.js';
import { domainSpecArb } from '../properties/arbitraries/domainSpec.js';
import { renderDomainXml } from '../properties/renderXml.js';
import type { CaseContext } from '../properties/caseRunner.js';
import { modelJudge } from '../properties/check.js';
import { lookahead } from '../properties/lookahead.js';
import { predict } from '../model/index.js';
import { setUpEnvironment, type Environment } from './environment.js';
import { createEmbedRoot } from '../harness/embedRoot.js';
import { ensureImages } from '../harness/images.js';
import { modelOracle } from './oracle.js';
import { percentile } from './summary.js';
import { caseDomainName } from './commands/check.js';

interface BenchArgs {
  cases: number;
  trials: number;
  layerSets: Layer[][];
  long: number;
  json: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const layers = get('--layers');
  return {
    cases: Number(get('--cases') ?? 400),
    trials: Math.max(1, Number(get('--trials') ?? 3)),
    layerSets: layers ? [layers.split(',') as Layer[]] : [['xml'], ['xml', 'argv']],
    long: Number(get('--long') ?? 0),
    json: argv.includes('--json'),
  };
}

/** The same specs for every measurement: half pc, half q35, fixed seed. */
function sampleSpecs(n: number): DomainSpec[] {
  const pc = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'pc', family: 'i440fx' }), { numRuns: Math.ceil(n / 2), seed: 42 });
  const q35 = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35' }), { numRuns: Math.floor(n / 2), seed: 43 });
  return pc.flatMap((s, i) => (q35[i] ? [s, q35[i]] : [s]));
}

/** The floor: one virsh process fed the same commands on stdin, nothing else. */
async function plainVirshFloor(env: Environment, specs: DomainSpec[], layers: Layer[], dir: string, trial: number): Promise<number> {
  // An embedded root belongs to one process at a time (pid file): the floor gets its own.
  const root = await createEmbedRoot(path.join(dir, `floor-root-${layers.join('-')}-${trial}`), env.workers[0].root?.dir);
  const uri = root.uri;
  const lines: string[] = [];
  for (const [i, spec] of specs.entries()) {
    const name = `vp-floor-${i}`;
    const file = path.join(dir, `floor-${i}.xml`);
    const xml = renderDomainXml(spec, { name, virtType: env.virtType('x86_64'), imageDir: path.join(dir, 'images') });
    await fs.writeFile(file, xml);
    if (layers.includes('argv') || layers.includes('qemu')) await ensureImages(xml, path.join(dir, 'images'));
    lines.push(`define ${file}`, `dumpxml ${name}`);
    // The argv and qemu layers read what a real (paused) start gave QEMU: so does the floor.
    if (layers.includes('argv') || layers.includes('qemu')) lines.push(`start --paused ${name}`, `destroy ${name}`);
    lines.push(`undefine ${name}`);
  }
  const t0 = performance.now();
  const r = await execa('virsh', ['-q', '-c', uri], { input: lines.join('\n') + '\n', reject: false, env: { LIBVIRT_LOG_OUTPUTS: `3:file:${dir}/floor.log` }, maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  const defined = (String(r.stdout).match(/<\/domain>/g) ?? []).length;
  if (defined === 0) throw new Error(`the plain-virsh floor defined nothing: ${String(r.stderr).slice(0, 500)}`);
  return specs.length / seconds;
}

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
 * check run does (the model judge, cases pipelined into the worker's virsh).
 */
async function harnessRate(env: Environment, specs: DomainSpec[], layers: Layer[], workers: number, onCase?: () => void): Promise<Rate> {
  const contexts: CaseContext[] = env.workers.slice(0, workers).map((worker, i) => ({
    worker, machines: env.machines('x86_64'), virtType: env.virtType('x86_64'), layers, oracle: modelOracle, domainName: caseDomainName(i), stability: false,
  }));
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

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cores = os.availableParallelism();
  const env = await setUpEnvironment({ virsh: 'virsh', workers: Math.max(2, cores), timeoutMs: 120_000 });
  const dir = await fs.mkdtemp(path.join(env.runDir, 'bench-'));
  try {
    const specs = sampleSpecs(args.cases);
    // Warm-up: the first cases of a fresh root pay one-off costs (libvirt's lazy inits).
    await harnessRate(env, specs.slice(0, 20), ['xml'], env.workers.length);
    const perLayer: Record<string, unknown> = {};
    let headline: { floor: number; one: number; all: number } | undefined;
    for (const layers of args.layerSets) {
      // Trials interleave floor and harness, so drift in the machine's load hits both; the
      // median of each is reported.
      const floors: number[] = [];
      const ones: Rate[] = [];
      const alls: Rate[] = [];
      for (let trial = 0; trial < args.trials; trial++) {
        floors.push(await plainVirshFloor(env, specs, layers, dir, trial));
        ones.push(await harnessRate(env, specs, layers, 1));
        alls.push(await harnessRate(env, specs, layers, cores));
      }
      const floor = median(floors);
      const one = medianRate(ones);
      const all = medianRate(alls);
      perLayer[layers.join('+')] = {
        floorCasesPerSecond: round(floor),
        harness1: round(one.casesPerSecond),
        [`harness${cores}`]: round(all.casesPerSecond),
        ratio: round(one.casesPerSecond / floor),
        scaling: round(all.casesPerSecond / one.casesPerSecond),
        cpuMsPerCase: { virsh: round(one.virshCpuMsPerCase), node: round(one.nodeCpuMsPerCase) },
        trials: { floor: floors.map((f) => round(f)), harness1: ones.map((r) => round(r.casesPerSecond)), [`harness${cores}`]: alls.map((r) => round(r.casesPerSecond)) },
      };
      headline ??= { floor, one: one.casesPerSecond, all: all.casesPerSecond };
    }
    const machinesByArch = env.machines('x86_64');
    const times: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      for (const spec of specs) {
        const t = performance.now();
        predict(spec, machinesByArch);
        times.push(performance.now() - t);
      }
    }
    let peakRss = process.memoryUsage().rss;
    const rssSamples: number[] = [];
    if (args.long > 0) {
      const longSpecs = sampleSpecs(Math.min(args.long, 2000));
      let done = 0;
      while (done < args.long) {
        const batch = longSpecs.slice(0, Math.min(longSpecs.length, args.long - done));
        await harnessRate(env, batch, ['xml'], cores, () => {
          if (++done % 100 === 0) {
            const rss = process.memoryUsage().rss;
            peakRss = Math.max(peakRss, rss);
            rssSamples.push(rss);
          }
        });
      }
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const h = headline!;
    const result = {
      floorCasesPerSecond: round(h.floor),
      harnessCasesPerSecond: round(h.one),
      ratio: round(h.one / h.floor),
      workers: { '1': round(h.one), [String(cores)]: round(h.all) },
      scaling: round(h.all / h.one),
      predictMsMedian: round(percentile(times, 50), 4),
      predictMsP99: round(percentile(times, 99), 4),
      peakRssMb: round(peakRss / 2 ** 20),
      rssFirstLastMb: rssSamples.length >= 2 ? [round(rssSamples[Math.floor(rssSamples.length / 3)] / 2 ** 20), round(rssSamples[rssSamples.length - 1] / 2 ** 20)] : undefined,
      layers: perLayer,
      cases: specs.length,
      longCases: args.long,
      cores,
      versions: env.versions,
    };
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
    else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await env.close();
  }
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
const median = (xs: number[]): number => percentile(xs, 50);
/** The trial with the median rate (its CPU figures belong to that same trial). */
const medianRate = (rs: Rate[]): Rate => [...rs].sort((a, b) => a.casesPerSecond - b.casesPerSecond)[Math.floor(rs.length / 2)];

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exitCode = 2;
});
