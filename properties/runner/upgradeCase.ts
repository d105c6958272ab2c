// Upgrade mode's judge: a guest defined on build FROM, and libvirt's full answer (every
// address, the versioned machine type FROM chose) defined on build TO, as a persistent
// guest keeps its XML when the host moves to the next release. TO must keep every
// controller and device where FROM put it and add only what the model says TO adds by
// itself; started paused, both QEMUs must get the same PCI `-device` entries and build
// the same PCI tree unless the model predicts a change there.
//
// The expectation for TO is the model's prediction on TO's profile for the spec read out
// of FROM's answer (specFromXml keeps every address pinned), never TO's own answer.

import type { BuildProfile, DeviceState, DomainSpec, DomainState, Layer, Prediction } from '../../types/domain.js';
import { ensureImages, parseDomainXml, parseQemuArgv, parseQtree, type Transcript, type Worker } from '../../harness/index.js';
import { unifiedDiff } from '../../reports/unifiedDiff.js';
import { canonicalArgvText } from '../judges/argvLayer.js';
import { compareQemuTree } from '../judges/qemuLayer.js';
import { renderDomainXml } from '../userxml/renderXml.js';
import { stateText } from '../judges/stateText.js';
import { ignoredDevice, specFromXml } from '../userxml/specFromXml.js';
import { knownIssueOf } from '../judges/knownIssues.js';
import { qtreeText, UnrepeatedDifferenceError } from './diffCase.js';
import type { Oracle } from './caseRunner.js';
import { rejectText, type CaseResult } from '../judges/caseResult.js';
import type { CaseJudge, JudgedCase } from './check.js';

/** One worker per build (paired by index) and what to compare. */
export interface UpgradeContext {
  from: Worker;
  to: Worker;
  fromProfile: BuildProfile;
  toProfile: BuildProfile;
  oracle: Oracle;
  virtType: 'kvm' | 'qemu';
  layers: Layer[];
  /** The same name on both builds: TO defines FROM's answer, name and uuid included. */
  domainName: string;
}

/** Which comparison failed; the shrinker keeps it fixed. */
export type UpgradeProperty = 'upgrade-define' | 'upgrade-xml' | 'upgrade-start' | 'upgrade-argv' | 'upgrade-qemu';

/** How a case ended; every case is exactly one of these. */
export type UpgradeKind = 'stable' | 'expected-change' | 'finding' | 'known-issue' | 'refused-on-to' | 'refused-on-from' | 'unsupported';

/** The judged case. `expected` is what the model expects of TO, `observed` what TO did. */
export interface UpgradeCaseResult extends JudgedCase {
  kind: UpgradeKind;
  failed?: { property: UpgradeProperty; layer: Layer };
  /** The generated guest, as FROM read it. */
  inputXml: string;
  /** FROM's answer: TO's input. */
  fromXml?: string;
  /** TO's answer, when TO accepted FROM's. */
  toXml?: string;
  expected: string;
  observed: string;
  /** What FROM showed on the failed step (for the bundle: the other side of the upgrade). */
  fromText?: string;
  /** refused-on-from, refused-on-to and unsupported: why. */
  reason?: string;
  /** A listed libvirt bug of TO's release that explains the case. */
  knownIssue?: string;
  /** expected-change: FROM → TO lines of what changed (state, argv or tree), as the model predicted. */
  changes: string[];
  /** virsh commands (argument arrays) each build ran, in order. */
  fromCommands: string[][];
  toCommands: string[][];
}

/** The canonical lines of the PCI part of a state: PCI controllers and whatever sits on PCI. */
export function pciPart(state: string): string {
  return state
    .split('\n')
    .filter((l) => l.startsWith('controller pci ') || / @ pci /.test(l))
    .join('\n');
}

/**
 * What TO should hold: the model's prediction for what it covers, and FROM's own devices of
 * the kinds the spec reads but does not predict (serial ports, consoles, …) unchanged.
 */
export function expectedState(predicted: DomainState, from: DomainState): DomainState {
  return {
    ...predicted,
    devices: [...predicted.devices.filter((d) => !ignoredDevice(d, predicted)), ...from.devices.filter((d: DeviceState) => ignoredDevice(d, from))],
  };
}

/** The model's word on TO for FROM's answer, with the pinned spec it read. */
type Expectation = { prediction: Exclude<Prediction, { kind: 'unsupported' }>; pinned: DomainSpec } | { prediction: { kind: 'unsupported'; reason: string } };

/**
 * Reads FROM's answer into a pinned spec and asks the model about TO. The model must first
 * give back FROM's own answer from that spec on FROM's profile: where it cannot, its word
 * on TO means nothing, and the case is unsupported.
 */
export async function expectationFor(fromXml: string, fromState: DomainState, arch: DomainSpec['arch'], ctx: Pick<UpgradeContext, 'oracle' | 'fromProfile' | 'toProfile'>): Promise<Expectation> {
  const parsed = await specFromXml(fromXml, { defaultArch: arch });
  if ('unsupported' in parsed) return { prediction: { kind: 'unsupported', reason: `FROM's answer does not parse into a spec: ${parsed.unsupported}` } };
  const onFrom = ctx.oracle.predict(parsed.spec, ctx.fromProfile);
  if (onFrom.kind === 'unsupported') return { prediction: onFrom };
  if (onFrom.kind === 'reject' || stateText(expectedState(onFrom.state, fromState)) !== stateText(fromState)) {
    return { prediction: { kind: 'unsupported', reason: "the model does not give back FROM's answer from its pinned form" } };
  }
  const onTo = ctx.oracle.predict(parsed.spec, ctx.toProfile);
  return onTo.kind === 'unsupported' ? { prediction: onTo } : { prediction: onTo, pinned: parsed.spec };
}

/** What one build showed of the paused guest: the PCI `-device` list, the PCI tree, the live state. */
interface Started {
  argv?: string;
  tree?: string;
  live?: DomainState;
  treeDevices?: ReturnType<typeof parseQtree>;
}

/** Starts the defined guest paused, reads what the layers need, stops it; `error` when QEMU (or libvirt) would not start it. */
async function runPaused(worker: Worker, name: string, layers: Layer[], wantLive: boolean, transcript: Transcript): Promise<Started | { error: string }> {
  const started = await worker.startPaused(name, transcript);
  if (!started.ok) return { error: started.error };
  try {
    const out: Started = {};
    if (layers.includes('argv')) {
      const argv = await worker.startedArgv(name, transcript);
      out.argv = argv.ok ? canonicalArgvText(parseQemuArgv(argv.stdout)) : `the command line could not be read (${argv.source}): ${argv.error}\n`;
    }
    if (layers.includes('qemu')) {
      const tree = await worker.qtree(name, transcript);
      out.tree = tree.ok ? qtreeText(tree.stdout) : `info qtree failed: ${tree.error}\n`;
      if (tree.ok) out.treeDevices = parseQtree(tree.stdout);
      if (wantLive) {
        const live = await worker.liveXml(name, transcript);
        if (live.ok) out.live = await parseDomainXml(live.stdout);
      }
    }
    return out;
  } finally {
    await worker.destroy(name, transcript);
  }
}

/** libvirt's own reason: the last line of virsh's error ("Failed to define domain from FILE" comes first). */
const lastLine = (message: string): string =>
  message
    .trim()
    .split('\n')
    .pop()!
    .trim()
    // QEMU stamps its errors: without the time, one reason is one line of the tally
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /g, '');

/** Lines one text has and the other lacks, as "-" and "+" lines (for the tally of expected changes). */
function changedLines(before: string, after: string): string[] {
  const a = new Set(before.split('\n').filter(Boolean));
  const b = new Set(after.split('\n').filter(Boolean));
  return [...[...a].filter((l) => !b.has(l)).map((l) => `-${l}`), ...[...b].filter((l) => !a.has(l)).map((l) => `+${l}`)];
}

/** One upgrade case while it is judged: its input, the fields every result carries, and each build's transcript. */
interface UpgradeRun {
  ctx: UpgradeContext;
  inputXml: string;
  base: Pick<UpgradeCaseResult, 'inputXml' | 'fromCommands' | 'toCommands' | 'libvirtRejected' | 'expected' | 'observed' | 'diff' | 'changes'>;
}

/** FROM's answer and TO's, as the steps after both defines see them. */
interface BothDefined {
  fromXml: string;
  fromState: DomainState;
  fromText: string;
  toXml: string;
  toText: string;
  expectation: Expectation;
}

/** A case that ended without a finding: refused on one build, or outside the model. */
function ended(run: UpgradeRun, kind: 'refused-on-from' | 'refused-on-to' | 'unsupported', reason: string, extra: Partial<UpgradeCaseResult> = {}): UpgradeCaseResult {
  const unsupported = kind === 'unsupported';
  return { ...run.base, ...extra, kind, outcome: unsupported ? 'unsupported' : 'agree', reason, ...(unsupported ? { unsupportedReason: reason } : {}) };
}

/** A finding: TO did other than the model expects of it. */
function finding(run: UpgradeRun, property: UpgradeProperty, layer: Layer, expected: string, observed: string, extra: Partial<UpgradeCaseResult> = {}): UpgradeCaseResult {
  const diff = unifiedDiff(expected, observed, { expectedLabel: 'expected on TO', observedLabel: 'TO' });
  return { ...run.base, ...extra, kind: 'finding', outcome: 'mismatch', failed: { property, layer }, expected, observed, diff };
}

/** One run of the spec through FROM, then FROM's answer through TO; always undefines on both. */
export async function upgradeOnce(spec: DomainSpec, ctx: UpgradeContext): Promise<UpgradeCaseResult> {
  const { from, to, domainName: name } = ctx;
  const inputXml = renderDomainXml(spec, { name, virtType: ctx.virtType, imageDir: from.imageDir });
  // Each build's commands go to the case's own transcript (undefines included).
  const fromCommands: Transcript = [];
  const toCommands: Transcript = [];
  const run: UpgradeRun = { ctx, inputXml, base: { inputXml, fromCommands, toCommands, libvirtRejected: false, expected: '', observed: '', diff: '', changes: [] } };
  try {
    const fromDefined = await from.define(inputXml, name, fromCommands);
    if (fromDefined.kind === 'rejected') return ended(run, 'refused-on-from', `FROM refused to define it: ${lastLine(fromDefined.message)}`, { libvirtRejected: true });
    const fromXml = fromDefined.xml;
    const fromState = await parseDomainXml(fromXml);
    const fromText = stateText(fromState);
    const expectation = await expectationFor(fromXml, fromState, spec.arch, ctx);
    const toDefined = await to.define(fromXml, name, toCommands);
    if (toDefined.kind === 'rejected') return judgeRefusalOnTo(run, toDefined.message, expectation.prediction, fromState, { fromXml, fromText });
    const toText = stateText(await parseDomainXml(toDefined.xml));
    return await judgeDefinedOnBoth(run, { fromXml, fromState, fromText, toXml: toDefined.xml, toText, expectation });
  } finally {
    await from.undefine(name, fromCommands);
    await to.undefine(name, toCommands);
  }
}

/** TO refused FROM's answer: as the model predicted, outside the model, or a finding. */
function judgeRefusalOnTo(run: UpgradeRun, message: string, prediction: Expectation['prediction'], fromState: DomainState, withFrom: { fromXml: string; fromText: string }): UpgradeCaseResult {
  const errorClass = run.ctx.oracle.classifyRejection(message);
  const refused = { ...withFrom, libvirtRejected: true, observed: rejectText(errorClass, message) };
  if (prediction.kind === 'reject' && prediction.errorClass === errorClass) return ended(run, 'refused-on-to', `TO refused it as the model predicts: ${lastLine(message)}`, refused);
  if (prediction.kind === 'unsupported') return ended(run, 'unsupported', prediction.reason, refused);
  const expected = prediction.kind === 'reject' ? rejectText(prediction.errorClass, prediction.detail) : stateText(expectedState(prediction.state, fromState));
  return finding(run, 'upgrade-define', 'xml', expected, refused.observed, refused);
}

/** Both builds accepted the guest: TO's state against the model, then the started layers. */
async function judgeDefinedOnBoth(run: UpgradeRun, both: BothDefined): Promise<UpgradeCaseResult> {
  const { prediction } = both.expectation;
  const defined = { fromXml: both.fromXml, fromText: both.fromText, toXml: both.toXml };
  if (prediction.kind === 'reject') return finding(run, 'upgrade-define', 'xml', rejectText(prediction.errorClass, prediction.detail), both.toText, defined);
  if (prediction.kind === 'ok') {
    const expectedText = stateText(expectedState(prediction.state, both.fromState));
    if (expectedText !== both.toText) return finding(run, 'upgrade-xml', 'xml', expectedText, both.toText, defined);
  } else if (both.toText !== both.fromText) {
    // What stayed the same needs no model; what changed does.
    return ended(run, 'unsupported', prediction.reason, defined);
  }
  const changes = changedLines(both.fromText, both.toText);
  const layers = run.ctx.layers;
  const started = layers.includes('argv') || layers.includes('qemu') ? await judgeStartedOnBoth(run, both, changes) : {};
  if ('result' in started) return started.result;
  if (started.unsupportedReason !== undefined) return ended(run, 'unsupported', started.unsupportedReason, defined);
  return { ...run.base, ...defined, kind: changes.length > 0 ? 'expected-change' : 'stable', outcome: 'agree', changes, expected: both.toText, observed: both.toText };
}

/** Starts the guest paused on FROM, then on TO, and compares their argv and QEMU trees; the lines that changed go into `changes`. */
async function judgeStartedOnBoth(run: UpgradeRun, both: BothDefined, changes: string[]): Promise<{ result: UpgradeCaseResult } | { unsupportedReason?: string }> {
  const { ctx, inputXml } = run;
  const defined = { fromXml: both.fromXml, fromText: both.fromText, toXml: both.toXml };
  // The model predicted a change on PCI itself: QEMU's side is held against TO's own rendering.
  const pciMoved = pciPart(both.fromText) !== pciPart(both.toText);
  await ensureImages(both.fromXml, ctx.from.imageDir);
  const onFrom = await runPaused(ctx.from, ctx.domainName, ctx.layers, false, run.base.fromCommands);
  if ('error' in onFrom) {
    const known = knownIssueOn(ctx.fromProfile, both.fromXml, onFrom.error, inputXml);
    return { result: ended(run, 'refused-on-from', `QEMU did not start it on FROM${known ? ` (known issue ${known})` : ''}: ${lastLine(onFrom.error)}`, defined) };
  }
  const onTo = await runPaused(ctx.to, ctx.domainName, ctx.layers, pciMoved, run.base.toCommands);
  if ('error' in onTo) {
    const known = knownIssueOn(ctx.toProfile, both.toXml, onTo.error, inputXml);
    const result = finding(run, 'upgrade-start', 'qemu', 'QEMU starts on TO the guest it started on FROM\n', `start failed: ${onTo.error}\n`, { ...defined, fromText: 'started\n' });
    return { result: known ? { ...result, kind: 'known-issue', knownIssue: known } : result };
  }
  const argv = ctx.layers.includes('argv') ? compareArgvOnBoth(run, both, onFrom, onTo, pciMoved, changes) : {};
  if ('result' in argv) return argv;
  if (ctx.layers.includes('qemu')) {
    const qemu = compareTreesOnBoth(run, defined, onFrom, onTo, pciMoved, changes);
    if (qemu) return { result: qemu };
  }
  return argv;
}

/** Layer argv on both builds: TO's `-device` list is FROM's, or TO's own rendering of the model's state when PCI moved. */
function compareArgvOnBoth(run: UpgradeRun, both: BothDefined, onFrom: Started, onTo: Started, pciMoved: boolean, changes: string[]): { result: UpgradeCaseResult } | { unsupportedReason?: string } {
  const { expectation } = both;
  const { prediction } = expectation;
  let expectedArgv = onFrom.argv!;
  let unsupportedReason: string | undefined;
  if (pciMoved && 'pinned' in expectation && prediction.kind === 'ok' && run.ctx.oracle.renderArgv) {
    const rendered = run.ctx.oracle.renderArgv(expectation.pinned, prediction.state);
    if ('unsupported' in rendered) unsupportedReason = `argv: ${rendered.unsupported}`;
    else expectedArgv = canonicalArgvText(rendered);
  }
  const defined = { fromXml: both.fromXml, fromText: onFrom.argv, toXml: both.toXml };
  if (unsupportedReason === undefined && expectedArgv !== onTo.argv) return { result: finding(run, 'upgrade-argv', 'argv', expectedArgv, onTo.argv!, defined) };
  changes.push(...changedLines(onFrom.argv!, onTo.argv!).map((l) => `${l[0]}argv ${l.slice(1)}`));
  return { unsupportedReason };
}

/** Layer qemu on both builds: the same tree, or when PCI moved, TO's tree as TO's live XML says. */
function compareTreesOnBoth(run: UpgradeRun, defined: { fromXml: string; fromText: string; toXml: string }, onFrom: Started, onTo: Started, pciMoved: boolean, changes: string[]): UpgradeCaseResult | undefined {
  const withTree = { ...defined, fromText: onFrom.tree };
  if (!pciMoved && onFrom.tree !== onTo.tree) return finding(run, 'upgrade-qemu', 'qemu', onFrom.tree!, onTo.tree!, withTree);
  if (pciMoved) {
    // QEMU must build what TO's live XML says, the change the model predicted included.
    const cmp = onTo.live && onTo.treeDevices ? compareQemuTree(onTo.live, onTo.treeDevices) : { agree: false, diff: onTo.tree! };
    if (!cmp.agree) return { ...finding(run, 'upgrade-qemu', 'qemu', onFrom.tree!, onTo.tree!, withTree), diff: cmp.diff };
  }
  changes.push(...changedLines(onFrom.tree!, onTo.tree!).map((l) => `${l[0]}qemu ${l.slice(1)}`));
  return undefined;
}

/** The listed libvirt bug of a build's release that explains QEMU refusing a guest libvirt accepted, if any. */
function knownIssueOn(profile: BuildProfile, libvirtXml: string, error: string, inputXml: string): string | undefined {
  const asCase: CaseResult = {
    outcome: 'mismatch',
    failed: { property: 'qemu-refused', layer: 'qemu' },
    libvirtRejected: false,
    libvirt: profile.libvirt,
    inputXml,
    libvirtXml,
    expected: 'QEMU starts the domain libvirt accepted\n',
    observed: `start failed: ${error}\n`,
    diff: '',
    commands: [],
    predictMs: 0,
  };
  return knownIssueOf(asCase)?.id;
}

/**
 * Runs one spec through the upgrade and judges it. A finding is confirmed by a second run:
 * under heavy load QEMU can fail to start on one side only, and that is no finding about
 * either build (it is counted as a harness error).
 */
export async function runUpgradeCase(spec: DomainSpec, ctx: UpgradeContext): Promise<UpgradeCaseResult> {
  const first = await upgradeOnce(spec, ctx);
  if (first.kind !== 'finding') return first;
  const again = await upgradeOnce(spec, ctx);
  if (again.kind === 'finding') return again;
  const line = first.diff.split('\n').find((l) => /^[-+][^-+]/.test(l)) ?? '';
  throw new UnrepeatedDifferenceError(first.failed!.property, line);
}

/** The judge the shared loop runs: a harness fault on either build restarts that session and retries. */
export const upgradeJudge: CaseJudge<UpgradeContext, UpgradeCaseResult> = {
  run: (spec, ctx) => ctx.from.withRetry(() => ctx.to.withRetry(() => runUpgradeCase(spec, ctx))),
  knownIssue: (r) => r.knownIssue,
};
