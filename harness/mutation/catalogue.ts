// The mutants of `virtprop mutate`: small, plausible mistakes in libvirt 9.0's PCI
// address assignment (src/conf/domain_addr.c, src/qemu/qemu_domain_address.c) and in the
// PCI parts of its QEMU command line (src/qemu/qemu_command.c), each written as a
// search/replace against Debian's source package 9.0.0-4+deb12u2 (Debian's patches
// applied). `find` is the least text that pins the change to one place (it must occur
// exactly once in the file); `line` is the line of the first changed line in that file.
// A mutant that cannot change anything a guest or QEMU sees says why in `equivalent`.
// The descriptions are ours; the quoted text is only what a patch needs to match.

/** The files mutants change, relative to the top of the libvirt tree. */
export const MUTATED_FILES = ['src/conf/domain_addr.c', 'src/qemu/qemu_domain_address.c', 'src/qemu/qemu_command.c'] as const;
export type MutatedFile = (typeof MUTATED_FILES)[number];

/** The Debian source package the catalogue is written against. */
export const CATALOGUE_SOURCE = { package: 'libvirt', version: '9.0.0-4+deb12u2', suite: 'bookworm' } as const;

export interface Mutant {
  /** Short stable name: file prefix (da, qda, qc) and what changes. */
  id: string;
  file: MutatedFile;
  /** Line of the first changed line in the Debian source. */
  line: number;
  /** What the careless change does, in libvirt's terms. */
  description: string;
  /** Text replaced (exactly once in the file) … */
  find: string;
  /** … by this. */
  replace: string;
  /** Set when the change cannot be observed: why. Such a mutant is not built or run. */
  equivalent?: string;
}

const DA: MutatedFile = 'src/conf/domain_addr.c';
const QDA: MutatedFile = 'src/qemu/qemu_domain_address.c';
const QC: MutatedFile = 'src/qemu/qemu_command.c';

export const MUTANTS: readonly Mutant[] = [
  // ---- src/conf/domain_addr.c: bus models, flags, the slot search, growing the topology
  {
    id: 'da-bridge-last-slot',
    file: DA,
    line: 507,
    description: 'pci-bridge offers slots 1-30 instead of 1-31 (slot range off by one)',
    find: '                      VIR_PCI_CONNECT_TYPE_PCI_BRIDGE |\n                      hotplugFlag);\n        bus->minSlot = 1;\n        bus->maxSlot = VIR_PCI_ADDRESS_SLOT_LAST;\n        break;\n    case VIR_DOMAIN_CONTROLLER_MODEL_PCI_EXPANDER_BUS:\n        bus->flags',
    replace: '                      VIR_PCI_CONNECT_TYPE_PCI_BRIDGE |\n                      hotplugFlag);\n        bus->minSlot = 1;\n        bus->maxSlot = VIR_PCI_ADDRESS_SLOT_LAST - 1;\n        break;\n    case VIR_DOMAIN_CONTROLLER_MODEL_PCI_EXPANDER_BUS:\n        bus->flags',
  },
  {
    id: 'da-bridge-slot-zero',
    file: DA,
    line: 506,
    description: "pci-bridge's slot 0 (taken by its SHPC) is offered to devices",
    find: '                      VIR_PCI_CONNECT_TYPE_PCI_BRIDGE |\n                      hotplugFlag);\n        bus->minSlot = 1;\n        bus->maxSlot = VIR_PCI_ADDRESS_SLOT_LAST;\n        break;\n    case VIR_DOMAIN_CONTROLLER_MODEL_PCI_EXPANDER_BUS:',
    replace: '                      VIR_PCI_CONNECT_TYPE_PCI_BRIDGE |\n                      hotplugFlag);\n        bus->minSlot = 0;\n        bus->maxSlot = VIR_PCI_ADDRESS_SLOT_LAST;\n        break;\n    case VIR_DOMAIN_CONTROLLER_MODEL_PCI_EXPANDER_BUS:',
  },
  {
    id: 'da-pci-root-slot-zero',
    file: DA,
    line: 498,
    description: "pci-root's slot 0 (the host bridge) is offered to devices",
    find: '                      VIR_PCI_CONNECT_TYPE_PCI_EXPANDER_BUS |\n                      hotplugFlag);\n        bus->minSlot = 1;',
    replace: '                      VIR_PCI_CONNECT_TYPE_PCI_EXPANDER_BUS |\n                      hotplugFlag);\n        bus->minSlot = 0;',
  },
  {
    id: 'da-pcie-to-pci-bridge-slot-zero',
    file: DA,
    line: 546,
    description: "pcie-to-pci-bridge's slot 0 (its SHPC) is offered to devices",
    find: '         * the first of which is not usable because of the SHPC */\n        bus->flags = (VIR_PCI_CONNECT_AUTOASSIGN |\n                      VIR_PCI_CONNECT_TYPE_PCI_DEVICE |\n                      VIR_PCI_CONNECT_TYPE_PCI_BRIDGE |\n                      hotplugFlag);\n        bus->minSlot = 1;',
    replace: '         * the first of which is not usable because of the SHPC */\n        bus->flags = (VIR_PCI_CONNECT_AUTOASSIGN |\n                      VIR_PCI_CONNECT_TYPE_PCI_DEVICE |\n                      VIR_PCI_CONNECT_TYPE_PCI_BRIDGE |\n                      hotplugFlag);\n        bus->minSlot = 0;',
  },
  {
    id: 'da-dmi-bridge-autoassign',
    file: DA,
    line: 534,
    description: 'dmi-to-pci-bridge accepts auto-assigned devices (it must only take devices the user placed there)',
    find: '         * but *not* hot-pluggable */\n        bus->flags = (VIR_PCI_CONNECT_TYPE_PCI_DEVICE |',
    replace: '         * but *not* hot-pluggable */\n        bus->flags = (VIR_PCI_CONNECT_AUTOASSIGN | VIR_PCI_CONNECT_TYPE_PCI_DEVICE |',
  },
  {
    id: 'da-root-port-no-upstream-port',
    file: DA,
    line: 556,
    description: 'pcie-root-port no longer accepts a pcie-switch-upstream-port (connect flag dropped)',
    find: '                      VIR_PCI_CONNECT_TYPE_PCIE_DEVICE |\n                      VIR_PCI_CONNECT_TYPE_PCIE_SWITCH_UPSTREAM_PORT |\n                      VIR_PCI_CONNECT_TYPE_PCIE_TO_PCI_BRIDGE |',
    replace: '                      VIR_PCI_CONNECT_TYPE_PCIE_DEVICE |\n                      VIR_PCI_CONNECT_TYPE_PCIE_TO_PCI_BRIDGE |',
  },
  {
    id: 'da-root-port-no-hotplug',
    file: DA,
    line: 557,
    description: 'pcie-root-port and downstream ports lose their hotplug flag',
    find: '                      VIR_PCI_CONNECT_TYPE_PCIE_TO_PCI_BRIDGE |\n                      hotplugFlag);\n        bus->minSlot = 0;\n        bus->maxSlot = 0;',
    replace: '                      VIR_PCI_CONNECT_TYPE_PCIE_TO_PCI_BRIDGE);\n        bus->minSlot = 0;\n        bus->maxSlot = 0;',
  },
  {
    id: 'da-autoassign-test-flipped',
    file: DA,
    line: 338,
    description: 'the auto-assignment test is inverted: auto-assigned devices go only to buses that do not allow auto-assignment',
    find: '    } else if ((devFlags & VIR_PCI_CONNECT_AUTOASSIGN) &&\n               !(busFlags & VIR_PCI_CONNECT_AUTOASSIGN)) {',
    replace: '    } else if ((devFlags & VIR_PCI_CONNECT_AUTOASSIGN) &&\n               (busFlags & VIR_PCI_CONNECT_AUTOASSIGN)) {',
  },
  {
    id: 'da-config-endpoint-strict',
    file: DA,
    line: 330,
    description: 'a user-given address no longer lets a PCI device sit in a PCIe slot or the other way round',
    find: '        if (busFlags & VIR_PCI_CONNECT_TYPES_ENDPOINT)\n            busFlags |= VIR_PCI_CONNECT_TYPES_ENDPOINT;',
    replace: '        if (busFlags & VIR_PCI_CONNECT_TYPES_ENDPOINT)\n            busFlags |= 0;',
  },
  {
    id: 'da-validate-slot-off-by-one',
    file: DA,
    line: 462,
    description: "address validation refuses a bus's last slot (> written as >=)",
    find: '    if (addr->slot > bus->maxSlot) {',
    replace: '    if (addr->slot >= bus->maxSlot) {',
  },
  {
    id: 'da-double-use-unchecked',
    file: DA,
    line: 836,
    description: 'reserving a function already in use is no longer refused (double use of a PCI address accepted)',
    find: '    if (bus->slot[addr->slot].functions & (1 << addr->function)) {\n        virReportError(errType,',
    replace: '    if (0 && bus->slot[addr->slot].functions & (1 << addr->function)) {\n        virReportError(errType,',
  },
  {
    id: 'da-aggregate-never-set',
    file: DA,
    line: 848,
    description: 'a slot is never marked as aggregating, so pcie-root-ports are no longer packed eight to a slot',
    find: '        bus->slot[addr->slot].aggregate = true;',
    replace: '        bus->slot[addr->slot].aggregate = false;',
  },
  {
    id: 'da-aggregate-seven-functions',
    file: DA,
    line: 1063,
    description: 'the search for a free function in an aggregating slot stops at function 6 (< 8 written as < 7)',
    find: '                    while (searchAddr->function < 8) {',
    replace: '                    while (searchAddr->function < 7) {',
  },
  {
    id: 'da-grow-prefers-dmi-bridge',
    file: DA,
    line: 673,
    description: 'a PCIe guest that needs a legacy PCI slot gets dmi-to-pci-bridge + pci-bridge although pcie-to-pci-bridge is available (preference inverted)',
    find: '            if (addrs->isPCIeToPCIBridgeSupported)\n                needDMIToPCIBridge = false;',
    replace: '            if (!addrs->isPCIeToPCIBridgeSupported)\n                needDMIToPCIBridge = false;',
  },
  {
    id: 'da-grow-pcie-gets-bridge',
    file: DA,
    line: 699,
    description: 'a PCIe device that needs a new bus gets a pci-bridge instead of a pcie-root-port (wrong model for the added controller)',
    find: '                        VIR_PCI_CONNECT_TYPE_PCIE_SWITCH_UPSTREAM_PORT)) {\n        model = VIR_DOMAIN_CONTROLLER_MODEL_PCIE_ROOT_PORT;',
    replace: '                        VIR_PCI_CONNECT_TYPE_PCIE_SWITCH_UPSTREAM_PORT)) {\n        model = VIR_DOMAIN_CONTROLLER_MODEL_PCI_BRIDGE;',
  },
  {
    id: 'da-grow-root-port-unrestricted',
    file: DA,
    line: 774,
    description: 'the root port added to hold a new pcie-to-pci-bridge is not reserved for it (its connect flags are left open)',
    find: '        addrs->buses[i].flags = VIR_PCI_CONNECT_TYPE_PCIE_TO_PCI_BRIDGE;\n',
    replace: '',
  },
  {
    id: 'da-multi-iter-no-early-stop',
    file: DA,
    line: 1248,
    description: 'marking function 0 of a multi-function slot keeps iterating after it found the device',
    find: '        return -1; /* finish early, *NOT* an error */',
    replace: '        return 0;',
    equivalent: 'validation already guarantees that at most one device holds function 0 of a slot, so the iteration finds nothing more to change',
  },
  // ---- src/qemu/qemu_domain_address.c: chipset slots, assignment order, spare ports, controller options
  {
    id: 'qda-default-bus-bridge-on-pcie',
    file: QDA,
    line: 1720,
    description: 'buses libvirt adds to a pcie-root guest default to pci-bridge instead of pcie-root-port (wrong default controller model)',
    find: '    } else if (hasPCIeRoot) {\n        defaultModel = VIR_DOMAIN_CONTROLLER_MODEL_PCIE_ROOT_PORT;',
    replace: '    } else if (hasPCIeRoot) {\n        defaultModel = VIR_DOMAIN_CONTROLLER_MODEL_PCI_BRIDGE;',
  },
  {
    id: 'qda-piix3-video-slot',
    file: QDA,
    line: 1839,
    description: "pc's primary video goes to slot 3 instead of slot 2",
    find: '            memset(&tmp_addr, 0, sizeof(tmp_addr));\n            tmp_addr.slot = 2;',
    replace: '            memset(&tmp_addr, 0, sizeof(tmp_addr));\n            tmp_addr.slot = 3;',
  },
  {
    id: 'qda-piix3-bridge-fn3-unreserved',
    file: QDA,
    line: 1821,
    description: "pc's PIIX3 function 00:01.3 (ACPI/PM) is not reserved (skipped reservation)",
    find: '        /* Bridge at 00:01.3 */\n        tmp_addr.function = 3;\n        if (virDomainPCIAddressReserveAddr(addrs, &tmp_addr, flags, 0) < 0)',
    replace: '        /* Bridge at 00:01.3 */\n        tmp_addr.function = 3;\n        if (0 && virDomainPCIAddressReserveAddr(addrs, &tmp_addr, flags, 0) < 0)',
  },
  {
    id: 'qda-q35-video-slot',
    file: QDA,
    line: 1993,
    description: "q35's primary video goes to slot 2 instead of slot 1",
    find: '        if (virDeviceInfoPCIAddressIsWanted(&primaryVideo->info)) {\n            memset(&tmp_addr, 0, sizeof(tmp_addr));\n            tmp_addr.slot = 1;',
    replace: '        if (virDeviceInfoPCIAddressIsWanted(&primaryVideo->info)) {\n            memset(&tmp_addr, 0, sizeof(tmp_addr));\n            tmp_addr.slot = 2;',
  },
  {
    id: 'qda-q35-usb2-slot-order',
    file: QDA,
    line: 1915,
    description: "q35's first ICH9 USB2 controller set goes to 00:1A before 00:1D (the two preferred slots tried in the wrong order)",
    find: '                tmp_addr.slot = 0x1D;\n                if (!virDomainPCIAddressSlotInUse(addrs, &tmp_addr)) {\n                    assign = true;\n                } else {\n                    tmp_addr.slot = 0x1A;',
    replace: '                tmp_addr.slot = 0x1A;\n                if (!virDomainPCIAddressSlotInUse(addrs, &tmp_addr)) {\n                    assign = true;\n                } else {\n                    tmp_addr.slot = 0x1D;',
  },
  {
    id: 'qda-q35-smbus-unreserved',
    file: QDA,
    line: 1976,
    description: "q35's SMBus at 00:1F.3 is not reserved (skipped reservation)",
    find: '        tmp_addr.function = 3;\n        tmp_addr.multi = VIR_TRISTATE_SWITCH_ABSENT;\n        if (virDomainPCIAddressReserveAddr(addrs, &tmp_addr, flags, 0) < 0)',
    replace: '        tmp_addr.function = 3;\n        tmp_addr.multi = VIR_TRISTATE_SWITCH_ABSENT;\n        if (0 && virDomainPCIAddressReserveAddr(addrs, &tmp_addr, flags, 0) < 0)',
  },
  {
    id: 'qda-q35-ich9-sound-slot',
    file: QDA,
    line: 2016,
    description: "q35's ICH9 sound is given 00:1B only when that slot is taken (condition inverted)",
    find: '    tmp_addr.slot = 0x1B;\n    if (!virDomainPCIAddressSlotInUse(addrs, &tmp_addr)) {',
    replace: '    tmp_addr.slot = 0x1B;\n    if (virDomainPCIAddressSlotInUse(addrs, &tmp_addr)) {',
  },
  {
    id: 'qda-virtio-conventional-pci',
    file: QDA,
    line: 1103,
    description: 'virtio devices are treated as conventional PCI even where QEMU has transitional virtio (q35 puts them behind a pcie-to-pci-bridge)',
    find: '        data->virtioFlags = data->pcieFlags;',
    replace: '        data->virtioFlags = (VIR_PCI_CONNECT_TYPE_PCI_DEVICE | VIR_PCI_CONNECT_AUTOASSIGN);',
  },
  {
    id: 'qda-e1000e-conventional-pci',
    file: QDA,
    line: 754,
    description: 'an e1000e NIC gets conventional PCI connect flags instead of PCIe',
    find: '        if (net->model == VIR_DOMAIN_NET_MODEL_E1000E)\n            return pcieFlags;',
    replace: '        if (net->model == VIR_DOMAIN_NET_MODEL_E1000E)\n            return pciFlags;',
  },
  {
    id: 'qda-usb-xhci-conventional-pci',
    file: QDA,
    line: 624,
    description: 'XHCI USB controllers (qemu-xhci, nec-xhci) get conventional PCI connect flags instead of PCIe',
    find: '            case VIR_DOMAIN_CONTROLLER_MODEL_USB_QEMU_XHCI:\n                return pcieFlags;',
    replace: '            case VIR_DOMAIN_CONTROLLER_MODEL_USB_QEMU_XHCI:\n                return pciFlags;',
  },
  {
    id: 'qda-watchdog-model-flipped',
    file: QDA,
    line: 2330,
    description: 'the watchdog test is inverted: a PCI slot is reserved for every watchdog except the i6300esb',
    find: '        def->watchdog->model == VIR_DOMAIN_WATCHDOG_MODEL_I6300ESB &&',
    replace: '        def->watchdog->model != VIR_DOMAIN_WATCHDOG_MODEL_I6300ESB &&',
  },
  {
    id: 'qda-usb2-ehci-function',
    file: QDA,
    line: 2215,
    description: 'an ICH9 EHCI1 companion set puts the EHCI at function 6 instead of 7',
    find: '            case VIR_DOMAIN_CONTROLLER_MODEL_USB_ICH9_EHCI1:\n                addr.function = 7;',
    replace: '            case VIR_DOMAIN_CONTROLLER_MODEL_USB_ICH9_EHCI1:\n                addr.function = 6;',
  },
  {
    id: 'qda-usb2-uhci1-not-multifunction',
    file: QDA,
    line: 2220,
    description: 'the ICH9 UHCI1 controller at function 0 of a USB2 set is no longer marked multifunction',
    find: '            case VIR_DOMAIN_CONTROLLER_MODEL_USB_ICH9_UHCI1:\n                addr.function = 0;\n                addr.multi = VIR_TRISTATE_SWITCH_ON;',
    replace: '            case VIR_DOMAIN_CONTROLLER_MODEL_USB_ICH9_UHCI1:\n                addr.function = 0;\n                addr.multi = VIR_TRISTATE_SWITCH_ABSENT;',
  },
  {
    id: 'qda-pc-spare-slot-skipped',
    file: QDA,
    line: 2684,
    description: 'a pci-root guest no longer keeps one slot in reserve for a future pci-bridge (skipped reservation)',
    find: '            if (!buses_reserved &&\n                qemuDomainPCIAddressReserveNextAddr(addrs, &info) < 0)',
    replace: '            if (0 && !buses_reserved &&\n                qemuDomainPCIAddressReserveNextAddr(addrs, &info) < 0)',
  },
  {
    id: 'qda-spare-root-port-lost',
    file: QDA,
    line: 2709,
    description: 'a pcie-root guest no longer gets its spare, empty pcie-root-port for hotplug',
    find: '        if (max_idx <= 0 &&\n            addrs->nbuses > max_idx + 1 &&',
    replace: '        if (max_idx < 0 &&\n            addrs->nbuses > max_idx + 1 &&',
  },
  {
    id: 'qda-spare-root-port-always',
    file: QDA,
    line: 2710,
    description: 'a pcie-root guest gets a spare pcie-root-port even when libvirt added no bus for its devices (>= for >)',
    find: '        if (max_idx <= 0 &&\n            addrs->nbuses > max_idx + 1 &&',
    replace: '        if (max_idx <= 0 &&\n            addrs->nbuses >= max_idx + 1 &&',
  },
  {
    id: 'qda-bridge-chassis-nr',
    file: QDA,
    line: 2820,
    description: "a pci-bridge's default chassisNr is its index plus one",
    find: '                if (options->chassisNr == -1)\n                    options->chassisNr = cont->idx;',
    replace: '                if (options->chassisNr == -1)\n                    options->chassisNr = cont->idx + 1;',
  },
  {
    id: 'qda-root-port-port-formula',
    file: QDA,
    line: 2826,
    description: "a pcie-root-port's default port is (slot << 4) + function instead of (slot << 3) + function",
    find: '                   options->port = (addr->slot << 3) + addr->function;',
    replace: '                   options->port = (addr->slot << 4) + addr->function;',
  },
  {
    id: 'qda-root-port-chassis',
    file: QDA,
    line: 2824,
    description: "a pcie-root-port's default chassis is its slot instead of its index",
    find: '            case VIR_DOMAIN_CONTROLLER_MODEL_PCIE_ROOT_PORT:\n                if (options->chassis == -1)\n                   options->chassis = cont->idx;',
    replace: '            case VIR_DOMAIN_CONTROLLER_MODEL_PCIE_ROOT_PORT:\n                if (options->chassis == -1)\n                   options->chassis = addr->slot;',
  },
  {
    id: 'qda-downstream-port-port',
    file: QDA,
    line: 2832,
    description: "a pcie-switch-downstream-port's default port is its slot plus one",
    find: '                if (options->port == -1)\n                   options->port = addr->slot;',
    replace: '                if (options->port == -1)\n                   options->port = addr->slot + 1;',
  },
  {
    id: 'qda-root-port-model-name',
    file: QDA,
    line: 2459,
    description: 'pcie-root-port gets the ioh3420 model name although QEMU has the generic pcie-root-port (wrong default model name)',
    find: '        if (virQEMUCapsGet(qemuCaps, QEMU_CAPS_DEVICE_PCIE_ROOT_PORT))\n            *modelName = VIR_DOMAIN_CONTROLLER_PCI_MODEL_NAME_PCIE_ROOT_PORT;',
    replace: '        if (!virQEMUCapsGet(qemuCaps, QEMU_CAPS_DEVICE_PCIE_ROOT_PORT))\n            *modelName = VIR_DOMAIN_CONTROLLER_PCI_MODEL_NAME_PCIE_ROOT_PORT;',
  },
  // ---- src/qemu/qemu_command.c: how PCI placement is written on QEMU's command line
  {
    id: 'qc-pcie-root-bus-name',
    file: QC,
    line: 376,
    description: 'devices on pcie-root are written with bus=pci.0 instead of bus=pcie.0',
    find: '                    contAlias = "pcie.0";',
    replace: '                    contAlias = "pci.0";',
  },
  {
    id: 'qc-multifunction-dropped',
    file: QC,
    line: 559,
    description: "a device's multifunction=on is no longer written on the command line",
    find: '                                  "T:multifunction", info->addr.pci.multi,',
    replace: '                                  "T:multifunction", VIR_TRISTATE_SWITCH_ABSENT,',
  },
  {
    id: 'qc-function-one-dropped',
    file: QC,
    line: 552,
    description: 'a device at function 1 is written as addr=SLOT, i.e. at function 0 (function test off by one)',
    find: '        if (info->addr.pci.function != 0)\n            pciaddr = g_strdup_printf("0x%x.0x%x"',
    replace: '        if (info->addr.pci.function > 1)\n            pciaddr = g_strdup_printf("0x%x.0x%x"',
  },
  {
    id: 'qc-function-test-unsigned',
    file: QC,
    line: 552,
    description: 'the function test is written as > 0 instead of != 0',
    find: '        if (info->addr.pci.function != 0)\n            pciaddr = g_strdup_printf("0x%x.0x%x"',
    replace: '        if (info->addr.pci.function > 0)\n            pciaddr = g_strdup_printf("0x%x.0x%x"',
    equivalent: 'the PCI function is an unsigned field, so > 0 and != 0 are the same test',
  },
  {
    id: 'qc-bridge-chassis-nr-argv',
    file: QC,
    line: 2705,
    description: "a pci-bridge's chassis_nr on the command line is its configured chassisNr plus one",
    find: '                                  "i:chassis_nr", pciopts->chassisNr,',
    replace: '                                  "i:chassis_nr", pciopts->chassisNr + 1,',
  },
  {
    id: 'qc-root-port-port-chassis-swapped',
    file: QC,
    line: 2742,
    description: "a root or downstream port's port and chassis values are swapped on the command line",
    find: '                                  "i:port", pciopts->port,\n                                  "i:chassis", pciopts->chassis,',
    replace: '                                  "i:port", pciopts->chassis,\n                                  "i:chassis", pciopts->port,',
  },
  {
    id: 'qc-hotplug-off-dropped',
    file: QC,
    line: 2745,
    description: "a root or downstream port's hotplug='off' is no longer written on the command line",
    find: '                                  "T:hotplug", pciopts->hotplug,',
    replace: '                                  "T:hotplug", VIR_TRISTATE_SWITCH_ABSENT,',
  },
  {
    id: 'qc-second-sata-skipped',
    file: QC,
    line: 2965,
    description: "q35's second SATA controller is treated as implicit and left off the command line (index test off by one)",
    find: '    if (controller->type == VIR_DOMAIN_CONTROLLER_TYPE_SATA &&\n        controller->idx == 0 && qemuDomainIsQ35(def))',
    replace: '    if (controller->type == VIR_DOMAIN_CONTROLLER_TYPE_SATA &&\n        controller->idx <= 1 && qemuDomainIsQ35(def))',
  },
  {
    id: 'qc-controller-order',
    file: QC,
    line: 3086,
    description: 'USB controllers are put on the command line before the PCI controllers whose buses they may sit on (wrong bus order)',
    find: '        VIR_DOMAIN_CONTROLLER_TYPE_PCI,\n        VIR_DOMAIN_CONTROLLER_TYPE_USB,\n        VIR_DOMAIN_CONTROLLER_TYPE_SCSI,',
    replace: '        VIR_DOMAIN_CONTROLLER_TYPE_USB,\n        VIR_DOMAIN_CONTROLLER_TYPE_PCI,\n        VIR_DOMAIN_CONTROLLER_TYPE_SCSI,',
  },
];
