// The PCI controllers a spec declares, with the index libvirt will give each one: an
// explicit index stays, an unindexed controller takes the lowest index not yet used, in
// document order (measured with libvirt 9.0: a bridge listed before `pci-root index=0`
// still gets index 1).

import type { ControllerSpec, DomainSpec } from '../../types/domain.js';

/** A declared PCI controller and the index it ends up with. */
export interface DeclaredPciBus {
  index: number;
  model: string | undefined;
  controller: ControllerSpec;
}

/** The declared PCI controllers of a spec with their effective indexes, in document order. */
export function declaredPciBuses(spec: DomainSpec): DeclaredPciBus[] {
  const pci = spec.controllers.filter((c) => c.type === 'pci');
  const used = new Set(pci.flatMap((c) => (c.index === undefined ? [] : [c.index])));
  let lowest = 0;
  return pci.map((controller) => {
    if (controller.index !== undefined) return { index: controller.index, model: controller.model, controller };
    while (used.has(lowest)) lowest++;
    used.add(lowest);
    return { index: lowest, model: controller.model, controller };
  });
}

/** Models whose bus has a single slot (0) for one endpoint. */
export const PORT_MODELS = new Set(['pcie-root-port', 'pcie-switch-downstream-port']);

/** Models whose bus has slots 1..31 for conventional PCI endpoints. */
export const BRIDGE_MODELS = new Set(['pci-bridge', 'pcie-to-pci-bridge', 'dmi-to-pci-bridge']);
