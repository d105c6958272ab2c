// Judges a user's own domain XML, byte for byte as given: the model predicts from the
// spec read out of the file (specFromXml), libvirt reads the file itself, and the same
// judge as for generated cases (caseRunner's judgeCase) compares every layer. Nothing is
// re-rendered, so what libvirt sees is exactly what the user wrote.

import type { DomainSpec, Layer } from '../../types/domain.js';
import { judgeCase, type CaseContext } from './caseRunner.js';
import type { CaseResult } from '../judges/caseResult.js';
import { knownIssueOf, type KnownIssue } from '../judges/knownIssues.js';
import { ignoredDevice, specFromXml, type ParsedUserXml, type SpecFromXml } from '../userxml/specFromXml.js';
import { uncoveredRefusal } from '../userxml/uncovered.js';
import { isIch9Uhci, usbDevicesOf } from '../../model/usbControllers.js';

/**
 * A verdict on one file, as `compare`, `replay` and `corpus` report it. known-issue: a
 * mismatch a listed libvirt bug explains (properties/judges/knownIssues.ts), counted apart.
 */
export interface XmlVerdict {
  verdict: 'agree' | 'mismatch' | 'known-issue' | 'unsupported' | 'error';
  /** Unified diff expected → observed ('' unless mismatch). */
  diff: string;
  /** Layer (or invariant) that disagreed, for a mismatch or a known issue. */
  layer?: Layer | 'invariant';
  expected: string;
  observed: string;
  /** Why unsupported, or the error. */
  reason?: string;
  /** libvirt refused to define the file. */
  libvirtRejected: boolean;
  /** libvirt's refusal as text, when it refused. */
  rejection?: string;
  /** The model predicted that refusal (same class), when libvirt refused and the model covered the file. */
  predictedRejection?: boolean;
  /** For a predicted refusal: the model's reason, when libvirt gave another of the same class first (CaseResult.predictedReason). */
  otherReason?: string;
  /** For known-issue: the listed libvirt bug. */
  knownIssue?: KnownIssue;
  /** The full case record, when the file went through the judge. */
  result?: CaseResult;
}

/** Facts about the host a file must fit before its verdict means anything (gathered by the caller). */
export interface HostFit {
  /** The file's `<emulator>` exists and is executable here (true when it names none). */
  emulatorUsable: boolean;
  /** KVM can run guests here. */
  kvmUsable: boolean;
  /** /dev/vhost-vsock exists here (a vsock guest cannot start without it); undefined: not known, assume yes. */
  vhostVsockUsable?: boolean;
  /** A host path the guest's start opens that does not exist here (a 9p share's directory, a passthrough input's event device), and what it is. */
  missingHostPath?: { what: string; path: string };
}

/** Why QEMU could not start the guest of a file here (only its xml layer is judged then), or undefined. */
function whyUnstartable(spec: DomainSpec, fit: HostFit): string | undefined {
  // a PCI host device is taken to be absent from this host (see HostdevSpec); a USB one is looked up on the host at start
  if ((spec.hostdevs ?? []).length + (spec.hostdevNets ?? []).length > 0) return 'host devices (absent from this host) cannot be started';
  // libvirt starts passt for such a NIC; the harness's hosts need not have it
  if (spec.nets.some((n) => n.passt)) return 'a passt NIC needs passt on the host, which the harness does not require';
  if (spec.nets.some((n) => n.vdpa)) return "a vDPA NIC needs the host's vDPA device";
  // the started layers of an igb NIC were not measured (debian-12's QEMU 7.2 has no such device)
  if (spec.nets.some((n) => n.model === 'igb')) return 'an igb NIC (QEMU 8.0 and later) is not modelled on the command line';
  // libvirt 9.0 does not reserve its port: another USB device may get the same one, which QEMU refuses
  if (spec.nets.some((n) => n.model === 'usb-net' && n.usb !== undefined)) return "a usb-net NIC's USB port is not reserved by libvirt 9.0 (QEMU may find two devices on it)";
  if (spec.nets.some((n) => n.model === 'other')) return "a NIC model libvirt does not know by name: whether QEMU has such a device is not modelled";
  // their memory backends are beyond the model of the command line
  if ((spec.memoryDevices ?? []).length + (spec.shmems ?? []).length + (spec.cryptos ?? []).length + (spec.pstores ?? []).length > 0) return 'memory, shared memory, crypto and pstore devices are not modelled on the command line';
  if (spec.launchSecurity) return 'an SEV guest needs an AMD host with SEV';
  // e.g. "kernel doesn't allow setting HyperV VP_INDEX" (nested KVM, 2026-12-07)
  if (spec.hyperv !== undefined) return "Hyper-V enlightenments start only where the host's kernel has each one";
  // QEMU would grab one of the host's keyboards or mice
  if (spec.inputs.some((i) => i.type === 'evdev')) return "an evdev input takes one of the host's input devices";
  // QEMU talks to a virtiofsd the harness does not run
  if ((spec.filesystems ?? []).some((fs) => fs.driver === 'virtiofs')) return 'a virtiofs share needs virtiofsd, which the harness does not start';
  // a smartcard reads a card reader on the host, or a SPICE client's
  if ((spec.smartcards ?? []).length > 0) return "a smartcard needs the host's card reader or a SPICE client";
  if (spec.vsock !== undefined && fit.vhostVsockUsable === false) return 'a vsock needs /dev/vhost-vsock, which this host lacks';
  if (fit.missingHostPath !== undefined) return `${fit.missingHostPath.what} ${fit.missingHostPath.path} does not exist here`;
  if (ehciWithoutCompanionsMeetsFullSpeed(spec)) return "an EHCI without companion controllers takes high-speed USB devices only, and which of QEMU's are is not modelled";
  if (spec.qemuArgs) return '<qemu:commandline>, <qemu:capabilities> or <qemu:override> changes what QEMU gets beyond what libvirt places';
  return undefined;
}

/**
 * An EHCI with no UHCI companions beside USB devices that may be full-speed only. Observed on
 * 9.0, 11.3 and 12.8 (2026-12-07): a hub on a lone `ehci` stops QEMU ("speed mismatch trying
 * to attach usb device \"QEMU USB Hub\" (full speed)"), a USB disk, tablet, keyboard or mouse starts. Other
 * kinds, and more devices than its 6 ports (a hub libvirt adds), are left to the xml layer.
 */
function ehciWithoutCompanionsMeetsFullSpeed(spec: DomainSpec): boolean {
  const usb = spec.controllers.filter((c) => c.type === 'usb');
  const lone = usb.some((c) => (c.model === 'ehci' || c.model === 'ich9-ehci1') && !usb.some((o) => o.index === c.index && isIch9Uhci(o.model)));
  if (!lone) return false;
  const devices = usbDevicesOf(spec).length;
  const highSpeed = spec.disks.filter((d) => d.bus === 'usb').length + spec.inputs.filter((i) => i.bus === 'usb' && i.type !== 'passthrough').length;
  return devices > highSpeed || devices > 6;
}

/** Why a file that the spec describes still cannot be judged on this host, or undefined. */
export function hostMisfit(parsed: ParsedUserXml, fit: HostFit): string | undefined {
  if (!fit.emulatorUsable) return `the file names emulator ${parsed.emulator}, which does not exist here (\`compare --adapt\` and \`corpus\` use the local one)`;
  if (parsed.domainType === 'kvm' && !fit.kvmUsable) return "domain type 'kvm', but KVM is not usable here (`compare` judges layer xml alone as qemu; `--adapt` fits the file for the started layers)";
  return undefined;
}

/**
 * A case result turned into a verdict. A mismatch a listed libvirt bug explains is a
 * known-issue; a refusal the model did not predict, over something the file carries and
 * the model leaves to libvirt (`uncovered`, see userXml/uncovered.ts), is unsupported.
 */
export function verdictOf(result: CaseResult, uncovered?: string): XmlVerdict {
  const base = { diff: result.diff, expected: result.expected, observed: result.observed, libvirtRejected: result.libvirtRejected, result };
  const rejection = result.libvirtRejected ? { rejection: result.observed } : {};
  if (result.outcome === 'unsupported') return { ...base, ...rejection, verdict: 'unsupported', reason: result.unsupportedReason };
  if (result.outcome === 'agree') return { ...base, ...rejection, verdict: 'agree', ...(result.libvirtRejected ? { predictedRejection: true } : {}), ...(result.predictedReason ? { otherReason: result.predictedReason } : {}) };
  const known = knownIssueOf(result);
  if (known) return { ...base, ...rejection, verdict: 'known-issue', layer: result.failed?.layer, knownIssue: known };
  if (uncovered) return { ...base, ...rejection, verdict: 'unsupported', diff: '', reason: `a refusal over ${uncovered}, which the model leaves to libvirt` };
  return { ...base, ...rejection, verdict: 'mismatch', layer: result.failed?.layer, ...(result.libvirtRejected ? { predictedRejection: false } : {}) };
}

/** For an unpredicted refusal of class other: the construct outside the model's coverage that libvirt refused over, if any. */
async function uncoveredCause(result: CaseResult): Promise<string | undefined> {
  // a refusal of a PCI class is always the model's to predict
  if (result.outcome !== 'mismatch' || !result.libvirtRejected || !result.observed.startsWith('rejected (other)')) return undefined;
  return uncoveredRefusal(result.inputXml, result.observed);
}

/** Refuses to touch a domain that already exists on a shared connection (define would overwrite it). */
async function existingDomain(name: string, ctx: CaseContext): Promise<string | undefined> {
  if (ctx.worker.root !== undefined) return undefined; // a private embedded root starts empty
  const r = await ctx.worker.virsh(['domstate', name]);
  return r.ok ? `a domain named '${name}' already exists on ${ctx.worker.uri}; virtprop will not overwrite it (rename the domain in the file)` : undefined;
}

/**
 * Judges one XML text (already read from a file) through ctx's layers. A file no spec
 * describes still goes to libvirt, for its acceptance and the model-free invariants
 * (unique addresses, existing buses, stable redefine) on layer xml only: its other
 * layers would fail on the very host resources that made it unsupported.
 */
export async function judgeXml(xml: string, ctx: CaseContext, fit: HostFit, parsedIn?: SpecFromXml): Promise<XmlVerdict> {
  const parsed = parsedIn ?? (await specFromXml(xml));
  const clash = parsed.name === undefined ? undefined : await existingDomain(parsed.name, ctx);
  if (clash) return { verdict: 'error', reason: clash, diff: '', expected: '', observed: '', libvirtRejected: false };
  if ('unsupported' in parsed && parsed.name === undefined) return { verdict: 'unsupported', reason: parsed.unsupported, diff: '', expected: '', observed: '', libvirtRejected: false };
  const misfit = 'unsupported' in parsed ? undefined : hostMisfit(parsed, fit);
  if (misfit) return { verdict: 'unsupported', reason: misfit, diff: '', expected: '', observed: '', libvirtRejected: false };
  const input = 'unsupported' in parsed
    ? { spec: { unsupported: parsed.unsupported }, inputXml: xml, name: parsed.name!, ignoreDevice: ignoredDevice }
    : { spec: parsed.spec, inputXml: xml, name: parsed.name, ignoreDevice: ignoredDevice };
  const unstartable = 'unsupported' in parsed ? undefined : (parsed.passedOver ?? whyUnstartable(parsed.spec, fit));
  const layerCtx = 'unsupported' in parsed || unstartable ? { ...ctx, layers: ctx.layers.filter((l) => l === 'xml') } : ctx;
  try {
    const result = await ctx.worker.withRetry(() => judgeCase(input, layerCtx));
    // a spec without the file's unplaceable elements speaks only of the machine's refusal
    if (!('unsupported' in parsed) && parsed.passedOver !== undefined && result.outcome === 'unsupported') return verdictOf({ ...result, unsupportedReason: parsed.passedOver });
    const skipped = ctx.layers.filter((l) => l !== 'xml');
    // the layers left out are reported, not passed: an agreement on xml alone is "unsupported" for them
    if (unstartable && skipped.length > 0 && result.outcome === 'agree' && !result.libvirtRejected) {
      return verdictOf({ ...result, outcome: 'unsupported', unsupportedReason: `${skipped.join(', ')}: ${unstartable}` });
    }
    return verdictOf(result, await uncoveredCause(result));
  } catch (err) {
    return { verdict: 'error', reason: err instanceof Error ? err.message : String(err), diff: '', expected: '', observed: '', libvirtRejected: false };
  }
}
