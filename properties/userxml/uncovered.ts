// Refusals outside the model's coverage. The spec reader passes over much of a domain
// (Hyper-V enlightenments, memory hotplug limits, firmware selection, graphics …) because
// none of it moves a PCI device; but libvirt still validates all of it and may refuse the
// whole file over one of them. The model has nothing to say about such a refusal: for the
// question "does libvirt accept this?" it is unsupported, not wrong.
//
// A refusal is put here only when both hold: the file carries the construct, and libvirt's
// message names it. A refusal of a PCI class (address in use, no free slot …) never is:
// those are the model's to predict (see judgeXml).

import { childNamed, childrenNamed, parseDomainElement, type XNode } from './xmlTree.js';

/** One construct the spec reader passes over, and how libvirt's refusals of it read. */
interface UncoveredConstruct {
  what: string;
  present(domain: XNode): boolean;
  message: RegExp;
}

const EMPTY: XNode = { name: '', attrs: {}, children: [], text: '' };
const child = (node: XNode, name: string): XNode => childNamed(node, name) ?? EMPTY;
const feature = (name: string) => (d: XNode): boolean => childNamed(child(d, 'features'), name) !== undefined;

const CONSTRUCTS: UncoveredConstruct[] = [
  // e.g. "host doesn't support hyperv 'X' feature", "Hyper-V enlightenment … not supported by this QEMU binary"
  { what: 'Hyper-V enlightenments (<features><hyperv>)', present: feature('hyperv'), message: /hyper-?v|\bhv[-_]/i },
  // e.g. "memory device count '3' exceeds slots count '2'" (NUMA and a missing maxMemory are the model's: buildDef.ts)
  { what: 'memory hotplug (<maxMemory>)', present: (d) => childNamed(d, 'maxMemory') !== undefined, message: /memory hotplug|maxMemory|memory slots/i },
  // "cannot use feature-based firmware autoselection when firmware autoselection is disabled",
  // "Secure boot is supported with q35 machine types only"
  {
    what: 'firmware selection (<os> firmware, <loader>, <nvram>)',
    present: (d) => {
      const os = child(d, 'os');
      return os.attrs.firmware !== undefined || ['loader', 'nvram', 'firmware'].some((n) => childNamed(os, n) !== undefined);
    },
    message: /firmware|loader|nvram|secure boot|pflash/i,
  },
  // "virtio-mem ... must be a multiple of ...", "nvdimm label size must be ...", "… requires a NUMA node …"
  {
    what: 'memory devices (<memory model>)',
    present: (d) => childrenNamed(child(d, 'devices'), 'memory').length > 0,
    message: /memory|dimm|pmem|numa|block size|maxMemory/i,
  },
  // e.g. "only one pstore device is supported", "crypto device … not supported by this QEMU binary"
  {
    what: 'crypto and pstore devices (<crypto>, <pstore>)',
    present: (d) => ['crypto', 'pstore'].some((n) => childNamed(child(d, 'devices'), n) !== undefined),
    message: /crypto|pstore|erst/i,
  },
  // "SMM TSEG is only supported with q35 machine type"
  { what: 'SMM (<features><smm>)', present: feature('smm'), message: /\bSMM\b|TSEG/ },
  // "spice TLS port set in XML configuration, but TLS is disabled in qemu.conf"
  { what: 'graphics (<graphics>)', present: (d) => childNamed(child(d, 'devices'), 'graphics') !== undefined, message: /spice|\bvnc\b|graphics/i },
  // "TPM version '2.0' is not supported" (an emulated TPM without swtpm on the host)
  { what: 'a TPM (<tpm>)', present: (d) => childNamed(child(d, 'devices'), 'tpm') !== undefined, message: /\bTPM\b/ },
  // "per-device boot elements cannot be used together with os/boot elements"
  {
    what: 'boot order (<boot>)',
    present: (d) => childNamed(child(d, 'os'), 'boot') !== undefined || child(d, 'devices').children.some((dev) => childNamed(dev, 'boot') !== undefined),
    message: /boot elements|boot order/i,
  },
  // "disk device='lun' is only valid for block type disk source", "unfiltered sgio is no longer supported"
  {
    what: "a passthrough LUN (<disk device='lun'>)",
    present: (d) => childrenNamed(child(d, 'devices'), 'disk').some((disk) => disk.attrs.device === 'lun'),
    message: /\blun\b|sgio|rawio/i,
  },
  // "setting ACPI S3 not supported"
  { what: 'power management (<pm>)', present: (d) => childNamed(d, 'pm') !== undefined, message: /\bS[34]\b|suspend/i },
  // "Maximum CPUs greater than specified machine type limit", "CPU topology doesn't match maximum vcpu count"
  { what: 'the CPU definition (<vcpu>, <cpu>)', present: (d) => childNamed(d, 'vcpu') !== undefined || childNamed(d, 'cpu') !== undefined, message: /\bCPUs?\b|vcpu|topology/i },
];

/**
 * When libvirt refused a file for a reason outside the model's coverage: what it refused
 * over (one of the constructs above), else undefined. `message` is libvirt's refusal.
 */
export async function uncoveredRefusal(xml: string, message: string): Promise<string | undefined> {
  let domain: XNode;
  try {
    domain = await parseDomainElement(xml);
  } catch {
    return undefined;
  }
  return CONSTRUCTS.find((c) => c.present(domain) && c.message.test(message))?.what;
}
