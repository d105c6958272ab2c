// The model's entry points: predict libvirt 9.0's PCI assignment for a spec (or its refusal,
// or "unsupported" where the model's coverage ends), and classify a machine by what QEMU says.

import type { DomainSpec, MachineInfo, Prediction } from '../types/domain.js';
import { predictArmVirt } from './armVirt.js';
import { assignPciAddresses } from './assign.js';
import { buildDomainDef } from './buildDef.js';
import { OutsideCoverage, PredictedRejection } from './errors.js';
import { FAMILIES } from './families.js';
import { classifyMachine } from './machines.js';
import { toDomainState } from './toState.js';

export { classifyMachine } from './machines.js';

/** Predicts libvirt 9.0's PCI assignment for a spec, or its rejection, or says unsupported. */
export function predict(spec: DomainSpec, machines: MachineInfo[]): Prediction {
  const machine = classifyMachine(spec.machine, machines);
  if (machine === undefined) {
    return { kind: 'reject', errorClass: 'unknown-machine', detail: `QEMU does not list machine type '${spec.machine}'` };
  }
  if (machine.family === 'arm-virt') return predictArmVirt(spec, machine.canonical);
  const facts = FAMILIES[machine.family];
  if (facts === undefined) return { kind: 'unsupported', reason: `machine family ${machine.family}` };
  if (spec.arch !== 'x86_64') return { kind: 'unsupported', reason: `${machine.family} on ${spec.arch}` };
  try {
    const def = buildDomainDef(spec, facts, machine.canonical);
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
