// Properties of machine types, one machine at a time (the checker side of `virtprop
// machines`): an alias becomes QEMU's target, libvirt's capabilities agree with QEMU's own
// list, a minimal domain gets exactly the model's implicit controllers, a few random
// domains agree with the model, and a machine QEMU does not have is refused at define time
// with an error that names it. Each property returns a verdict with a detail a person can
// act on; none of them hides a disagreement.

import type { Arch, DomainSpec, MachineFamily } from '../../types/domain.js';
import { parseDomainXml, type Worker } from '../../harness/index.js';
import { domainSpecArb } from '../generators/domainSpec.js';
import { runCase, type CaseContext } from './caseRunner.js';
import { runCheck } from './check.js';
import { renderDomainXml } from '../userxml/renderXml.js';

/** Verdict of one property, and of a machine as a whole. */
export type MachineVerdict = 'ok' | 'mismatch' | 'unsupported';

/** What one property found on one machine. */
export interface PropertyOutcome {
  property: 'alias' | 'capabilities-canonical' | 'implicit-controllers' | 'random-xml' | 'unknown-machine';
  verdict: MachineVerdict;
  detail: string;
  /** Unified diff expected → observed, for a mismatch found by comparison. */
  diff?: string;
  /** Id of a listed libvirt bug (known-issues/) that explains a mismatch. */
  knownIssue?: string;
}

/** The worker, domain type and domain name one machine's probes use. */
export interface Probe {
  worker: Worker;
  virtType: 'kvm' | 'qemu';
  domainName: string;
}

/** A guest with nothing in it but the machine: what libvirt adds is all there is. */
export function minimalSpec(arch: Arch, machine: string): DomainSpec {
  return { arch, machine, graphics: false, controllers: [], disks: [], nets: [], videos: [], sounds: [], rngs: [], watchdogs: [], inputs: [] };
}

/** A minimal guest with USB and the balloon switched off, so that nothing needs a PCI slot. */
export function bareSpec(arch: Arch, machine: string): DomainSpec {
  return { ...minimalSpec(arch, machine), controllers: [{ type: 'usb', model: 'none' }], memballoon: { model: 'none' } };
}

/** Defines a spec, hands libvirt's answer to `look`, and always undefines again. */
async function defineOnce<T>(probe: Probe, spec: DomainSpec, look: (r: { kind: 'defined'; xml: string } | { kind: 'rejected'; message: string }) => Promise<T>): Promise<T> {
  const xml = renderDomainXml(spec, { name: probe.domainName, virtType: probe.virtType, imageDir: probe.worker.scratchDir });
  const outcome = await probe.worker.define(xml, probe.domainName);
  try {
    return await look(outcome);
  } finally {
    await probe.worker.undefine(probe.domainName);
  }
}

/** What libvirt does with a minimal guest on a machine: "defined as X" or its refusal. */
export async function minimalDefine(probe: Probe, arch: Arch, machine: string): Promise<string> {
  return defineOnce(probe, minimalSpec(arch, machine), async (r) =>
    r.kind === 'rejected' ? `refused: ${oneLine(r.message)}` : `defined as ${(await parseDomainXml(r.xml)).machine}`,
  );
}

/** Property: defining with an alias writes QEMU's alias target into `<type machine=>`. */
export async function aliasProperty(probe: Probe, arch: Arch, alias: string, target: string): Promise<PropertyOutcome> {
  // bare: the property is about the name, so no PCI rule may get in its way
  return defineOnce(probe, bareSpec(arch, alias), async (r) => {
    if (r.kind === 'rejected') return { property: 'alias', verdict: 'mismatch', detail: `libvirt refused alias ${alias}: ${oneLine(r.message)}` };
    const written = (await parseDomainXml(r.xml)).machine;
    return written === target
      ? { property: 'alias', verdict: 'ok', detail: `${alias} → ${written}` }
      : { property: 'alias', verdict: 'mismatch', detail: `${alias}: libvirt wrote ${written}, QEMU says alias of ${target}` };
  });
}

/** Property: the canonical= of libvirt's capabilities is the target QEMU's -machine help names. */
export function capabilitiesCanonicalProperty(name: string, libvirtCanonical: string | undefined, qemuTarget: string | undefined): PropertyOutcome {
  const say = (v: string | undefined) => v ?? '(none)';
  const detail = `${name}: capabilities canonical=${say(libvirtCanonical)}, QEMU alias of ${say(qemuTarget)}`;
  return { property: 'capabilities-canonical', verdict: libvirtCanonical === qemuTarget ? 'ok' : 'mismatch', detail };
}

/** Property: a minimal guest gets exactly what the model predicts (implicit controllers and devices). */
export async function implicitControllersProperty(ctx: CaseContext, arch: Arch, machine: string): Promise<PropertyOutcome> {
  const r = await ctx.worker.withRetry(() => runCase(minimalSpec(arch, machine), { ...ctx, layers: ['xml'] }));
  if (r.outcome === 'unsupported') return { property: 'implicit-controllers', verdict: 'unsupported', detail: r.unsupportedReason ?? 'model does not cover it' };
  if (r.outcome === 'mismatch') return { property: 'implicit-controllers', verdict: 'mismatch', detail: `minimal guest: ${r.failed?.property ?? 'xml'} disagrees`, diff: r.diff };
  const controllers = r.observed.split('\n').filter((l) => l.startsWith('controller ')).length;
  return { property: 'implicit-controllers', verdict: 'ok', detail: `minimal guest: ${controllers} controller(s) as predicted` };
}

/** Property: `runs` random guests for the machine agree with the model on the xml layer. */
export async function randomDomainsProperty(ctx: CaseContext, arch: Arch, machine: string, family: Exclude<MachineFamily, 'other'>, runs: number, seed: number): Promise<PropertyOutcome> {
  const { stats, counterexamples } = await runCheck({
    arbitrary: domainSpecArb({ arch, machine, family, profile: ctx.profile, hyperv: true }),
    runs,
    seed,
    contexts: [{ ...ctx, layers: ['xml'] }],
    maxCounterexamples: 1,
  });
  const known = Object.values(stats.knownIssues).reduce((a, b) => a + b, 0);
  const counts = `${stats.cases} cases: ${stats.agree} agree, ${stats.mismatch} mismatch, ${stats.unsupported} unsupported${known ? `, ${known} known libvirt issue` : ''}${stats.harnessErrors ? `, ${stats.harnessErrors} harness errors` : ''}`;
  const cx = counterexamples[0];
  if (stats.mismatch > 0 || cx) return { property: 'random-xml', verdict: 'mismatch', detail: counts, diff: cx?.result.diff };
  if (stats.cases > 0 && stats.unsupported === stats.cases) return { property: 'random-xml', verdict: 'unsupported', detail: counts };
  if (stats.cases === 0) return { property: 'random-xml', verdict: 'unsupported', detail: `no case ran${stats.lastHarnessError ? `: ${stats.lastHarnessError}` : ''}` };
  return { property: 'random-xml', verdict: 'ok', detail: counts };
}

/** Whether a refusal names the machine type, as libvirt's machine check does. */
export function namesMachine(message: string, machine: string): boolean {
  return message.includes(`does not support machine type '${machine}'`);
}

/** A listed libvirt bug that explains an unclear refusal of an unknown machine. */
export const UNKNOWN_MACHINE_NO_PCI = 'libvirt-9.0-unknown-machine-no-pci-buses';

/** libvirt 12.8's refusal of an unknown machine, even a bare one: it "supports PCI" (known-issues/libvirt-12.8-unknown-machine-claims-pci). */
export const UNKNOWN_MACHINE_CLAIMS_PCI = 'libvirt-12.8-unknown-machine-claims-pci';

/**
 * Property: a machine name QEMU does not have is refused at define time (so never at
 * start) with an error that names it. Tried with an empty guest, as a user writes it; the
 * bare guest (nothing that needs PCI) is tried too, to show which check libvirt reaches.
 */
export async function unknownMachineProperty(probe: Probe, arch: Arch, machine: string): Promise<PropertyOutcome & { plain: string; bare: string }> {
  const answer = (spec: DomainSpec) =>
    defineOnce(probe, spec, async (r) => (r.kind === 'rejected' ? oneLine(r.message) : `accepted as ${(await parseDomainXml(r.xml)).machine}`));
  const plain = await answer(minimalSpec(arch, machine));
  const bare = await answer(bareSpec(arch, machine));
  const base = { property: 'unknown-machine' as const, plain, bare };
  if (plain.startsWith('accepted as')) return { ...base, verdict: 'mismatch', detail: `libvirt ${plain}; QEMU would refuse it only at start` };
  if (namesMachine(plain, machine)) return { ...base, verdict: 'ok', detail: `refused at define: ${plain}` };
  const claimsPci = (m: string): boolean => m.includes(`Machine type '${machine}' supports PCI but no PCI controller added`);
  const explained = /No PCI buses available/.test(plain) && namesMachine(bare, machine);
  return {
    ...base,
    verdict: 'mismatch',
    detail: `refused at define, but the error does not name the machine: "${plain}"; with nothing that needs PCI: "${bare}"`,
    knownIssue: explained ? UNKNOWN_MACHINE_NO_PCI : claimsPci(plain) && claimsPci(bare) ? UNKNOWN_MACHINE_CLAIMS_PCI : undefined,
  };
}

/** The machine's verdict from its properties: any mismatch wins, then any ok, else unsupported. */
export function machineVerdict(outcomes: PropertyOutcome[]): MachineVerdict {
  if (outcomes.some((o) => o.verdict === 'mismatch')) return 'mismatch';
  if (outcomes.some((o) => o.verdict === 'ok')) return 'ok';
  return 'unsupported';
}

/** libvirt's multi-line errors as one line for tables. */
function oneLine(message: string): string {
  return message.split('\n').filter((l) => !/^Failed to define domain/.test(l)).join(' ').trim() || message.trim();
}
