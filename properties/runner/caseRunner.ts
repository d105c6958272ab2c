// One case, end to end: render the spec, ask the model, push the XML through the real
// libvirt (and QEMU), and judge every requested layer. This is the checker of the
// Jepsen split: the worker (harness) observes, the oracle (model) predicts, and only
// this file puts the two side by side.

import { keyMaclessNets } from '../judges/netIdentity.js';
import type { BuildProfile, DeviceState, DomainSpec, DomainState, Layer, Prediction, RejectClass } from '../../types/domain.js';
import type { ArgvDevice } from '../../types/qemu.js';
import { type DefineSent, ensureImages, type Transcript, parseDomainXml, parseQemuArgv, parseQtree, type VirshResult, type Worker } from '../../harness/index.js';
import { renderDomainXml } from '../userxml/renderXml.js';
import { stateText } from '../judges/stateText.js';
import { duplicatePciAddresses, danglingBuses } from '../judges/invariants.js';
import { busOrderViolations, compareArgv } from '../judges/argvLayer.js';
import { compareQemuTree } from '../judges/qemuLayer.js';
import { rejectText, sameReason, type CaseResult, type FailedProperty } from '../judges/caseResult.js';
import { unifiedDiff } from '../../reports/unifiedDiff.js';

/** What the model side offers a case: prediction, argv rendering, and error classification. */
export interface Oracle {
  predict(spec: DomainSpec, profile: BuildProfile): Prediction;
  /** Expected `-device` list for a predicted state, or a reason it cannot be predicted. */
  renderArgv?(spec: DomainSpec, state: DomainState): ArgvDevice[] | { unsupported: string };
  classifyRejection(message: string): RejectClass;
}

/** Everything a case needs besides the spec. */
export interface CaseContext {
  worker: Worker;
  /** What the build under test says of itself for the case's arch. */
  profile: BuildProfile;
  virtType: 'kvm' | 'qemu';
  layers: Layer[];
  oracle: Oracle;
  /** Domain name for this worker's cases. */
  domainName: string;
  /** Check the redefine-stability invariant (one extra define per case). */
  stability: boolean;
}

/** Runs one spec through the requested layers and judges it. Always undefines its domain. */
export async function runCase(spec: DomainSpec, ctx: CaseContext): Promise<CaseResult> {
  return judgeCase(renderCase(spec, ctx, ctx.domainName), ctx);
}

/** A generated spec as libvirt will read it, under the given domain name. */
function renderCase(spec: DomainSpec, ctx: CaseContext, name: string): CaseInput {
  return { spec, inputXml: renderDomainXml(spec, { name, virtType: ctx.virtType, imageDir: ctx.worker.imageDir }), name };
}

/** A case whose define is already on its way to libvirt (see dispatchCase). */
export interface DispatchedCase {
  spec: DomainSpec;
  input: CaseInput;
  ahead: DefineAhead;
  /** The worker's session it was sent to (Worker.sessionNumber). */
  session: number;
}

/** libvirt's answer to a define sent earlier, and the commands that asked for it. */
export interface DefineAhead extends DefineSent {
  /** The redefine of libvirt's answer, sent as soon as it came (with ctx.stability). */
  again?: Promise<DefineSent | undefined>;
}

/**
 * Renders a case and sends its define to libvirt now, so libvirt works on it while the
 * caller still judges earlier cases. Cases in flight at once need distinct `slot`s: each
 * slot has its own domain name and XML file. Judge it with judgeDispatched.
 */
export function dispatchCase(spec: DomainSpec, ctx: CaseContext, slot: number): DispatchedCase {
  const input = renderCase(spec, ctx, `${ctx.domainName}-${slot}`);
  const session = ctx.worker.sessionNumber;
  const ahead = ctx.worker.defineAhead(input.inputXml, input.name, slot, ctx.stability);
  // Dropped when the run moves on (a failure to shrink, a stop): never an unhandled rejection.
  ahead.outcome.catch(() => undefined);
  ahead.again?.then((sent) => sent?.outcome.catch(() => undefined), () => undefined);
  return { spec, input, ahead, session };
}

/** Judges a dispatched case; its domain is undefined without waiting for libvirt's reply. */
export function judgeDispatched(d: DispatchedCase, ctx: CaseContext): Promise<CaseResult> {
  return judgeCase(d.input, ctx, d.ahead);
}

/** One case as the checker sees it: the spec the model reads and the XML text libvirt reads. */
export interface CaseInput {
  /**
   * What the model predicts from; or, for a file no spec describes, why not (the model is
   * not asked, and only the model-free checks and layers can fail).
   */
  spec: DomainSpec | { unsupported: string };
  /** Exactly what is handed to `virsh define` (rendered from spec, or a user's own file). */
  inputXml: string;
  /** The domain name inside inputXml (dumpxml and undefine need it). */
  name: string;
  /**
   * Devices left out of the comparison (a user's `<serial>`, `<console>` …, which the spec
   * does not describe): dropped from libvirt's state and from the model's alike, so a kind
   * the model does predict (a USB hub libvirt adds) cannot count on one side only.
   */
  ignoreDevice?: (device: DeviceState, state: DomainState) => boolean;
}

/** One case while it is judged: what went in, what the model said, and the virsh commands run so far. */
interface CaseRun {
  input: CaseInput;
  ctx: CaseContext;
  ahead?: DefineAhead;
  prediction: Prediction;
  /** The fields every result of this case carries. */
  base: Pick<CaseResult, 'inputXml' | 'predictMs' | 'libvirtRejected' | 'libvirt'>;
  /** The case's own record of virsh commands (repro.sh replays it); every result returns it. */
  transcript: Transcript;
}

/** What libvirt made of a defined case, as the layers after define see it. */
interface Defined {
  libvirtXml: string;
  state: DomainState;
  /** stateText of state: the observed side of the xml layer. */
  text: string;
}

/** A layer's judgement: a mismatch that ends the case, a reason the model does not cover the layer, or agreement (undefined). */
type LayerVerdict = { mismatch: CaseResult } | { unsupported: string } | undefined;

/** The judge of one layer (or of the model-free invariants), after a successful define. */
type LayerJudge = (run: CaseRun, defined: Defined) => Promise<LayerVerdict>;

/** The layers in the order they are judged; the first mismatch ends the case, the first unsupported reason is kept. */
const LAYER_JUDGES: LayerJudge[] = [judgeXmlLayer, judgeInvariants, judgeStartedLayers];

/**
 * Pushes one XML text through the requested layers and judges it against the model's
 * prediction for its spec. Shared by generated cases (runCase) and a user's files
 * (judgeXml), so both are judged by the same code. Always undefines its domain.
 */
export async function judgeCase(input: CaseInput, ctx: CaseContext, ahead?: DefineAhead): Promise<CaseResult> {
  const run = startRun(input, ctx, ahead);
  const { worker } = ctx;
  try {
    const outcome = await (ahead ? ahead.outcome : worker.define(input.inputXml, input.name, run.transcript));
    if (outcome.kind === 'rejected') return judgeRefusal(run, outcome.message);
    const defined = await observeDefined(run, outcome.xml);
    let unsupportedReason: string | undefined;
    for (const judge of LAYER_JUDGES) {
      const verdict = await judge(run, defined);
      if (verdict && 'mismatch' in verdict) return verdict.mismatch;
      if (verdict) unsupportedReason ??= verdict.unsupported;
    }
    const seen = { ...run.base, libvirtXml: defined.libvirtXml, observed: defined.text, diff: '', commands: run.transcript };
    if (unsupportedReason) return { ...seen, outcome: 'unsupported', unsupportedReason, expected: '' };
    return { ...seen, outcome: 'agree', expected: defined.text };
  } finally {
    // The undefine lands in the case's transcript too. In a pipeline libvirt answers after
    // the cases queued behind this one: do not wait.
    if (ahead) worker.undefineNow(input.name, run.transcript).catch(() => undefined);
    else await worker.undefine(input.name, run.transcript);
  }
}

/** The model's prediction for the case (unsupported for a file no spec describes), timed. */
function startRun(input: CaseInput, ctx: CaseContext, ahead: DefineAhead | undefined): CaseRun {
  const { spec } = input;
  const t0 = performance.now();
  const prediction: Prediction = 'unsupported' in spec ? { kind: 'unsupported', reason: spec.unsupported } : ctx.oracle.predict(spec, ctx.profile);
  const predictMs = performance.now() - t0;
  const base = { inputXml: input.inputXml, predictMs, libvirtRejected: false, libvirt: ctx.profile.libvirt };
  return { input, ctx, ahead, prediction, base, transcript: ahead ? [...ahead.commands] : [] };
}

/** A mismatch of the case on one property, with the diff of its two sides. */
function mismatch(run: CaseRun, property: FailedProperty, layer: Layer | 'invariant', expected: string, observed: string, extra: Partial<CaseResult> = {}): { mismatch: CaseResult } {
  const diff = unifiedDiff(expected, observed, { expectedLabel: 'expected', observedLabel: 'observed' });
  return { mismatch: { ...run.base, ...extra, outcome: 'mismatch', failed: { property, layer }, expected, observed, diff, commands: run.transcript } };
}

/** The model's prediction as text, filtered as libvirt's side is. */
function expectedText(run: CaseRun, prediction: Exclude<Prediction, { kind: 'unsupported' }>): string {
  if (prediction.kind === 'reject') return rejectText(prediction.errorClass, prediction.detail);
  return stateText(withoutIgnored(prediction.state, run.input.ignoreDevice));
}

/** libvirt refused the define: agreement when the model predicted a refusal of the same class. */
function judgeRefusal(run: CaseRun, message: string): CaseResult {
  const { prediction } = run;
  const observedClass = run.ctx.oracle.classifyRejection(message);
  const observed = rejectText(observedClass, message);
  const seen = { ...run.base, libvirtRejected: true, observed, diff: '', commands: run.transcript };
  if (prediction.kind === 'unsupported') return { ...seen, outcome: 'unsupported', unsupportedReason: prediction.reason, expected: '' };
  if (prediction.kind === 'reject' && prediction.errorClass === observedClass) {
    // the classes agree; where the model words the reason as libvirt does (class other), a
    // first refusal other than the predicted one is told apart (reported, not failed)
    const otherReason = observedClass === 'other' && !sameReason(prediction.detail, message);
    return { ...seen, outcome: 'agree', expected: observed, ...(otherReason ? { predictedReason: prediction.detail.trim() } : {}) };
  }
  return mismatch(run, 'xml', 'xml', expectedText(run, prediction), observed, { libvirtRejected: true }).mismatch;
}

/** libvirt's answer parsed, less the devices the caller leaves out. */
async function observeState(run: CaseRun, xml: string): Promise<DomainState> {
  const state = withoutIgnored(await parseDomainXml(xml), run.input.ignoreDevice);
  return 'unsupported' in run.input.spec ? state : keyMaclessNets(state, run.input.spec);
}

/** libvirt's answer to the define, parsed and as text. */
async function observeDefined(run: CaseRun, libvirtXml: string): Promise<Defined> {
  const state = await observeState(run, libvirtXml);
  return { libvirtXml, state, text: stateText(state) };
}

/** Layer xml: the model's prediction against libvirt's own view. */
async function judgeXmlLayer(run: CaseRun, defined: Defined): Promise<LayerVerdict> {
  if (!run.ctx.layers.includes('xml')) return undefined;
  const { prediction } = run;
  if (prediction.kind === 'unsupported') return { unsupported: prediction.reason };
  const expected = expectedText(run, prediction);
  return expected === defined.text ? undefined : mismatch(run, 'xml', 'xml', expected, defined.text, { libvirtXml: defined.libvirtXml });
}

/** Model-free invariants: no PCI address twice, no address on a missing bus, the same answer when redefined. */
async function judgeInvariants(run: CaseRun, defined: Defined): Promise<LayerVerdict> {
  const withXml = { libvirtXml: defined.libvirtXml };
  const dups = duplicatePciAddresses(defined.state);
  if (dups.length) return mismatch(run, 'invariant-unique', 'invariant', 'no PCI address used twice\n', dups.join('\n') + '\n', withXml);
  const dangling = danglingBuses(defined.state);
  if (dangling.length) return mismatch(run, 'invariant-bus', 'invariant', 'every PCI address on an existing bus below its controller\n', dangling.join('\n') + '\n', withXml);
  if (!run.ctx.stability) return undefined;
  const chained = await run.ahead?.again;
  if (chained) run.transcript.push(...chained.commands);
  const again = await (chained ? chained.outcome : run.ctx.worker.define(defined.libvirtXml, run.input.name, run.transcript));
  const againText = again.kind === 'defined' ? stateText(await observeState(run, again.xml)) : rejectText('redefine', again.message);
  return againText === defined.text ? undefined : mismatch(run, 'invariant-stable', 'invariant', defined.text, againText, withXml);
}

/**
 * Layers argv and qemu both start the domain (paused): the argv that matters is the one
 * QEMU really got, which libvirt logs at start (domxml-to-native re-addresses NICs).
 */
async function judgeStartedLayers(run: CaseRun, defined: Defined): Promise<LayerVerdict> {
  const { ctx, input } = run;
  if (!ctx.layers.includes('argv') && !ctx.layers.includes('qemu')) return undefined;
  await ensureImages(defined.libvirtXml, ctx.worker.imageDir);
  const started = await ctx.worker.startPaused(input.name, run.transcript);
  try {
    const argv = ctx.layers.includes('argv') || !started.ok ? await judgeArgvLayer(run, defined, started) : undefined;
    if (argv && 'mismatch' in argv) return argv;
    const qemu = ctx.layers.includes('qemu') ? await judgeQemuLayer(run, defined) : undefined;
    return qemu ?? argv;
  } finally {
    // In a pipeline the undefine queues the destroy ahead of itself: nothing waits for
    // QEMU to go, the next case's commands queue behind it in virsh.
    if (!run.ahead) await ctx.worker.destroy(input.name, run.transcript);
  }
}

/** Layer argv: the `-device` list QEMU got, in a valid order and as the model renders it. */
async function judgeArgvLayer(run: CaseRun, defined: Defined, started: VirshResult): Promise<LayerVerdict> {
  const { ctx, input, prediction } = run;
  const withXml = { libvirtXml: defined.libvirtXml };
  const argv = await ctx.worker.startedArgv(input.name, run.transcript);
  const observedArgv = argv.ok ? parseQemuArgv(argv.stdout) : [];
  // Model-free: QEMU creates devices left to right, so a bus must exist before its users.
  const order = busOrderViolations(observedArgv);
  if (order.length) return mismatch(run, 'argv-order', 'argv', 'every -device comes after the device that provides its bus\n', order.join('\n') + '\n', { ...withXml, observedArgv: argv.stdout });
  if (!started.ok) return mismatch(run, 'qemu-refused', 'qemu', 'QEMU starts the domain libvirt accepted\n', `start failed: ${started.error}\n`, withXml);
  if (!argv.ok) return mismatch(run, 'argv', 'argv', 'the QEMU command line of the started domain\n', `${argv.source} failed: ${argv.error}\n`, withXml);
  if (prediction.kind !== 'ok' || !ctx.oracle.renderArgv || 'unsupported' in input.spec) return undefined;
  const expectedArgv = ctx.oracle.renderArgv(input.spec, prediction.state);
  if ('unsupported' in expectedArgv) return { unsupported: `argv: ${expectedArgv.unsupported}` };
  const cmp = compareArgv(expectedArgv, observedArgv);
  if (cmp.agree) return undefined;
  const found = mismatch(run, 'argv', 'argv', '', '', { ...withXml, observedArgv: argv.stdout });
  return { mismatch: { ...found.mismatch, diff: cmp.diff } };
}

/** Layer qemu: QEMU's device tree against libvirt's live XML. */
async function judgeQemuLayer(run: CaseRun, defined: Defined): Promise<LayerVerdict> {
  const { worker } = run.ctx;
  const withXml = { libvirtXml: defined.libvirtXml };
  // Sent together: virsh answers both in turn without a round trip to us between them.
  const [tree, live] = await Promise.all([worker.qtree(run.input.name, run.transcript), worker.liveXml(run.input.name, run.transcript)]);
  if (!tree.ok || !live.ok) return mismatch(run, 'qemu', 'qemu', 'device tree and live XML of the running domain\n', `${tree.error}\n${live.error}\n`, withXml);
  const cmp = compareQemuTree(await parseDomainXml(live.stdout), parseQtree(tree.stdout));
  if (cmp.agree) return undefined;
  const found = mismatch(run, 'qemu', 'qemu', '', '', withXml);
  return { mismatch: { ...found.mismatch, diff: cmp.diff } };
}

/** The state without the devices the caller leaves out of the comparison (see CaseInput.ignoreDevice). */
function withoutIgnored(state: DomainState, ignore: CaseInput['ignoreDevice']): DomainState {
  if (!ignore) return state;
  return { ...state, devices: state.devices.filter((d) => !ignore(d, state)) };
}
