// Facts about each PCI controller model: how it plugs in upstream (its connect flags as a
// device), what its bus offers downstream (flags and usable slots), the QEMU device libvirt
// names in <model name=>, and which <target> numbers libvirt fills in by default.

import type { PciControllerModel } from '../types/domain.js';
import { Connect } from './connectFlags.js';

/** Facts of one PCI controller model. */
export interface PciControllerFacts {
  /** Connect flags of the controller as a device on its parent bus (0 for the roots). */
  upstream: number;
  /** Connect flags its bus offers to children (hotplug added separately). */
  downstream: number;
  /** Whether the bus takes the hotplug flag when the controller allows hotplug. */
  hotplugCapable: boolean;
  minSlot: number;
  maxSlot: number;
  /** `<model name=>` libvirt writes for it, when it writes one. */
  modelName?: string;
  /** Default <target> numbers: root ports (chassis=index, port=slot*8+fn), downstream ports (port=slot), pci-bridge (chassisNr=index). */
  targetDefaults: 'root-port' | 'downstream-port' | 'pci-bridge' | 'none';
}

const ALL_SLOTS = 31;

/** The table itself, keyed by libvirt's model attribute. */
export const PCI_CONTROLLER_FACTS: Record<PciControllerModel, PciControllerFacts> = {
  'pci-root': {
    upstream: 0,
    downstream: Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE | Connect.PCI_EXPANDER_BUS,
    hotplugCapable: true,
    minSlot: 1,
    maxSlot: ALL_SLOTS,
    targetDefaults: 'none',
  },
  'pcie-root': {
    upstream: 0,
    // no AUTOASSIGN: endpoints land on pcie.0 only when the user (or a chipset rule) puts them there
    downstream: Connect.PCIE_DEVICE | Connect.PCIE_ROOT_PORT | Connect.DMI_TO_PCI_BRIDGE | Connect.PCIE_EXPANDER_BUS,
    hotplugCapable: false,
    minSlot: 1,
    maxSlot: ALL_SLOTS,
    targetDefaults: 'none',
  },
  'pci-bridge': {
    upstream: Connect.PCI_BRIDGE,
    downstream: Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE,
    hotplugCapable: true,
    minSlot: 1,
    maxSlot: ALL_SLOTS,
    modelName: 'pci-bridge',
    targetDefaults: 'pci-bridge',
  },
  'dmi-to-pci-bridge': {
    upstream: Connect.DMI_TO_PCI_BRIDGE,
    // not hot-pluggable and no automatic placement of endpoints: libvirt hangs a pci-bridge under it
    downstream: Connect.PCI_DEVICE | Connect.PCI_BRIDGE,
    hotplugCapable: false,
    minSlot: 0,
    maxSlot: ALL_SLOTS,
    modelName: 'i82801b11-bridge',
    targetDefaults: 'none',
  },
  'pcie-to-pci-bridge': {
    upstream: Connect.PCIE_TO_PCI_BRIDGE,
    downstream: Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE,
    hotplugCapable: true,
    // slot 0 belongs to the bridge's SHPC
    minSlot: 1,
    maxSlot: ALL_SLOTS,
    modelName: 'pcie-pci-bridge',
    targetDefaults: 'none',
  },
  'pcie-root-port': {
    upstream: Connect.PCIE_ROOT_PORT | Connect.AGGREGATE_SLOT,
    downstream: Connect.AUTOASSIGN | Connect.PCIE_DEVICE | Connect.PCIE_SWITCH_UPSTREAM_PORT | Connect.PCIE_TO_PCI_BRIDGE,
    hotplugCapable: true,
    minSlot: 0,
    maxSlot: 0,
    modelName: 'pcie-root-port',
    targetDefaults: 'root-port',
  },
  'pcie-switch-upstream-port': {
    upstream: Connect.PCIE_SWITCH_UPSTREAM_PORT,
    downstream: Connect.PCIE_SWITCH_DOWNSTREAM_PORT,
    hotplugCapable: false,
    minSlot: 0,
    maxSlot: ALL_SLOTS,
    modelName: 'x3130-upstream',
    targetDefaults: 'none',
  },
  'pcie-switch-downstream-port': {
    upstream: Connect.PCIE_SWITCH_DOWNSTREAM_PORT,
    downstream: Connect.AUTOASSIGN | Connect.PCIE_DEVICE | Connect.PCIE_SWITCH_UPSTREAM_PORT | Connect.PCIE_TO_PCI_BRIDGE,
    hotplugCapable: true,
    minSlot: 0,
    maxSlot: 0,
    modelName: 'xio3130-downstream',
    targetDefaults: 'downstream-port',
  },
  'pci-expander-bus': {
    upstream: Connect.PCI_EXPANDER_BUS,
    downstream: Connect.AUTOASSIGN | Connect.PCI_DEVICE | Connect.PCI_BRIDGE,
    hotplugCapable: true,
    minSlot: 0,
    maxSlot: ALL_SLOTS,
    modelName: 'pxb',
    targetDefaults: 'none',
  },
  'pcie-expander-bus': {
    upstream: Connect.PCIE_EXPANDER_BUS,
    downstream: Connect.PCIE_ROOT_PORT | Connect.DMI_TO_PCI_BRIDGE,
    hotplugCapable: false,
    minSlot: 0,
    maxSlot: ALL_SLOTS,
    modelName: 'pxb-pcie',
    targetDefaults: 'none',
  },
};

/** True when `model` is one of libvirt's PCI controller models. */
export function isPciControllerModel(model: string): model is PciControllerModel {
  return Object.prototype.hasOwnProperty.call(PCI_CONTROLLER_FACTS, model);
}
