// One hotplug sequence, end to end: define the base guest and start it paused, then run
// each step through virsh and, after every one, hold libvirt's live XML, its inactive XML
// and QEMU's device tree against the model's prediction for that step. A refused step
// must leave both definitions exactly as they were. The first disagreement ends the
// sequence; a step the model does not cover ends it too (the model cannot follow on).

import type { DomainSpec, BuildProfile, RejectClass } from '../../types/domain.js';
import type { HotplugDevice, HotplugRefusal, HotplugStep, HotplugWorld, StepPrediction } from '../../model/hotplugTypes.js';
import type { Prediction } from '../../types/domain.js';
import { attachDevice, detachDevice, ensureDeviceImages, ensureImages, inactiveXml, parseDomainXml, parseQtree, type VirshResult, type Worker, writeDeviceFile } from '../../harness/index.js';
import { renderDeviceXml, renderDomainXml } from '../userxml/renderXml.js';
import { stateText } from '../judges/stateText.js';
import { compareQemuTree } from '../judges/qemuLayer.js';
import { unifiedDiff } from '../../reports/unifiedDiff.js';
import { classifyHotplugRefusal } from './refusals.js';
import type { HotplugCase } from './arbitraries.js';
import { coverageKey, describeStep, emptyTally, type HotplugTally } from './tally.js';
import { baseXml } from './baseXml.js';
import { baseStartIssue, stepIssue } from './baseIssues.js';

/** The model side of a sequence, injected by the CLI (as `check` injects its oracle). */
export interface HotplugOracle {
  startWorld(base: DomainSpec, profile: BuildProfile, acpi: boolean): { kind: 'ok'; world: HotplugWorld } | Exclude<Prediction, { kind: 'ok' }>;
  predictStep(world: HotplugWorld, step: HotplugStep): StepPrediction;
  classifyRejection(message: string): RejectClass;
}

/** Everything a sequence needs besides the case. */
export interface HotplugContext {
  worker: Worker;
  profile: BuildProfile;
  virtType: 'kvm' | 'qemu';
  oracle: HotplugOracle;
  domainName: string;
}

/** How one sequence went. */
export interface SequenceResult {
  /** 'known-issue': the base guest or a step hit a listed libvirt bug (see baseIssues.ts); the sequence ended there. */
  outcome: 'agree' | 'mismatch' | 'unsupported' | 'known-issue';
  knownIssue?: string;
  /** Index of the step that disagreed (-1: the base guest itself). */
  failedStep?: number;
  unsupportedReason?: string;
  inputXml: string;
  expected: string;
  observed: string;
  diff: string;
  /** Bundle files: one device XML per step, and steps.txt listing the whole sequence. */
  files: Record<string, string>;
  /** virsh commands (bundle-relative files) that reproduce the run up to the failing step. */
  virshCommands: string[];
  tally: HotplugTally;
}

/** The device XML of a step: renderDeviceXml's, plus `<model name=>` for a complete PCI controller. */
export function deviceXml(device: HotplugDevice, imageDir: string): string {
  const xml = renderDeviceXml(device.kind, device.spec as never, { imageDir });
  if (device.kind !== 'controller' || device.modelName === undefined) return xml;
  return xml.replace(/^(<controller[^>]*?)(\/?)>/, (_, open: string, empty: string) => `${open}>\n  <model name='${device.modelName}'/>${empty ? '\n</controller>' : ''}`);
}

/** What the domain looks like now, through libvirt's two XMLs and QEMU's tree. */
interface Snapshot {
  live: string;
  config: string;
  qemu: { agree: boolean; diff: string };
}

async function snapshot(worker: Worker, name: string): Promise<Snapshot> {
  const live = await worker.liveXml(name);
  const inactive = await inactiveXml(worker, name);
  const tree = await worker.qtree(name);
  if (!live.ok || !inactive.ok || !tree.ok) {
    const why = `${live.error} ${inactive.error} ${tree.error}`.trim();
    return { live: `(no live XML: ${why})\n`, config: inactive.ok ? stateText(await parseDomainXml(inactive.stdout)) : `(no inactive XML: ${why})\n`, qemu: { agree: false, diff: `(no device tree: ${why})\n` } };
  }
  const liveState = await parseDomainXml(live.stdout);
  return { live: stateText(liveState), config: stateText(await parseDomainXml(inactive.stdout)), qemu: compareQemuTree(liveState, parseQtree(tree.stdout)) };
}

const report = (header: string, outcome: string, live: string, config: string): string => `${header}\noutcome: ${outcome}\n-- live\n${live}-- inactive\n${config}`;

/** The outcome line of a prediction. */
function expectedOutcome(p: Exclude<StepPrediction, { kind: 'unsupported' }>): string {
  if (p.kind === 'ok') return 'ok';
  return p.errorClass ? `refused ${p.refusal} (${p.errorClass})` : `refused ${p.refusal}`;
}

/** The outcome line of what virsh did. */
function observedOutcome(r: VirshResult, step: HotplugStep, oracle: HotplugOracle): { line: string; refusal?: HotplugRefusal } {
  if (r.ok) return { line: 'ok' };
  const mode = step.op === 'restart' ? 'live' : step.mode;
  const refusal = classifyHotplugRefusal(r.error, mode);
  if (refusal === undefined) return { line: `failed: ${r.error.trim()}` };
  return { line: refusal === 'config-rejected' ? `refused ${refusal} (${oracle.classifyRejection(r.error)})` : `refused ${refusal}`, refusal };
}

/** One sequence while it runs: the case, the model's world so far, and what the bundle will hold. */
interface SequenceRun {
  c: HotplugCase;
  ctx: HotplugContext;
  name: string;
  inputXml: string;
  world: HotplugWorld;
  tally: HotplugTally;
  /** Bundle files (steps.txt, one device XML per step). */
  files: Record<string, string>;
  /** virsh commands that reproduce the run so far. */
  commands: string[];
}

/** steps.txt: one line per step. */
const stepsText = (steps: HotplugStep[]): string => steps.map((s, i) => `${i}: ${describeStep(s)}\n`).join('');

/** Runs one sequence against the real libvirt and judges every step. Always undefines its domain. */
export async function runSequence(c: HotplugCase, ctx: HotplugContext): Promise<SequenceResult> {
  const { worker, domainName: name } = ctx;
  const inputXml = baseXml(renderDomainXml(c.base, { name, virtType: ctx.virtType, imageDir: worker.imageDir }));
  const files = { 'steps.txt': stepsText(c.steps) };
  const run = { c, ctx, name, inputXml, tally: emptyTally(), files, commands: ['define input.xml', `start --paused ${name}`] };
  const start = ctx.oracle.startWorld(c.base, ctx.profile, c.acpi);
  if (start.kind !== 'ok') return result(run, 'unsupported', { unsupportedReason: `base: ${start.kind === 'reject' ? `refused (${start.errorClass})` : start.reason}` });
  const sequence: SequenceRun = { ...run, world: start.world };
  try {
    const failed = await startBase(sequence);
    if (failed) return failed;
    for (const [i, step] of c.steps.entries()) {
      const ended = await runStep(sequence, i, step);
      if (ended) return ended;
    }
    return result(sequence, 'agree');
  } finally {
    await worker.undefine(name);
  }
}

/** The sequence's result so far, with the bundle's files and commands. */
function result(run: Omit<SequenceRun, 'world'>, outcome: SequenceResult['outcome'], extra: Partial<SequenceResult> = {}): SequenceResult {
  const { inputXml, files, tally, name } = run;
  return { outcome, inputXml, expected: '', observed: '', diff: '', files, virshCommands: [...run.commands, `dumpxml ${name}`, `dumpxml --inactive ${name}`], tally, ...extra };
}

/** A disagreement at `step` (-1: the base guest): the sequence ends, its bundle lists the steps up to it. */
function mismatch(run: SequenceRun, step: number, expected: string, observed: string, diff?: string): SequenceResult {
  run.tally.mismatch++;
  // the steps after the failing one never ran: the bundle lists what a developer replays
  run.files['steps.txt'] = stepsText(run.c.steps.slice(0, step + 1));
  return result(run, 'mismatch', { failedStep: step, expected, observed, diff: diff ?? unifiedDiff(expected, observed, { expectedLabel: 'model', observedLabel: 'libvirt' }) });
}

/** Defines the base guest and starts it paused; a result when that already ends the sequence. */
async function startBase(run: SequenceRun): Promise<SequenceResult | undefined> {
  const { worker, profile } = run.ctx;
  const defined = await worker.define(run.inputXml, run.name);
  if (defined.kind === 'rejected') return mismatch(run, -1, 'base defined\n', `define refused: ${defined.message}\n`);
  await ensureImages(defined.xml, worker.imageDir);
  const started = await worker.startPaused(run.name);
  if (!started.ok) {
    const issue = baseStartIssue(run.inputXml, defined.xml, started.error, profile.libvirt);
    if (issue) return result(run, 'known-issue', { knownIssue: issue });
    return mismatch(run, -1, 'base started paused\n', `start refused: ${started.error}\n`);
  }
  const atStart = await snapshot(worker, run.name);
  const expected = report('base', 'ok', stateText(run.world.live.state), stateText(run.world.config.state));
  const observed = report('base', 'ok', atStart.live, atStart.config);
  if (expected !== observed) return mismatch(run, -1, expected, observed);
  if (!atStart.qemu.agree) return mismatch(run, -1, '', '', atStart.qemu.diff);
  return undefined;
}

/** Predicts, runs and judges one step; a result when the sequence ends there. */
async function runStep(run: SequenceRun, i: number, step: HotplugStep): Promise<SequenceResult | undefined> {
  const { tally } = run;
  const p = run.ctx.oracle.predictStep(run.world, step);
  tally.commands++;
  if (p.kind === 'unsupported') {
    tally.unsupported++;
    tally.unsupportedReasons[p.reason] = (tally.unsupportedReasons[p.reason] ?? 0) + 1;
    return result(run, tally.mismatch ? 'mismatch' : 'unsupported', { unsupportedReason: p.reason });
  }
  const { r, command } = await sendStep(run, i, step);
  const after = await snapshot(run.ctx.worker, run.name);
  const header = `step ${i}: ${describeStep(step)}`;
  // a refused step changes nothing: afterwards the model's world is the one before it, whose
  // texts equal libvirt's before the step (checked then), so any change shows in the diff
  const expectWorld = p.kind === 'ok' ? p.world : run.world;
  const expected = report(header, expectedOutcome(p), stateText(expectWorld.live.state), stateText(expectWorld.config.state));
  const observed = report(header, observedOutcome(r, step, run.ctx.oracle).line, after.live, after.config);
  // an agreed refusal changed nothing and is left out of the repro (repro.sh stops at a failing command)
  if (p.kind === 'ok' || expected !== observed || !after.qemu.agree) run.commands.push(...command);
  if (expected !== observed) {
    const issue = stepIssue(step, p, r.ok);
    if (!issue) return mismatch(run, i, expected, observed);
    tally.knownIssue++;
    return result(run, 'known-issue', { knownIssue: issue });
  }
  if (!after.qemu.agree) return mismatch(run, i, '', '', after.qemu.diff);
  countAgreedStep(run, step, p);
  return undefined;
}

/** Sends a step to virsh (a restart, or an attach/detach of its device file); its answer and the repro's commands. */
async function sendStep(run: SequenceRun, i: number, step: HotplugStep): Promise<{ r: VirshResult; command: string[] }> {
  const { worker } = run.ctx;
  const { name } = run;
  if (step.op === 'restart') {
    await worker.destroy(name);
    return { r: await worker.startPaused(name), command: [`destroy ${name}`, `start --paused ${name}`] };
  }
  const file = `step-${i}.xml`;
  const xml = deviceXml(step.device, worker.imageDir);
  run.files[file] = xml;
  if (step.device.kind === 'disk') await ensureDeviceImages(xml, worker.imageDir);
  const path = await writeDeviceFile(worker, file, xml);
  const r = step.op === 'attach' ? await attachDevice(worker, name, path, step.mode) : await detachDevice(worker, name, path, step.mode);
  return { r, command: [`${step.op}-device ${name} ${file} --${step.mode}`] };
}

/** Counts an agreed step by operation and outcome; an accepted one moves the model's world on. */
function countAgreedStep(run: SequenceRun, step: HotplugStep, p: Exclude<StepPrediction, { kind: 'unsupported' }>): void {
  const { tally } = run;
  tally.agree++;
  const key = coverageKey(step, p.kind === 'ok');
  tally.covered[key] = (tally.covered[key] ?? 0) + 1;
  if (p.kind === 'refused') tally.refusals[p.refusal] = (tally.refusals[p.refusal] ?? 0) + 1;
  else run.world = p.world;
}
