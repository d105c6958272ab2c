// Shapes of what QEMU is told (argv) and what QEMU built (its device tree).

/** One PCI-relevant `-device` of the QEMU command line, as libvirt generated it. */
export interface ArgvDevice {
  driver: string;
  id?: string;
  bus?: string;
  /** Normalised "SS.F" in lower-case hex, e.g. "02.0", "1f.2". */
  addr?: string;
  multifunction?: boolean;
  port?: number;
  chassis?: number;
  /** bus_nr of expander buses. */
  busNr?: number;
  /** A port's hotplug property, written only when the XML switches it. */
  hotplug?: boolean;
}

/** One PCI device in QEMU's live device tree (`info qtree`). */
export interface QemuPciDevice {
  driver: string;
  id?: string;
  /** id of the bus the device sits on, e.g. "pcie.0", "pci.3". */
  parentBus: string;
  /** "SS.F" in lower-case hex. */
  addr: string;
  /** ids of buses this device provides (bridges and ports). */
  childBuses: string[];
}
