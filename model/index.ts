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
import { releaseFacts } from './releases.js';
import { checkArmVirtCoverage, primeVirtioMmio, withoutMmioAddresses } from './armVirt.js';
import { assignPciAddresses } from './assign.js';
import { buildDomainDef } from './buildDef.js';
import { OutsideCoverage, PredictedRejection } from './errors.js';
import { checkAtParse } from './parseChecks.js';
import { unknownMachine } from './unknownMachine.js';
import { FAMILIES, noPciFamily } from './families.js';
import { classifyMachine } from './machines.js';
import { toDomainState } from './toState.js';
import { checkUserAliasesUnique } from './userAliases.js';

export { classifyMachine, defaultMachine } from './machines.js';

/** Predicts the build's PCI assignment for a spec, or its rejection, or says unsupported. */
export function predict(spec: DomainSpec, profile: BuildProfile): Prediction {
  const release = releaseFacts(profile);
  try {
    checkUserAliasesUnique(spec);
    // the parser's refusals come before libvirt even looks the machine up
    checkAtParse(spec, release);
    const machine = classifyMachine(spec.machine, profile.machines);
    if (machine === undefined) return unknownMachine(spec);
    const facts = machine.noPci ? noPciFamily(machine.noPci, release) : FAMILIES[machine.family];
    if (facts === undefined) return { kind: 'unsupported', reason: `machine family ${machine.family}` };
    if (spec.arch !== facts.arch) return { kind: 'unsupported', reason: `${machine.family} on ${spec.arch}` };
    if (facts.family === 'arm-virt') checkArmVirtCoverage(spec);
    // post-parse, once the machine is known, before any device is looked at
    if (spec.bootOrderWithOsBoot) return { kind: 'reject', errorClass: 'other', detail: 'per-device boot elements cannot be used together with os/boot elements' };
    const mmio = facts.virtioMmio ? withoutMmioAddresses(spec) : { spec, hadMmio: false };
    const def = buildDomainDef(mmio.spec, facts, machine.canonical, release);
    if (mmio.hadMmio) primeVirtioMmio(def);
    assignPciAddresses(def);
    const late = def.deferred[0];
    if (late !== undefined) return { kind: 'reject', errorClass: late.errorClass, detail: late.detail };
    return { kind: 'ok', state: toDomainState(def) };
  } catch (e) {
    if (e instanceof PredictedRejection) return { kind: 'reject', errorClass: e.errorClass, detail: e.message };
    if (e instanceof OutsideCoverage) return { kind: 'unsupported', reason: e.message };
    throw e;
  }
}
