// `virtprop mutate`: a mutation score of virtprop on libvirt's own PCI-addressing code.
// Each mutant of the catalogue (harness/mutation/catalogue.ts) is written into the tree of
// a libvirt built from Debian's source package (ci/build-libvirt.sh --debian), rebuilt
// incrementally, and `check` runs against the build tree's virsh on each machine with a
// fixed seed and budget: the mutant is killed when check finds a mismatch (its shrunk
// bundle is kept), survives when it finds none, times out when check does not finish in
// time. The tree is put back after every mutant (and at the start, should a killed run
// have left one in).

import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { Layer } from '../../types/domain.js';
import { CATALOGUE_SOURCE, MUTANTS, type Mutant } from '../../harness/mutation/catalogue.js';
import { applyMutant, buildCommand, checkSourceBuild, lockTree, mutateText, rebuild, restoreBaseline, baselineFile, type SourceBuild } from '../../harness/mutation/sourceBuild.js';
import { findSourceBuild, buildsDir } from '../../harness/builds.js';
import { EnvironmentError } from '../../harness/errors.js';
import { EXIT } from '../exitCodes.js';
import { flagParsers } from '../flags.js';
import { UsageError } from '../usageError.js';
import { checkOutDir } from '../outDir.js';
import { watchInterrupts } from '../interrupt.js';

/** The source build mutate uses when --build is not given. */
export const DEFAULT_MUTATE_BUILD = 'debian-12-source';

export type MutantStatus = 'killed' | 'survived' | 'equivalent' | 'timedOut' | 'error' | 'inapplicable';

/** One row of the JSON results. */
export interface MutantResult {
  id: string;
  file: string;
  line: number;
  description: string;
  status: MutantStatus;
  /** "MACHINE:PROPERTY" of the first mismatch (e.g. "q35:xml"), "MACHINE:harness-fault" when virsh crashed or hung; null unless killed. */
  killedBy: string | null;
  /** Seconds spent on the mutant: rebuild plus checks. */
  seconds: number;
  /** The shrunk bundle of the kill, null otherwise. */
  bundle: string | null;
  /** Why: the equivalence argument, a build failure, an inapplicable patch, a check error. */
  reason?: string;
  rebuildSeconds?: number;
}

export interface MutateOptions {
  build: string;
  only?: string[];
  limit?: number;
  json: boolean;
  machines: string[];
  layers: Layer[];
  seed: number;
  runs: number;
  budget: number;
  mutantTimeout?: number;
  workers?: number;
  timeout: number;
  out: string;
  progress: boolean;
  baseline: boolean;
  /** First a pass on the xml layer alone (runs: xmlRuns), then the full --layers pass. */
  xmlFirst: boolean;
  xmlRuns: number;
  minScore: number;
  tcg: boolean;
}

/** The catalogue as --list prints it. */
export function listText(mutants: readonly Mutant[]): string {
  const rows = mutants.map((m) => [m.id, `${m.file}:${m.line}`, m.description + (m.equivalent ? ` [equivalent: ${m.equivalent}]` : '')]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const head = `${mutants.length} mutants of libvirt ${CATALOGUE_SOURCE.version} (Debian ${CATALOGUE_SOURCE.suite}), ${mutants.filter((m) => m.equivalent).length} declared equivalent\n`;
  return head + rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`).join('\n') + '\n';
}

/** The mutants --only and --limit select, in catalogue order; an unknown id is a usage error. */
export function selectMutants(only: string[] | undefined, limit: number | undefined, catalogue: readonly Mutant[] = MUTANTS): Mutant[] {
  let chosen = [...catalogue];
  if (only) {
    const unknown = only.filter((id) => !catalogue.some((m) => m.id === id));
    if (unknown.length) throw new UsageError(`--only names no mutant ${unknown.map((u) => `"${u}"`).join(', ')}`, 'see `virtprop mutate --list` for the ids');
    chosen = chosen.filter((m) => only.includes(m.id));
  }
  return limit === undefined ? chosen : chosen.slice(0, limit);
}

/** The score: killed / (mutants − equivalent − inapplicable); null with nothing to score. */
export function mutationScore(results: readonly MutantResult[]): number | null {
  const scored = results.filter((r) => r.status !== 'equivalent' && r.status !== 'inapplicable');
  return scored.length === 0 ? null : results.filter((r) => r.status === 'killed').length / scored.length;
}

/** The JSON object of a run (the contract of --json and mutate.json). */
export function summaryJson(results: MutantResult[], extra: Record<string, unknown>): Record<string, unknown> {
  const count = (s: MutantStatus): number => results.filter((r) => r.status === s).length;
  return {
    mutants: results.length,
    killed: count('killed'),
    survived: count('survived'),
    equivalent: count('equivalent'),
    timedOut: count('timedOut'),
    errors: count('error'),
    inapplicable: count('inapplicable'),
    score: mutationScore(results),
    ...extra,
    results: results.map((r) => ({ id: r.id, file: r.file, line: r.line, description: r.description, killedBy: r.killedBy, seconds: Math.round(r.seconds * 10) / 10, bundle: r.bundle, status: r.status, ...(r.reason ? { reason: r.reason } : {}) })),
  };
}

/** A Markdown table of the results (written as mutate.md next to mutate.json). */
export function resultsMarkdown(results: readonly MutantResult[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| mutant | where | what changes | result | killed by | seconds |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of results) {
    lines.push(`| \`${r.id}\` | ${r.file.replace(/^src\//, '')}:${r.line} | ${cell(r.description)} | ${r.status}${r.reason && r.status !== 'killed' ? ` (${cell(r.reason)})` : ''} | ${r.killedBy ?? '–'} | ${r.seconds.toFixed(0)} |`);
  }
  return lines.join('\n') + '\n';
}

/** How the CLI of this very installation is started in a child (so a rebuilt dist/ elsewhere cannot change it mid-run). */
function cliChild(args: string[]): { file: string; args: string[] } {
  const main = new URL('../main.js', import.meta.url).href;
  return { file: process.execPath, args: ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(main)}); await main(process.argv.slice(1));`, ...args] };
}

interface CheckOutcome {
  kind: 'killed' | 'clean' | 'timedOut' | 'error' | 'interrupted';
  killedBy?: string;
  bundle?: string | null;
  reason?: string;
}

/** One `check` of one machine against the build tree's virsh, in a child process. */
async function runCheck(b: SourceBuild, opts: MutateOptions, pass: Pass, machine: string, out: string, signal: AbortSignal, track: (p: ResultPromise | undefined) => void): Promise<CheckOutcome> {
  const args = ['check', '--virsh', b.treeVirsh, '--machine', machine, '--layers', pass.layers.join(','), '--seed', String(opts.seed), '--runs', String(pass.runs), '--budget', String(opts.budget), '--max-counterexamples', '1', '--timeout', String(opts.timeout), '--out', out, '--json', '--no-progress'];
  if (opts.workers !== undefined) args.push('--workers', String(opts.workers));
  if (opts.tcg) args.push('--tcg');
  const child = cliChild(args);
  const limitMs = (opts.mutantTimeout ?? opts.budget * 3 + 720) * 1000; // shrinking a started-layer kill took up to 10 min here
  const proc = execa(child.file, child.args, { reject: false, timeout: limitMs, killSignal: 'SIGTERM', forceKillAfterDelay: 30_000, stdin: 'ignore' });
  track(proc);
  const r = await proc;
  track(undefined);
  if (signal.aborted) return { kind: 'interrupted' };
  if (r.timedOut) return { kind: 'timedOut', reason: `check on ${machine} did not finish within ${Math.round(limitMs / 1000)} s` };
  let json: { counterexamples?: Array<{ property?: string; bundle?: string | null; machine?: string }>; mismatch?: number; libvirtErrors?: number; lastHarnessError?: string } | undefined;
  try {
    json = JSON.parse(String(r.stdout).trim().split('\n').pop() ?? '');
  } catch {
    json = undefined;
  }
  const stderr = String(r.stderr).trim().split('\n').filter(Boolean).slice(-3).join(' ');
  if (r.exitCode === EXIT.MISMATCH) {
    const cx = json?.counterexamples?.[0];
    return { kind: 'killed', killedBy: `${machine}:${cx?.property ?? 'mismatch'}`, bundle: cx?.bundle ? path.resolve(out, cx.bundle) : null }; // check names it relative to its --out
  }
  if (r.exitCode === EXIT.OK) return { kind: 'clean' };
  if (r.exitCode === EXIT.HARNESS_FAULT && json) {
    // virsh crashed or hung on some case and check found no mismatch: libvirt misbehaved under the mutant
    return { kind: 'killed', killedBy: `${machine}:harness-fault`, bundle: null, reason: json.lastHarnessError ?? stderr };
  }
  return { kind: 'error', reason: `check on ${machine} ended with exit ${r.exitCode}${stderr ? `: ${stderr}` : ''}` };
}

/** One round of checks over the machines: its layers and cases per machine. */
interface Pass {
  layers: Layer[];
  runs: number;
}

/**
 * The rounds each mutant gets: with xmlFirst (and more layers than xml), a round on the xml
 * layer alone first — tens of cases per second, and a kill there shrinks in seconds — then
 * the full layers, which start QEMU for every case and every shrinking step.
 */
export function passesOf(opts: Pick<MutateOptions, 'layers' | 'runs' | 'xmlFirst' | 'xmlRuns'>): Pass[] {
  const full = { layers: opts.layers, runs: opts.runs };
  if (!opts.xmlFirst || !opts.layers.includes('xml') || opts.layers.length === 1) return [full];
  return [{ layers: ['xml'], runs: opts.xmlRuns }, full];
}

/** What every step of a run shares. */
interface RunContext {
  build: SourceBuild;
  opts: MutateOptions;
  signal: AbortSignal;
  /** Remembers the check in flight (so a signal can reach it). */
  track: (p: ResultPromise | undefined) => void;
  say: (line: string) => void;
  buildSeconds: number;
}

/** Puts back whatever a killed run left in the tree and makes sure the unmutated tree builds. */
async function prepareTree(ctx: RunContext): Promise<void> {
  const { build } = ctx;
  const restored = await restoreBaseline(build);
  if (restored.length) ctx.say(`put back ${restored.join(', ')} (a mutant was left in the tree)`);
  const first = await rebuild(build);
  ctx.buildSeconds += first.seconds;
  if (!first.ok) throw new EnvironmentError(`the unmutated build tree of ${build.name} does not build: ${first.log.split('\n').slice(-3).join(' ')}`, `look at ninja -C ${build.buildDir}; remove ${build.root} and run \`${buildCommand(build.name)}\``);
}

/** The unmutated build through every round: it must be clean, or a kill would prove nothing. */
async function runBaseline(ctx: RunContext): Promise<Record<string, unknown>> {
  const { opts } = ctx;
  ctx.say(`baseline: the unmutated build on ${opts.machines.join(', ')}`);
  const t0 = performance.now();
  for (const pass of passesOf(opts)) {
    for (const machine of opts.machines) {
      const o = await runCheck(ctx.build, opts, pass, machine, path.join(opts.out, 'baseline', `${machine}-${pass.layers.join('-')}`), ctx.signal, ctx.track);
      if (o.kind === 'interrupted') return { result: 'interrupted' };
      if (o.kind !== 'clean') {
        throw new EnvironmentError(
          `the unmutated build already fails check on ${machine} (${o.kind === 'killed' ? `${o.killedBy}, bundle ${o.bundle}` : o.reason}): a kill would prove nothing`,
          'fix the build (a patch of yours may change PCI placement: see the bundle) or the harness first, or run with --no-baseline if you know why',
        );
      }
    }
  }
  return { machines: opts.machines, seconds: Math.round((performance.now() - t0) / 100) / 10, result: 'clean' };
}

/** Every round over every machine until the first kill, time-out or error; undefined when interrupted. */
async function checkRounds(ctx: RunContext, m: Mutant, result: MutantResult): Promise<MutantResult | undefined> {
  for (const [p, pass] of passesOf(ctx.opts).entries()) {
    for (const machine of ctx.opts.machines) {
      const o = await runCheck(ctx.build, ctx.opts, pass, machine, path.join(ctx.opts.out, m.id, `${machine}-${pass.layers.join('-')}`), ctx.signal, ctx.track);
      if (o.kind === 'interrupted') return undefined;
      if (o.kind === 'killed') return { ...result, status: 'killed', killedBy: o.killedBy ?? null, bundle: o.bundle ?? null, ...(o.reason ? { reason: o.reason } : {}) };
      if (o.kind === 'timedOut' || o.kind === 'error') return { ...result, status: o.kind, reason: `${o.reason}${p > 0 ? ' (full layers)' : ''}` };
    }
  }
  return result;
}

/** One mutant: not run when equivalent or inapplicable; else applied, rebuilt, checked and put back. Undefined when interrupted. */
async function runMutant(ctx: RunContext, m: Mutant): Promise<MutantResult | undefined> {
  const { build } = ctx;
  const base = { id: m.id, file: m.file, line: m.line, description: m.description, killedBy: null, bundle: null };
  if (m.equivalent) return { ...base, status: 'equivalent', seconds: 0, reason: m.equivalent };
  const baselineText = await fs.readFile(baselineFile(build, m.file), 'utf8');
  const applicable = mutateText(baselineText, m);
  if (!applicable.ok) return { ...base, status: 'inapplicable', seconds: 0, reason: `does not apply to this build's ${m.file}: ${applicable.reason}` };
  const t0 = performance.now();
  try {
    await applyMutant(build, m);
    const rb = await rebuild(build);
    ctx.buildSeconds += rb.seconds;
    if (!rb.ok) {
      return { ...base, status: 'error', seconds: (performance.now() - t0) / 1000, rebuildSeconds: rb.seconds, reason: `the mutant does not build: ${rb.log.split('\n').filter((l) => /error/.test(l)).slice(0, 2).join(' ')}` };
    }
    const result = await checkRounds(ctx, m, { ...base, status: 'survived', seconds: 0, rebuildSeconds: rb.seconds });
    return result && { ...result, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await fs.writeFile(path.join(build.tree, m.file), baselineText);
  }
}

/** The progress line of a finished mutant. */
const statusLine = (r: MutantResult): string =>
  `${r.id}: ${r.status}${r.killedBy ? ` by ${r.killedBy}` : ''}${r.reason && r.status !== 'killed' ? ` (${r.reason})` : ''}${r.status === 'equivalent' || r.status === 'inapplicable' ? ' (not run)' : ` in ${r.seconds.toFixed(0)} s`}`;

/** Writes mutate.json and mutate.md and prints the outcome; returns the summary. */
async function report(opts: MutateOptions, results: MutantResult[], extra: Record<string, unknown>): Promise<Record<string, unknown>> {
  const summary = summaryJson(results, extra);
  await fs.writeFile(path.join(opts.out, 'mutate.json'), JSON.stringify(summary, null, 2) + '\n');
  await fs.writeFile(path.join(opts.out, 'mutate.md'), resultsMarkdown(results));
  if (opts.json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return summary;
  }
  const score = summary.score as number | null;
  const also = `${summary.errors ? `, ${summary.errors} errors` : ''}${summary.inapplicable ? `, ${summary.inapplicable} inapplicable` : ''}`;
  process.stdout.write(resultsMarkdown(results));
  process.stdout.write(
    `\n${results.length} mutants: ${summary.killed} killed, ${summary.survived} survived, ${summary.equivalent} equivalent, ${summary.timedOut} timed out${also}; score ${score === null ? 'n/a' : score.toFixed(3)}; ${summary.seconds} s (rebuilds ${Math.round(Number(summary.buildSeconds))} s)\nreports: ${path.join(opts.out, 'mutate.json')}, ${path.join(opts.out, 'mutate.md')}\n`,
  );
  return summary;
}

/** The source build --build names, ready for a run, or an error saying how to make it. */
async function sourceBuildFor(name: string): Promise<SourceBuild> {
  const build = await findSourceBuild(name);
  if (!build) throw new EnvironmentError(`there is no source build "${name}" in ${buildsDir()}`, `build it with \`${buildCommand(name)}\` (as root; a few minutes the first time), then run mutate again`);
  await checkSourceBuild(build);
  return build;
}

/** Runs the whole mutation run; returns the exit code. */
export async function mutateCommand(opts: MutateOptions): Promise<number> {
  const started = performance.now();
  const mutants = selectMutants(opts.only, opts.limit);
  await checkOutDir(opts.out);
  const build = await sourceBuildFor(opts.build);
  const unlock = await lockTree(build);
  let current: ResultPromise | undefined;
  const interrupts = watchInterrupts(() => current?.kill('SIGKILL'));
  interrupts.signal.addEventListener('abort', () => current?.kill('SIGINT'), { once: true });
  const say = (line: string): void => void (opts.progress && process.stderr.write(`mutate: ${line}\n`));
  const ctx: RunContext = { build, opts, signal: interrupts.signal, track: (p) => (current = p), say, buildSeconds: 0 };
  const results: MutantResult[] = [];
  let baseline: Record<string, unknown> | null = null;
  await fs.mkdir(opts.out, { recursive: true });
  try {
    await prepareTree(ctx);
    if (opts.baseline) baseline = await runBaseline(ctx);
    for (const [i, m] of mutants.entries()) {
      if (interrupts.signal.aborted) break;
      const r = await runMutant(ctx, m);
      if (!r || interrupts.signal.aborted) break;
      results.push(r);
      say(`[${i + 1}/${mutants.length}] ${statusLine(r)}`);
    }
  } finally {
    // the tree and the build as they were, whatever happened
    await restoreBaseline(build).catch(() => undefined);
    ctx.buildSeconds += (await rebuild(build).catch(() => undefined))?.seconds ?? 0;
    await unlock();
    interrupts.dispose();
  }
  const summary = await report(opts, results, {
    buildSeconds: Math.round(ctx.buildSeconds * 10) / 10,
    seconds: Math.round((performance.now() - started) / 1000),
    build: { name: build.name, version: build.version, patches: build.patches.map((p) => p.file) },
    settings: { machines: opts.machines, layers: opts.layers, seed: opts.seed, runs: opts.runs, budget: opts.budget, passes: passesOf(opts) },
    baseline,
    partial: interrupts.received() !== undefined,
  });
  const sig = interrupts.received();
  if (sig) return sig === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED;
  const score = summary.score as number | null;
  return score === null || score >= opts.minScore ? EXIT.OK : EXIT.MISMATCH;
}

/** Parses --min-score. */
function scoreValue(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--min-score ${value} is not a number from 0 to 1`, 'give e.g. --min-score 0.9');
  return n;
}

/** Registers `mutate`. */
export function registerMutate(program: Command): void {
  program
    .command('mutate')
    .description(
      "mutation score of virtprop on libvirt's PCI-addressing code: each mutant of the catalogue (small, careless changes to domain_addr.c, qemu_domain_address.c and qemu_command.c of libvirt 9.0) is written into a libvirt built from Debian's source package (`bash ci/build-libvirt.sh --debian`), rebuilt incrementally and checked (fixed seed and budget per machine); killed, survived or timed out, then put back",
    )
    .option('--list', 'print the catalogue (id, file:line, what changes) and exit; needs no build')
    .option('--only <ids>', 'run only these mutants (comma-separated ids from --list)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--limit <n>', 'run only the first N mutants (after --only)', flagParsers.positiveInt)
    .option('--build <name>', `the source build to mutate (in ${'$'}VIRTPROP_BUILDS_DIR, default /var/lib/virtprop/builds); made by \`bash ci/build-libvirt.sh --debian --name NAME [--patch FILE…]\``, DEFAULT_MUTATE_BUILD)
    .option('--machine <name>', 'machines each mutant is checked on, in order, in each round (the first kill ends the mutant); repeatable; default pc and q35', flagParsers.collect)
    .option('--layers <list>', 'layers check compares: xml, argv, qemu', flagParsers.layerList, ['xml', 'argv', 'qemu'])
    .option('--seed <n>', 'fast-check seed of every check (fixed, so runs compare)', flagParsers.seedValue, 1)
    .option('--runs <n>', 'random cases per machine and mutant (check stops earlier at the budget)', flagParsers.positiveInt, 200)
    .option('--budget <seconds>', 'seconds of new cases per machine and mutant (shrinking a kill may take longer)', flagParsers.positiveInt, 60)
    .option('--mutant-timeout <seconds>', 'a check that takes longer than this is stopped and the mutant counted as timed out (default: 3 × budget + 720; shrinking a kill on the started layers took up to 10 min on 2 loaded cores)', flagParsers.positiveInt)
    .option('--no-xml-first', 'skip the first round on the xml layer alone: every mutant gets only the --layers round (a kill there shrinks with QEMU started for every step, minutes instead of seconds)')
    .option('--xml-runs <n>', 'random cases per machine in the xml-only round (same seed and budget)', flagParsers.positiveInt, 500)
    .option('--no-baseline', 'skip the check of the unmutated build first (it makes sure a kill is the mutant\'s doing, at the cost of one budget per machine)')
    .option('--min-score <x>', 'exit 1 when killed / (mutants − equivalent) is below this', scoreValue, 0.9)
    .option('--workers <n>', 'parallel workers of each check (default: check\'s own)', flagParsers.positiveInt)
    .option('--timeout <seconds>', 'per virsh command in each check', flagParsers.positiveInt, 60)
    .option('--tcg', 'use TCG even where KVM is available')
    .option('--out <dir>', 'where each check\'s reports and bundles go (OUT/ID/MACHINE/), with mutate.json and mutate.md', 'virtprop-mutate-out')
    .option('--json', 'print {"mutants","killed","survived","equivalent","timedOut","buildSeconds","results":[{"id","file","line","description","killedBy","seconds","bundle"}]} on stdout')
    .option('--no-progress', 'no progress lines on stderr')
    .option('--debug', 'show stack traces of internal errors')
    .action(async (o: Record<string, unknown>, cmd: Command) => {
      const parent = cmd.parent as Command & { exitCodeResult?: number };
      if (o.list) {
        const chosen = selectMutants(o.only as string[] | undefined, o.limit as number | undefined);
        process.stdout.write(o.json ? JSON.stringify({ source: CATALOGUE_SOURCE, mutants: chosen.map((m) => ({ id: m.id, file: m.file, line: m.line, description: m.description, equivalent: m.equivalent ?? null })) }) + '\n' : listText(chosen));
        parent.exitCodeResult = EXIT.OK;
        return;
      }
      parent.exitCodeResult = await mutateCommand({
        build: String(o.build),
        only: o.only as string[] | undefined,
        limit: o.limit as number | undefined,
        json: Boolean(o.json),
        machines: (o.machine as string[] | undefined) ?? ['pc', 'q35'],
        layers: o.layers as Layer[],
        seed: Number(o.seed),
        runs: Number(o.runs),
        budget: Number(o.budget),
        mutantTimeout: o.mutantTimeout === undefined ? undefined : Number(o.mutantTimeout),
        workers: o.workers === undefined ? undefined : Number(o.workers),
        timeout: Number(o.timeout),
        out: String(o.out),
        progress: o.progress !== false && !o.json,
        baseline: o.baseline !== false,
        xmlFirst: o.xmlFirst !== false,
        xmlRuns: Number(o.xmlRuns),
        minScore: Number(o.minScore),
        tcg: Boolean(o.tcg),
      });
    });
}

/** For tests: the directory of this installation's CLI entry. */
export const cliEntry = (): string => fileURLToPath(new URL('../main.js', import.meta.url));
