// PCI connect flags in libvirt's sense (domain_addr.h): what kind of connection a device
// needs upstream, and what kinds a bus offers downstream. A device fits a bus when they
// share at least one connection type and the bus honours the device's other demands.

/** Bits of a connect-flag set, named after libvirt's VIR_PCI_CONNECT_* values. */
export const Connect = {
  HOTPLUGGABLE: 1 << 0,
  /** Set on a device: it may be placed automatically. Set on a bus: it accepts automatic placement. */
  AUTOASSIGN: 1 << 1,
  INTEGRATED: 1 << 2,
  /** Several such devices may share one slot as separate functions (pcie-root-port). */
  AGGREGATE_SLOT: 1 << 3,
  PCI_DEVICE: 1 << 4,
  PCIE_DEVICE: 1 << 5,
  PCIE_ROOT_PORT: 1 << 6,
  PCIE_SWITCH_UPSTREAM_PORT: 1 << 7,
  PCIE_SWITCH_DOWNSTREAM_PORT: 1 << 8,
  DMI_TO_PCI_BRIDGE: 1 << 9,
  PCIE_EXPANDER_BUS: 1 << 10,
  PCI_EXPANDER_BUS: 1 << 11,
  PCI_BRIDGE: 1 << 12,
  PCIE_TO_PCI_BRIDGE: 1 << 13,
} as const;

/** Every connection-type bit (the part two flag sets must share). */
export const CONNECT_TYPES_MASK =
  Connect.PCI_DEVICE |
  Connect.PCIE_DEVICE |
  Connect.PCIE_ROOT_PORT |
  Connect.PCIE_SWITCH_UPSTREAM_PORT |
  Connect.PCIE_SWITCH_DOWNSTREAM_PORT |
  Connect.DMI_TO_PCI_BRIDGE |
  Connect.PCIE_EXPANDER_BUS |
  Connect.PCI_EXPANDER_BUS |
  Connect.PCI_BRIDGE |
  Connect.PCIE_TO_PCI_BRIDGE;

/** Endpoint types: a user-given address may put a PCI device on a PCIe slot and vice versa. */
export const CONNECT_TYPES_ENDPOINT = Connect.PCI_DEVICE | Connect.PCIE_DEVICE;

/** Flags of a conventional PCI endpoint that libvirt may place itself. */
export const PCI_ENDPOINT = Connect.PCI_DEVICE | Connect.AUTOASSIGN;

/** Flags of a PCI Express endpoint that libvirt may place itself. */
export const PCIE_ENDPOINT = Connect.PCIE_DEVICE | Connect.AUTOASSIGN;
