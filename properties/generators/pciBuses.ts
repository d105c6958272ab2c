// The controllers a spec declares, with the index libvirt will give each one: an explicit
// index stays, an unindexed controller takes the lowest index of its type not yet used,
// in document order (measured with libvirt 9.0: a bridge listed before `pci-root
// index=0` still gets index 1).

import type { ControllerSpec, ControllerType, DomainSpec } from '../../types/domain.js';

/** A declared PCI controller and the index it ends up with. */
export interface DeclaredPciBus {
  index: number;
  model: string | undefined;
  controller: ControllerSpec;
}

/** The declared controllers of one type with their effective indexes, in document order. */
export function declaredControllers(spec: DomainSpec, type: ControllerType): DeclaredPciBus[] {
  const ofType = spec.controllers.filter((c) => c.type === type);
  const used = new Set(ofType.flatMap((c) => (c.index === undefined ? [] : [c.index])));
  let lowest = 0;
  return ofType.map((controller) => {
    if (controller.index !== undefined) return { index: controller.index, model: controller.model, controller };
    while (used.has(lowest)) lowest++;
    used.add(lowest);
    return { index: lowest, model: controller.model, controller };
  });
}

/** The declared PCI controllers of a spec with their effective indexes, in document order. */
export function declaredPciBuses(spec: DomainSpec): DeclaredPciBus[] {
  return declaredControllers(spec, 'pci');
}

/** Models whose bus has a single slot (0) for one endpoint. */
export const PORT_MODELS = new Set(['pcie-root-port', 'pcie-switch-downstream-port']);

/** Models whose bus has slots 1..31 for conventional PCI endpoints. */
export const BRIDGE_MODELS = new Set(['pci-bridge', 'pcie-to-pci-bridge', 'dmi-to-pci-bridge']);
