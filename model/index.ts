// The model's entry points: predict libvirt 9.0's PCI assignment for a spec (or its refusal,
// or "unsupported" where the model's coverage ends), and classify a machine by what QEMU says.
//
// Map of the model, in libvirt's terms:
//   machines.ts       machine → canonical name and family, from QEMU's descriptions
//   families.ts       per-family facts (root bus, implicit controllers, default models)
//   connectFlags.ts   VIR_PCI_CONNECT_* bits
//   pciControllers.ts per PCI controller model: upstream flags, downstream bus, model name, targets
//   deviceFlags.ts    qemuDomainDeviceCalculatePCIConnectFlags
//   domainDef.ts      the working definition (controllers, devices, infos) and its helpers
//   buildDef.ts       parse + post-parse: indexes, implicit devices, checks, deferred refusals
//   addressSet.ts     virDomainPCIAddressSet: reserve, next free slot, grow (dry run)
//   chipsetSlots.ts   qemuDomainValidateDevicePCISlotsPIIX3 / ...Q35
//   assign.ts         qemuDomainAssignPCIAddresses: dry run, auto-added controllers, real pass
//   toState.ts        the result in the shared DomainState shape
//   userAliases.ts    which `<alias name='ua-…'/>` libvirt keeps

import type { BuildProfile, DomainSpec, Prediction } from '../types/domain.js';
import { PHASE, type DomainDef } from './domainDef.js';
import { releaseFacts, type ReleaseFacts } from './releases.js';
import { checkArmVirtCoverage, primeVirtioMmio, withoutMmioAddresses } from './armVirt.js';
import { assignPciAddresses } from './assign.js';
import { buildDomainDef, defer } from './buildDef.js';
import { OutsideCoverage, PredictedRejection, SlotOrderUnknown } from './errors.js';
import { checkAtParse } from './parseChecks.js';
import { checkNameBasedChecks, unknownMachine } from './unknownMachine.js';
import { FAMILIES, noPciFamily, type FamilyFacts } from './families.js';
import { isBoardWithoutPci, predictBoard } from './boards.js';
import { classifyMachine } from './machines.js';
import { toDomainState } from './toState.js';

export { classifyMachine, defaultMachine } from './machines.js';

/** The largest PCI controller index libvirt takes. */
const MAX_PCI_INDEX = 255;

/** The definition after post-parse and PCI assignment (refusals of those phases are thrown, later ones deferred). */
function assignedDef(spec: DomainSpec, facts: FamilyFacts, canonical: string, release: ReleaseFacts): DomainDef {
  if (facts.family === 'arm-virt') checkArmVirtCoverage(spec);
  const mmio = facts.virtioMmio ? withoutMmioAddresses(spec) : { spec, hadMmio: false };
  const def = buildDomainDef(mmio.spec, facts, canonical, release, mmio.hadMmio);
  if (mmio.hadMmio) primeVirtioMmio(def);
  assignPciAddresses(def);
  // an address on bus 255 makes libvirt add bridges past the last index it takes (an independent generator's file, 9.0 and 12.8)
  const tooHigh = def.controllers.find((c) => c.type === 'pci' && c.index > MAX_PCI_INDEX);
  if (tooHigh) defer(def.deferred, 'other', `PCI controller index ${tooHigh.index} too high, maximum is ${MAX_PCI_INDEX}`, PHASE.controllerValidation);
  return def;
}

/**
 * The family libvirt itself takes a machine QEMU does not list for, by its name as libvirt's
 * own tests do (qemuDomainIsQ35, qemuDomainIsI440FX, qemuDomainIsARMVirt): its post-parse and
 * address assignment run by those rules before the machine is looked up.
 */
function familyByName(spec: DomainSpec): FamilyFacts | undefined {
  if (spec.arch === 'aarch64') return /^virt(-|$)/.test(spec.machine) ? FAMILIES['arm-virt'] : undefined;
  if (/^(pc-q35-|q35$)/.test(spec.machine)) return FAMILIES.q35;
  return /^(pc-i440fx-|pc-0\.|pc-1\.|pc$)/.test(spec.machine) ? FAMILIES.i440fx : undefined;
}

/**
 * A machine QEMU does not list, of a family by its name: libvirt runs post-parse and address
 * assignment by that family's rules and looks the machine up only when it validates (observed
 * on 12.8, whose QEMU dropped virt-4.0 and virt-5.0: a wrong PCI root, a device on the wrong
 * controller, USB devices without USB are reported instead). Where the family's model does
 * not reach, whether such a refusal comes first cannot be told: unsupported; where it lacks
 * only the order of some slots, the checks observed before the lookup on 9.0 (unknownMachine)
 * still hold.
 */
function unknownMachineOfFamily(spec: DomainSpec, facts: FamilyFacts, release: ReleaseFacts): Prediction {
  checkNameBasedChecks(spec);
  let def: DomainDef;
  try {
    def = assignedDef(spec, facts, spec.machine, release);
  } catch (e) {
    if (e instanceof SlotOrderUnknown) return unknownMachine(spec);
    if (e instanceof OutsideCoverage) return { kind: 'unsupported', reason: `machine '${spec.machine}' is unknown to QEMU, and whether libvirt refuses something first is beyond the model: ${e.message}` };
    throw e;
  }
  const early = def.deferred.find((d) => (d.phase ?? PHASE.deviceValidation) < PHASE.domainValidation);
  if (early !== undefined) return { kind: 'reject', errorClass: early.errorClass, detail: early.detail };
  return { kind: 'reject', errorClass: 'unknown-machine', detail: `QEMU does not list machine type '${spec.machine}'` };
}

/** Predicts the build's PCI assignment for a spec, or its rejection, or says unsupported. */
export function predict(spec: DomainSpec, profile: BuildProfile): Prediction {
  const release = releaseFacts(profile);
  try {
    // the parser's refusals come before libvirt even looks the machine up
    checkAtParse(spec, release);
    const machine = classifyMachine(spec.machine, profile.machines);
    if (machine === undefined) {
      const family = familyByName(spec);
      return family === undefined ? unknownMachine(spec) : unknownMachineOfFamily(spec, family, release);
    }
    if (isBoardWithoutPci(machine.canonical)) return predictBoard(spec, machine.canonical);
    const facts = machine.noPci ? noPciFamily(machine.noPci, release) : FAMILIES[machine.family];
    if (facts === undefined) return { kind: 'unsupported', reason: `machine family ${machine.family}` };
    if (spec.arch !== facts.arch) return { kind: 'unsupported', reason: `${machine.family} on ${spec.arch}` };
    const def = assignedDef(spec, facts, machine.canonical, release);
    const late = def.deferred[0];
    if (late !== undefined) return { kind: 'reject', errorClass: late.errorClass, detail: late.detail };
    return { kind: 'ok', state: toDomainState(def) };
  } catch (e) {
    if (e instanceof PredictedRejection) return { kind: 'reject', errorClass: e.errorClass, detail: e.message };
    if (e instanceof OutsideCoverage) return { kind: 'unsupported', reason: e.message };
    throw e;
  }
}
