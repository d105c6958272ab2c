// `virtprop replay BUNDLE`: does a recorded mismatch still reproduce? Two ways, both run:
// the generated case again (fast-check's seed + path on the same arbitrary, one run) and
// the bundle's input.xml judged directly as a file. Exit 1 when either still disagrees.

import path from 'node:path';
import fc from 'fast-check';
import type { Command } from 'commander';
import type { Arch, DomainSpec, Layer } from '../../types/domain.js';
import type { ReplayInfo } from '../../reports/bundle.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { runCase, type CaseContext } from '../../properties/runner/caseRunner.js';
import type { CaseResult } from '../../properties/judges/caseResult.js';
import { knownIssueOf } from '../../properties/judges/knownIssues.js';
import { renderDomainXml } from '../../properties/userxml/renderXml.js';
import { adaptXml } from '../../properties/userxml/adaptXml.js';
import { specFromXml } from '../../properties/userxml/specFromXml.js';
import type { XmlVerdict } from '../../properties/runner/judgeXml.js';
import { type ConnectionOptions, type Environment } from '../environment.js';
import { EXIT } from '../exitCodes.js';
import { connectionFrom, flagParsers, hostArch } from '../flags.js';
import { UsageError } from '../usageError.js';
import { setUpWatched } from '../watchedSetUp.js';
import { familyFor } from './check.js';
import { fileContext, hostFactsFor, Interrupted, isLocal, judgeFileOn } from './fileCase.js';
import { readXmlText } from './xmlFile.js';
import { interruptedJson, jsonOnUsageErrors, printingErrors, printJson } from './jsonOutcome.js';

const LAYER_ORDER: Layer[] = ['xml', 'argv', 'qemu'];

/** Layers needed to reach the recorded one (a qemu mismatch needs all three). */
export function layersUpTo(layer: ReplayInfo['layer']): Layer[] {
  const i = LAYER_ORDER.indexOf(layer as Layer);
  return i < 0 ? ['xml'] : LAYER_ORDER.slice(0, i + 1);
}

/** Reads and checks BUNDLE/replay.json; UsageError naming the bad field. */
export async function readReplayInfo(bundle: string): Promise<ReplayInfo> {
  const file = path.join(bundle, 'replay.json');
  const text = await readXmlText(file).catch(() => {
    throw new UsageError(`${bundle} is not a repro bundle: cannot read ${file}`, 'give a bundle directory written by `virtprop check` (under OUT/bundles/)');
  });
  let info: Partial<ReplayInfo>;
  try {
    info = JSON.parse(text) as Partial<ReplayInfo>;
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`, 'restore the bundle from the report, or re-run `virtprop check`');
  }
  const bad = (field: string, want: string): never => {
    throw new UsageError(`${file}: "${field}" must be ${want}`, 'restore the bundle from the report, or re-run `virtprop check`');
  };
  if (!Number.isInteger(info.seed)) bad('seed', 'an integer');
  if (info.path !== undefined && (typeof info.path !== 'string' || !/^\d+(:\d+)*$/.test(info.path))) bad('path', 'a fast-check path such as "12:0:3"');
  for (const k of ['property', 'machine', 'arch', 'layer'] as const) if (typeof info[k] !== 'string' || info[k] === '') bad(k, 'a non-empty string');
  if (info.arch !== 'x86_64' && info.arch !== 'aarch64') bad('arch', 'x86_64 or aarch64');
  // those bundles compare two libvirt builds or a hotplug sequence, not one guest with the model
  if (info.layer === 'diff') throw new UsageError(`${bundle} is a \`diff\` bundle (two libvirt builds, no model)`, 'run its repro-ab.sh, or `virtprop diff` again with the same seed');
  if (info.layer === 'hotplug') throw new UsageError(`${bundle} is a hotplug bundle (a sequence of attach/detach)`, 'run its repro.sh, or `virtprop hotplug` again with the same seed');
  return info as ReplayInfo;
}

/** The machine as the generated spec wrote it (the alias a check run was given), from input.xml. */
function machineOfInput(xml: string): string | undefined {
  return /<type\b[^>]*\bmachine=(['"])([^'"]+)\1/.exec(xml)?.[2];
}

/** The spec fast-check generates at seed + path (one run, no shrinking). */
export async function specAtPath(arb: fc.Arbitrary<DomainSpec>, seed: number, pathText: string): Promise<DomainSpec> {
  let spec: DomainSpec | undefined;
  await fc.assert(
    fc.property(arb, (s) => {
      spec ??= s;
      return true;
    }),
    { seed, path: pathText, numRuns: 1 },
  );
  if (spec === undefined) throw new Error(`fast-check produced no value at seed ${seed} path ${pathText}`);
  return spec;
}

/**
 * Whether the regenerated spec is the bundle's case: rendered with input.xml's own name,
 * domain type and image directory it must give input.xml again (else the arbitrary changed).
 */
export function rendersAsInput(spec: DomainSpec, inputXml: string): boolean {
  const name = /<name>([^<]*)<\/name>/.exec(inputXml)?.[1] ?? '';
  const virtType = /<domain type='(kvm|qemu)'/.exec(inputXml)?.[1] === 'kvm' ? 'kvm' : 'qemu';
  const source = /<source file='([^']*)\/[^/']*'/.exec(inputXml)?.[1] ?? '/nonexistent';
  const unescape = (s: string): string => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const rendered = renderDomainXml(spec, { name: unescape(name), virtType, imageDir: unescape(source) });
  return rendered.trim() === inputXml.trim();
}

/** Whether a re-run still fails the recorded property (a failure a listed libvirt bug explains is not a reproduction). */
const stillFails = (r: CaseResult, property: string): boolean => r.outcome === 'mismatch' && r.failed?.property === property && knownIssueOf(r) === undefined;

/** The generated case run again: whether it still fails, and whether it is still input.xml's case. */
interface GeneratedReplay {
  reproduces: boolean;
  result?: CaseResult;
  note?: string;
  sameCase?: boolean;
  knownIssue?: string;
}

/** input.xml judged as a file, and whether that still fails. */
type FileReplay = XmlVerdict & { reproduces: boolean };

/** What replay found both ways, and the run it says it about. */
interface ReplayFindings {
  bundle: string;
  info: ReplayInfo;
  machine: string;
  layers: Layer[];
  generated: GeneratedReplay;
  file: FileReplay;
}

/** The spec at the bundle's seed + path through one case (nothing to run without a path). */
async function replayGenerated(env: Environment, ctx: CaseContext, info: ReplayInfo, machine: string, inputXml: string): Promise<GeneratedReplay> {
  if (info.path === undefined || info.path === '') return { reproduces: false, note: 'no fast-check path recorded: only input.xml is replayed' };
  const arb = domainSpecArb({ arch: info.arch as Arch, machine, family: familyFor(env, info.arch as Arch, machine), profile: env.profile(info.arch) });
  const spec = await specAtPath(arb, info.seed, info.path);
  const result = await ctx.worker.withRetry(() => runCase(spec, ctx));
  const generated: GeneratedReplay = { reproduces: stillFails(result, info.property), result, sameCase: rendersAsInput(spec, inputXml), knownIssue: knownIssueOf(result)?.id };
  if (!generated.sameCase) generated.note = 'seed + path now generate a different guest than input.xml (the generators changed since the bundle was written); its verdict is given but says little about the bundle';
  return generated;
}

/** input.xml judged as a file, adapted to this host first. */
async function replayInputXml(env: Environment, inputXml: string, layers: Layer[], uri: string | undefined): Promise<FileReplay> {
  // input.xml names the disk images of the run that wrote it: move them into this run's directory
  const adapted = await adaptXml(inputXml, hostFactsFor(env, 0));
  const verdict = await judgeFileOn(env, 0, adapted.xml, await specFromXml(adapted.xml, { defaultArch: hostArch() }), layers, isLocal(uri));
  return { ...verdict, reproduces: verdict.verdict === 'mismatch' || (verdict.libvirtRejected && verdict.predictedRejection === false) };
}

/** The findings as replay's JSON object, or as a paragraph and the diff that still fails; the exit code. */
function reportReplay({ bundle, info, machine, layers, generated, file }: ReplayFindings, json: boolean): number {
  const reproduces = generated.reproduces || file.reproduces;
  // the listed libvirt bug the failure still meets, if that is all it is (exit 0, as in `corpus`)
  const knownIssue = reproduces ? undefined : (file.knownIssue?.id ?? generated.knownIssue);
  if (json) {
    printJson({
      reproduces,
      property: info.property,
      knownIssue: knownIssue ?? null,
      generated: { reproduces: generated.reproduces, sameCase: generated.sameCase ?? null, outcome: generated.result?.outcome ?? null, property: generated.result?.failed?.property ?? null, diff: generated.result?.diff ?? '', note: generated.note ?? null, knownIssue: generated.knownIssue ?? null },
      inputXml: { reproduces: file.reproduces, verdict: file.verdict, layer: file.layer ?? null, diff: file.diff, reason: file.reason ?? null, knownIssue: file.knownIssue?.id ?? null },
    });
  } else {
    const g = generated.result;
    const lines = [
      `virtprop replay ${bundle}: ${reproduces ? 'STILL REPRODUCES' : knownIssue ? `KNOWN ISSUE ${knownIssue} (a listed libvirt bug, not counted as a reproduction)` : 'no longer reproduces (fixed?)'} — property ${info.property}, ${machine} ${info.arch}, layers ${layers.join(',')}`,
      `  generated case (seed ${info.seed}, path ${info.path ?? '-'}): ${g ? `${g.outcome}${g.failed ? ` [${g.failed.property}]` : ''}${generated.reproduces ? ' — reproduces' : generated.knownIssue ? ` — known issue ${generated.knownIssue}` : ''}` : '-'}${generated.note ? `\n    note: ${generated.note}` : ''}`,
      `  input.xml as a file: ${file.verdict}${file.layer ? ` [${file.layer}]` : ''}${file.reason ? `: ${file.reason}` : ''}${file.reproduces ? ' — reproduces' : file.knownIssue ? ` — known issue ${file.knownIssue.id}` : ''}`,
    ];
    const diff = generated.reproduces ? g?.diff : file.reproduces ? file.diff : '';
    if (diff) lines.push('', diff.split('\n').slice(0, 40).join('\n'));
    process.stdout.write(lines.join('\n') + '\n');
  }
  return reproduces ? EXIT.MISMATCH : EXIT.OK;
}

/** Runs `replay` and returns the exit code. */
export async function replayCommand(bundle: string, opts: ConnectionOptions & { layers?: Layer[]; json: boolean }): Promise<number> {
  const info = await readReplayInfo(bundle);
  const inputXml = await readXmlText(path.join(bundle, 'input.xml'));
  const layers = opts.layers ?? layersUpTo(info.layer);
  const machine = machineOfInput(inputXml) ?? info.machine;
  // a first Ctrl-C (even during set-up) lets the replay finish and clean up, a second kills virsh
  const watched = await setUpWatched({ ...opts, workers: 1 }, false);
  if (typeof watched === 'number') return watched;
  const { env, interrupts } = watched;
  let generated: GeneratedReplay | undefined;
  let file: FileReplay | undefined;
  try {
    if (interrupts.signal.aborted) throw new Interrupted();
    const ctx = fileContext(env, 0, info.arch, layers, `vp-replay-${process.pid.toString(36)}`);
    generated = await replayGenerated(env, ctx, info, machine, inputXml);
    file = await replayInputXml(env, inputXml, layers, opts.uri);
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
  } finally {
    interrupts.dispose();
    await env.close();
  }
  const signal = interrupts.received();
  if (signal || generated === undefined || file === undefined) {
    if (opts.json) printJson(interruptedJson(signal ?? 'SIGINT'));
    return signal === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED;
  }
  return reportReplay({ bundle, info, machine, layers, generated, file }, opts.json);
}

/** replay's key for an error, beside the common "verdict" (see jsonOutcome.ts): nothing was replayed. */
const REPLAY_ERROR = { reproduces: null };

/** Registers `replay`. */
export function registerReplay(program: Command): void {
  jsonOnUsageErrors(program.command('replay'), REPLAY_ERROR)
    .argument('<bundle>', 'repro bundle directory (OUT/bundles/NNN-…) holding replay.json and input.xml')
    .description('re-run a recorded mismatch (fast-check seed + path, and input.xml as a file) and say whether it still reproduces')
    .option('--uri <uri>', 'libvirt URI; default: a private embedded QEMU driver')
    .option('--virsh <path>', 'virsh binary to drive', 'virsh')
    .option('--build <name>', 'drive an installed libvirt release instead of the host\'s virsh (`virtprop builds`)')
    .option('--timeout <seconds>', 'per virsh command', flagParsers.positiveInt, 60)
    .option('--tcg', 'use TCG even where KVM is available')
    .option('--layers <list>', 'layers to compare (default: up to the recorded layer)', flagParsers.layerList)
    .option('--json', 'print one JSON object on stdout')
    .option('--debug', 'show stack traces of internal errors')
    .action(async (bundle: string, o: Record<string, unknown>, cmd: Command) => {
      const code = await printingErrors(Boolean(o.json), () => replayCommand(bundle, { ...connectionFrom(o), layers: o.layers as Layer[] | undefined, json: Boolean(o.json) }), REPLAY_ERROR);
      (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
    });
}
