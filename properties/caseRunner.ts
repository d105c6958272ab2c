// One case, end to end: render the spec, ask the model, push the XML through the real
// libvirt (and QEMU), and judge every requested layer. This is the checker of the
// Jepsen split: the worker (harness) observes, the oracle (model) predicts, and only
// this file puts the two side by side.

import type { BuildProfile, DeviceState, DomainSpec, DomainState, Layer, Prediction, RejectClass } from '../types/domain.js';
import type { ArgvDevice } from '../types/qemu.js';
import type { DefineSent, Worker } from '../harness/worker.js';
import { parseDomainXml } from '../harness/parseDomainXml.js';
import { parseQemuArgv } from '../harness/argv.js';
import { parseQtree } from '../harness/qtree.js';
import { ensureImages } from '../harness/images.js';
import { renderDomainXml } from './renderXml.js';
import { stateText } from './stateText.js';
import { duplicatePciAddresses, danglingBuses } from './invariants.js';
import { busOrderViolations, compareArgv } from './argvLayer.js';
import { compareQemuTree } from './qemuLayer.js';
import { unifiedDiff } from '../reports/unifiedDiff.js';

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

/** Which check failed; the shrinker keeps this fixed. */
export type FailedProperty = 'xml' | 'invariant-unique' | 'invariant-bus' | 'invariant-stable' | 'argv' | 'argv-order' | 'qemu' | 'qemu-refused';

/** Result of one case. */
export interface CaseResult {
  outcome: 'agree' | 'mismatch' | 'unsupported';
  failed?: { property: FailedProperty; layer: Layer | 'invariant' };
  /** Reasons the model gave for not covering the spec (per layer). */
  unsupportedReason?: string;
  libvirtRejected: boolean;
  /** libvirt's version the case ran on (known issues are listed per release). */
  libvirt?: string;
  inputXml: string;
  libvirtXml?: string;
  /** The QEMU command line the argv layer looked at, when it failed there. */
  observedArgv?: string;
  expected: string;
  observed: string;
  diff: string;
  /** virsh commands (argument arrays) the case ran, in order. */
  commands: string[][];
  predictMs: number;
}

/** How a refusal reads in expected.txt and observed.txt: its class, then libvirt's words. */
export const rejectText = (errorClass: string, detail: string): string => `rejected (${errorClass}): ${detail.trim()}\n`;

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

/**
 * Pushes one XML text through the requested layers and judges it against the model's
 * prediction for its spec. Shared by generated cases (runCase) and a user's files
 * (judgeXml), so both are judged by the same code. Always undefines its domain.
 */
export async function judgeCase(input: CaseInput, ctx: CaseContext, ahead?: DefineAhead): Promise<CaseResult> {
  const { worker, oracle } = ctx;
  const { spec, inputXml, name } = input;
  const t0 = performance.now();
  const prediction: Prediction = 'unsupported' in spec ? { kind: 'unsupported', reason: spec.unsupported } : oracle.predict(spec, ctx.profile);
  const predictMs = performance.now() - t0;
  worker.transcript = ahead ? [...ahead.commands] : [];
  const base = { inputXml, predictMs, libvirtRejected: false, libvirt: ctx.profile.libvirt };
  const fail = (property: FailedProperty, layer: Layer | 'invariant', expected: string, observed: string, extra: Partial<CaseResult> = {}): CaseResult => ({
    ...base,
    ...extra,
    outcome: 'mismatch',
    failed: { property, layer },
    expected,
    observed,
    diff: unifiedDiff(expected, observed, { expectedLabel: 'expected', observedLabel: 'observed' }),
    commands: worker.transcript,
  });

  try {
    const defined = await (ahead ? ahead.outcome : worker.define(inputXml, name));
    if (defined.kind === 'rejected') {
      const observedClass = oracle.classifyRejection(defined.message);
      const observed = rejectText(observedClass, defined.message);
      const extra = { libvirtRejected: true };
      if (prediction.kind === 'unsupported') return { ...base, ...extra, outcome: 'unsupported', unsupportedReason: prediction.reason, expected: '', observed, diff: '', commands: worker.transcript };
      if (prediction.kind === 'reject' && prediction.errorClass === observedClass) return { ...base, ...extra, outcome: 'agree', expected: observed, observed, diff: '', commands: worker.transcript };
      const expected = prediction.kind === 'reject' ? rejectText(prediction.errorClass, prediction.detail) : stateText(withoutIgnored(prediction.state, input.ignoreDevice));
      return fail('xml', 'xml', expected, observed, extra);
    }

    const libvirtXml = defined.xml;
    const observe = async (xml: string): Promise<DomainState> => withoutIgnored(await parseDomainXml(xml), input.ignoreDevice);
    const state = await observe(libvirtXml);
    const observedText = stateText(state);
    const withXml = { libvirtXml };

    // Layer xml: the model's prediction against libvirt's own view.
    let unsupportedReason: string | undefined;
    if (ctx.layers.includes('xml')) {
      if (prediction.kind === 'reject') return fail('xml', 'xml', rejectText(prediction.errorClass, prediction.detail), observedText, withXml);
      if (prediction.kind === 'unsupported') unsupportedReason = prediction.reason;
      else {
        // the model's side goes through the filter libvirt's side went through (observe)
        const expectedText = stateText(withoutIgnored(prediction.state, input.ignoreDevice));
        if (expectedText !== observedText) return fail('xml', 'xml', expectedText, observedText, withXml);
      }
    }

    // Model-free invariants.
    const dups = duplicatePciAddresses(state);
    if (dups.length) return fail('invariant-unique', 'invariant', 'no PCI address used twice\n', dups.join('\n') + '\n', withXml);
    const dangling = danglingBuses(state);
    if (dangling.length) return fail('invariant-bus', 'invariant', 'every PCI address on an existing bus below its controller\n', dangling.join('\n') + '\n', withXml);
    if (ctx.stability) {
      const chained = await ahead?.again;
      if (chained) worker.transcript.push(...chained.commands);
      const again = await (chained ? chained.outcome : worker.define(libvirtXml, name));
      const againText = again.kind === 'defined' ? stateText(await observe(again.xml)) : rejectText('redefine', again.message);
      if (againText !== observedText) return fail('invariant-stable', 'invariant', observedText, againText, withXml);
    }

    // Layers argv and qemu both start the domain (paused): the argv that matters is the one
    // QEMU really got, which libvirt logs at start (domxml-to-native re-addresses NICs).
    if (ctx.layers.includes('argv') || ctx.layers.includes('qemu')) {
      await ensureImages(libvirtXml, worker.imageDir);
      const started = await worker.startPaused(name);
      try {
        if (ctx.layers.includes('argv') || !started.ok) {
          const argv = await worker.startedArgv(name);
          const observedArgv = argv.ok ? parseQemuArgv(argv.stdout) : [];
          // Model-free: QEMU creates devices left to right, so a bus must exist before its users.
          const order = busOrderViolations(observedArgv);
          if (order.length) return fail('argv-order', 'argv', 'every -device comes after the device that provides its bus\n', order.join('\n') + '\n', { ...withXml, observedArgv: argv.stdout });
          if (!started.ok) return fail('qemu-refused', 'qemu', 'QEMU starts the domain libvirt accepted\n', `start failed: ${started.error}\n`, withXml);
          if (!argv.ok) return fail('argv', 'argv', 'the QEMU command line of the started domain\n', `${argv.source} failed: ${argv.error}\n`, withXml);
          if (prediction.kind === 'ok' && oracle.renderArgv && !('unsupported' in spec)) {
            const expectedArgv = oracle.renderArgv(spec, prediction.state);
            if ('unsupported' in expectedArgv) unsupportedReason ??= `argv: ${expectedArgv.unsupported}`;
            else {
              const cmp = compareArgv(expectedArgv, observedArgv);
              if (!cmp.agree) return { ...fail('argv', 'argv', '', '', { ...withXml, observedArgv: argv.stdout }), diff: cmp.diff };
            }
          }
        }
        if (ctx.layers.includes('qemu')) {
          // Sent together: virsh answers both in turn without a round trip to us between them.
          const [tree, live] = await Promise.all([worker.qtree(name), worker.liveXml(name)]);
          if (!tree.ok || !live.ok) return fail('qemu', 'qemu', 'device tree and live XML of the running domain\n', `${tree.error}\n${live.error}\n`, withXml);
          const cmp = compareQemuTree(await parseDomainXml(live.stdout), parseQtree(tree.stdout));
          if (!cmp.agree) return { ...fail('qemu', 'qemu', '', '', withXml), diff: cmp.diff };
        }
      } finally {
        // In a pipeline the undefine below queues the destroy ahead of itself: nothing waits
        // for QEMU to go, the next case's commands queue behind it in virsh.
        if (!ahead) await worker.destroy(name);
      }
    }

    if (unsupportedReason) return { ...base, ...withXml, outcome: 'unsupported', unsupportedReason, expected: '', observed: observedText, diff: '', commands: worker.transcript };
    return { ...base, ...withXml, outcome: 'agree', expected: observedText, observed: observedText, diff: '', commands: worker.transcript };
  } finally {
    const commands = worker.transcript;
    // In a pipeline libvirt answers after the cases queued behind this one: do not wait.
    if (ahead) worker.undefineNow(name).catch(() => undefined);
    else await worker.undefine(name);
    worker.transcript = commands;
  }
}

/** The state without the devices the caller leaves out of the comparison (see CaseInput.ignoreDevice). */
function withoutIgnored(state: DomainState, ignore: CaseInput['ignoreDevice']): DomainState {
  if (!ignore) return state;
  return { ...state, devices: state.devices.filter((d) => !ignore(d, state)) };
}
