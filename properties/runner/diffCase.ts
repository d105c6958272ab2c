// Diff mode's judge: one spec through two libvirt builds (A and B: two virsh binaries
// and/or two connections), compared layer by layer with no model at all. A disagreement
// on any layer is a finding about one of the builds, which is why diff mode also covers
// what the model does not. Side A is "expected", side B "observed" in every report.

import type { DomainSpec, Layer } from '../../types/domain.js';
import { classifyRejection, ensureImages, parseDomainXml, parseQemuArgv, parseQtree, type Transcript, type Worker } from '../../harness/index.js';
import { unifiedDiff } from '../../reports/unifiedDiff.js';
import { canonicalArgvText } from '../judges/argvLayer.js';
import { renderDomainXml } from '../userxml/renderXml.js';
import { stateText } from '../judges/stateText.js';
import type { CaseJudge, JudgedCase } from './check.js';

/** One pair of workers, one per build, and what to compare. */
export interface DiffContext {
  a: Worker;
  b: Worker;
  virtType: 'kvm' | 'qemu';
  layers: Layer[];
  /** Both sides use the same name and the same input XML, so one repro serves both. */
  domainName: string;
}

/** Which comparison failed: the define outcome, or one of the layers. */
export type DiffProperty = 'diff-define' | 'diff-xml' | 'diff-argv' | 'diff-qemu';

/** Canonical texts one build produced for a case, per compared step. */
export interface SideRecord {
  texts: Partial<Record<'define' | Layer, string>>;
  /** libvirt's own message where a step was refused (texts compare only its class). */
  messages: Partial<Record<'define' | Layer, string>>;
  /** libvirt's XML after define (dumpxml), when it got that far. */
  libvirtXml?: string;
  /** virsh commands (argument arrays) sent, in order. */
  commands: string[][];
}

/** The judged case: both sides' records and, on a mismatch, the first step that differs. */
export interface DiffCaseResult extends JudgedCase {
  outcome: 'agree' | 'mismatch';
  failed?: { property: DiffProperty; layer: Layer };
  inputXml: string;
  /** Side A's text of the failed step (empty when they agree). */
  expected: string;
  /** Side B's text of the failed step. */
  observed: string;
  a: SideRecord;
  b: SideRecord;
}

/** Steps in the order they are compared; a difference in an earlier one hides the later ones. */
const STEPS: Array<{ step: 'define' | Layer; property: DiffProperty; layer: Layer }> = [
  { step: 'define', property: 'diff-define', layer: 'xml' },
  { step: 'xml', property: 'diff-xml', layer: 'xml' },
  { step: 'argv', property: 'diff-argv', layer: 'argv' },
  { step: 'qemu', property: 'diff-qemu', layer: 'qemu' },
];

/** QEMU's PCI tree as sorted "ID DRIVER on BUS at SS.F" lines (ids are libvirt's aliases, equal on both sides). */
export function qtreeText(text: string): string {
  const lines = parseQtree(text).map((d) => `${d.id ?? '(no id)'} ${d.driver} on ${d.parentBus} at ${d.addr}`);
  return lines.sort((x, y) => x.localeCompare(y, 'en', { numeric: true })).map((l) => `${l}\n`).join('');
}

// Rejections are compared by class, not wording: a reworded message is no ABI change.
const refusal = (what: string, message: string): string => `${what} (${classifyRejection(message)})\n`;

/** Runs the input XML through one build on the requested layers; always undefines the domain. */
export async function observeSide(worker: Worker, inputXml: string, name: string, layers: Layer[], imageDir: string): Promise<SideRecord> {
  const commands: Transcript = [];
  const record: SideRecord = { texts: {}, messages: {}, commands };
  try {
    const defined = await worker.define(inputXml, name, commands);
    if (defined.kind === 'rejected') {
      record.texts.define = refusal('define rejected', defined.message);
      record.messages.define = defined.message;
      return record;
    }
    record.texts.define = 'defined\n';
    record.libvirtXml = defined.xml;
    // The xml step is always recorded: it is what a reader of the bundle wants to see first.
    record.texts.xml = stateText(await parseDomainXml(defined.xml));
    if (layers.includes('argv')) {
      const argv = await worker.nativeArgv(name, commands);
      record.texts.argv = argv.ok ? canonicalArgvText(parseQemuArgv(argv.stdout)) : refusal('domxml-to-native failed', argv.error);
      if (!argv.ok) record.messages.argv = argv.error;
    }
    if (layers.includes('qemu')) {
      await ensureImages(defined.xml, imageDir);
      const started = await worker.startPaused(name, commands);
      if (!started.ok) {
        record.texts.qemu = refusal('start refused', started.error);
        record.messages.qemu = started.error;
      } else {
        try {
          const tree = await worker.qtree(name, commands);
          record.texts.qemu = tree.ok ? qtreeText(tree.stdout) : refusal('info qtree failed', tree.error);
          if (!tree.ok) record.messages.qemu = tree.error;
        } finally {
          await worker.destroy(name, commands);
        }
      }
    }
    return record;
  } finally {
    await worker.undefine(name, commands);
  }
}

/** Thrown when a difference does not show up again on a second run: noise of the host, not a finding. */
export class UnrepeatedDifferenceError extends Error {
  constructor(property: string, first: string) {
    super(`a ${property} difference did not repeat when the case ran again (host under load?): ${first}`);
    this.name = 'UnrepeatedDifferenceError';
  }
}

/**
 * Runs one spec on both builds and compares them step by step. A difference is confirmed
 * by a second run of both sides: under heavy load QEMU can fail to start on one side only,
 * and that must not become a finding about either build (it is counted as a harness error).
 */
export async function runDiffCase(spec: DomainSpec, ctx: DiffContext): Promise<DiffCaseResult> {
  const first = await compareOnce(spec, ctx);
  if (first.outcome === 'agree') return first;
  const again = await compareOnce(spec, ctx);
  if (again.outcome === 'agree') {
    const line = first.diff.split('\n').find((l) => /^[-+][^-+]/.test(l)) ?? '';
    throw new UnrepeatedDifferenceError(first.failed!.property, line);
  }
  return again;
}

/** One run of the spec on both builds, compared. */
async function compareOnce(spec: DomainSpec, ctx: DiffContext): Promise<DiffCaseResult> {
  // Images live in A's scratch directory; B creates the same files there (idempotent), so
  // the input XML, disk paths included, is byte for byte the same on both sides.
  const imageDir = ctx.a.imageDir;
  const inputXml = renderDomainXml(spec, { name: ctx.domainName, virtType: ctx.virtType, imageDir });
  const a = await observeSide(ctx.a, inputXml, ctx.domainName, ctx.layers, imageDir);
  const b = await observeSide(ctx.b, inputXml, ctx.domainName, ctx.layers, imageDir);
  const libvirtRejected = a.texts.define !== 'defined\n' || b.texts.define !== 'defined\n';
  const base = { inputXml, libvirtRejected, a, b };
  for (const { step, property, layer } of STEPS) {
    const expected = a.texts[step];
    const observed = b.texts[step];
    if (expected === undefined && observed === undefined) continue;
    if (expected === observed) continue;
    // The reports show libvirt's message under the class it was compared by.
    const shown = (text: string | undefined, message: string | undefined): string => (text ?? '') + (message ? message.split('\n').map((l) => `# ${l}\n`).join('') : '');
    const [shownA, shownB] = [shown(expected, a.messages[step]), shown(observed, b.messages[step])];
    return {
      ...base,
      outcome: 'mismatch',
      failed: { property, layer },
      expected: shownA,
      observed: shownB,
      diff: unifiedDiff(shownA, shownB, { expectedLabel: 'A', observedLabel: 'B' }),
    };
  }
  return { ...base, outcome: 'agree', expected: '', observed: '', diff: '' };
}

/** The judge the shared loop runs: a harness fault on either side restarts that side and retries. */
export const diffJudge: CaseJudge<DiffContext, DiffCaseResult> = {
  run: (spec, ctx) => ctx.a.withRetry(() => ctx.b.withRetry(() => runDiffCase(spec, ctx))),
};
