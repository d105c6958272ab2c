// Adapts a domain XML written for another host (libvirt's own test inputs name block
// devices, emulator paths, host character devices …) to this one, mechanically and in
// the open: every rewrite is listed with its reason, and none of them touches anything
// libvirt's PCI placement reads (device kinds, models, buses, addresses, controllers,
// the machine). The rewritten file is what gets defined; the list goes into the report.

import { childNamed, childrenNamed, parseDomainElement, serializeXNode, type XNode } from './xmlTree.js';

/** One rewrite made to a file, and why. */
export interface Adaptation {
  what: string;
  reason: string;
}

/** What the adapter needs to know about this host (gathered by the caller, so this stays pure). */
export interface HostFacts {
  /** Local emulator for an arch, if this host has one. */
  emulatorFor(arch: string): string | undefined;
  /** An executable/readable file exists at this path. */
  exists(path: string): boolean;
  /** KVM can run guests of this arch here. */
  kvm(arch: string): boolean;
  /** Directory that disk images are placed in (the worker's scratch images directory). */
  imageDir: string;
}

/** The adapted XML text and the rewrites made (empty when the file fits as it is). */
export interface Adapted {
  xml: string;
  adaptations: Adaptation[];
}

const REASON = {
  arch: "the model covers x86_64 only and libvirt's PCI assignment treats i686 and x86_64 alike (both x86, same machines)",
  emulator: "the file's emulator path does not exist here; the same arch's local QEMU is used",
  kvm: 'KVM is not usable here; TCG builds the same devices, and libvirt places them alike',
  resctrl: "cache and memory bandwidth allocation (<cachetune>, <memorytune>) is for KVM guests only, and the file is judged under TCG here; host resource allocation never affects PCI placement",
  disk: "host storage (block devices, volumes, files of the test's host) cannot exist here; a disk's source never affects its PCI placement",
  mac: 'without a MAC libvirt invents a random one and the NIC cannot be matched in its output; a fixed MAC does not affect placement',
  net: "host networking (bridges, tap devices, macvtap, libvirt networks, sockets) cannot exist here; a NIC's backend never affects its PCI placement",
  chardev: 'host character devices and sockets cannot exist here; the chardev backend of an ISA/platform serial port never affects PCI placement',
  rng: "the host's entropy source (a device or EGD socket) may not exist here; an RNG's backend never affects its PCI placement",
  boot: 'kernel, initrd, DTB or firmware files of the test host do not exist here; boot files never affect PCI placement',
  autoselect: "the file asks libvirt to pick the UEFI firmware (firmware='efi'), and its loader or NVRAM template from the other host does not exist here: libvirt then picks one of this build's by the file's <firmware> features; firmware never affects PCI placement",
  uefi: "the file's UEFI firmware does not exist here; this host's UEFI of the arch keeps the guest UEFI (libvirt ties ACPI to it), and firmware never affects PCI placement",
  format: 'the image made here is raw; a disk image format never affects PCI placement',
  pinning: "host CPU and memory pinning names the test host's CPUs and NUMA nodes; pinning never affects PCI placement",
  cpu: 'host-passthrough/host-model CPUs need KVM; under TCG a named model is used (the CPU model never affects PCI placement)',
  hostdev: "this host has a PCI device at that address, and libvirt would probe it (PCI or PCI Express) on this host's hardware; an absent one is taken to be PCI Express, as on the test's own host. A host device's own address never moves it in the guest",
  gic: 'under TCG libvirt picks GICv2, which QEMU caps at 8 vCPUs; GICv3 takes more, and the interrupt controller never affects PCI placement',
  tpm: "an emulated TPM needs swtpm, which is not installed here (libvirt then refuses every TPM version); a TPM on TIS or CRB never takes a PCI address",
  dupMac: 'NICs sharing one MAC cannot be told apart in libvirt\'s output; a MAC never affects PCI placement',
};

/** Interface types whose backend is a host resource (hostdev/vdpa stay: they are devices, specFromXml rejects them). */
const HOST_NET_TYPES = new Set(['bridge', 'network', 'ethernet', 'direct', 'vhostuser', 'server', 'client', 'mcast', 'udp', 'vds', 'null', 'vdpa-net']);
// mtu, tune and coalesce set up the host side: libvirt refuses an MTU on user networking (observed)
const NET_BACKEND_CHILDREN = new Set(['source', 'target', 'virtualport', 'script', 'downscript', 'backend', 'driver', 'bandwidth', 'vlan', 'port', 'ip', 'route', 'mtu', 'tune', 'coalesce']);
const HOST_CHARDEV_TYPES = new Set(['dev', 'file', 'pipe', 'unix', 'tcp', 'udp', 'nmdm', 'spiceport', 'qemu-vdagent', 'dbus']);

/** Rewrites one `<disk>`'s source to an image file under imageDir. */
function adaptDisk(disk: XNode, imageDir: string, out: Adaptation[]): void {
  const source = childNamed(disk, 'source');
  const target = childNamed(disk, 'target')?.attrs.dev;
  if (!source || !target) return; // an empty cdrom has no source
  const file = `${imageDir}/${target.replace(/[^A-Za-z0-9_-]/g, '_')}.img`;
  if (disk.attrs.type === 'file' && source.attrs.file === file) return;
  const was = disk.attrs.type === 'file' ? source.attrs.file : `${disk.attrs.type} ${source.attrs.dev ?? source.attrs.name ?? source.attrs.volume ?? source.attrs.dir ?? ''}`.trim();
  disk.attrs.type = 'file';
  source.attrs = { file };
  source.children = [];
  // backing chains, credentials and encryption belong to the original storage
  disk.children = disk.children.filter((c) => !['backingStore', 'auth', 'encryption'].includes(c.name));
  out.push({ what: `disk ${target}: source ${was} → ${file}`, reason: REASON.disk });
  const driver = childNamed(disk, 'driver');
  if (driver?.attrs.type !== undefined && driver.attrs.type !== 'raw') {
    out.push({ what: `disk ${target}: format ${driver.attrs.type} → raw`, reason: REASON.format });
    driver.attrs.type = 'raw';
  }
}

/** Rewrites one `<interface>` (host backend → user networking; missing MAC → a fixed one). */
function adaptNet(nic: XNode, n: number, out: Adaptation[]): void {
  const type = nic.attrs.type ?? '';
  if (HOST_NET_TYPES.has(type)) {
    nic.attrs = { ...nic.attrs, type: 'user' };
    nic.children = nic.children.filter((c) => !NET_BACKEND_CHILDREN.has(c.name));
    out.push({ what: `interface #${n}: type ${type} → user`, reason: REASON.net });
  }
  if (!childNamed(nic, 'mac') && type !== 'hostdev' && type !== 'vdpa') {
    const mac = `52:54:00:7e:00:${n.toString(16).padStart(2, '0')}`;
    nic.children.unshift({ name: 'mac', attrs: { address: mac }, children: [], text: '' });
    out.push({ what: `interface #${n}: MAC ${mac} added`, reason: REASON.mac });
  }
}

/** Rewrites a chardev whose backend is a host resource to a pty. */
function adaptChardev(dev: XNode, n: number, out: Adaptation[]): void {
  const type = dev.attrs.type ?? '';
  if (!HOST_CHARDEV_TYPES.has(type)) return;
  dev.attrs = { ...dev.attrs, type: 'pty' };
  dev.children = dev.children.filter((c) => c.name !== 'source' && c.name !== 'protocol' && c.name !== 'log');
  out.push({ what: `${dev.name} #${n}: type ${type} → pty`, reason: REASON.chardev });
}

/** Rewrites an RNG's backend to /dev/urandom. */
function adaptRng(rng: XNode, n: number, out: Adaptation[]): void {
  const backend = childNamed(rng, 'backend');
  if (backend?.attrs.model === 'random' && (backend.text === '/dev/urandom' || backend.text === '')) return;
  rng.children = rng.children.filter((c) => c.name !== 'backend');
  rng.children.unshift({ name: 'backend', attrs: { model: 'random' }, children: [], text: '/dev/urandom' });
  out.push({ what: `rng #${n}: backend → random /dev/urandom`, reason: REASON.rng });
}

/** Drops CPU/memory pinning to the test host's CPUs and nodes. */
function adaptPinning(domain: XNode, out: Adaptation[]): void {
  const vcpu = childNamed(domain, 'vcpu');
  if (vcpu?.attrs.cpuset !== undefined) {
    out.push({ what: `vcpu cpuset ${vcpu.attrs.cpuset} dropped`, reason: REASON.pinning });
    delete vcpu.attrs.cpuset;
  }
  for (const name of ['cputune', 'numatune']) {
    if (!childNamed(domain, name)) continue;
    domain.children = domain.children.filter((c) => c.name !== name);
    out.push({ what: `<${name}> dropped`, reason: REASON.pinning });
  }
}

/** Under TCG, a host CPU mode becomes a named model (cortex-a57 on aarch64, QEMU's default on x86). */
function adaptCpu(domain: XNode, arch: string, out: Adaptation[]): void {
  const cpu = childNamed(domain, 'cpu');
  const mode = cpu?.attrs.mode;
  if (!cpu || domain.attrs.type !== 'qemu' || (mode !== 'host-passthrough' && mode !== 'host-model')) return;
  if (arch === 'aarch64') {
    cpu.attrs = { mode: 'custom', match: 'exact' };
    cpu.children = [...cpu.children.filter((c) => c.name === 'numa'), { name: 'model', attrs: { fallback: 'forbid' }, children: [], text: 'cortex-a57' }];
    out.push({ what: `cpu ${mode} → cortex-a57`, reason: REASON.cpu });
  } else {
    cpu.attrs = {};
    cpu.children = cpu.children.filter((c) => c.name === 'numa');
    if (cpu.children.length === 0) domain.children = domain.children.filter((c) => c !== cpu);
    out.push({ what: `cpu ${mode} dropped`, reason: REASON.cpu });
  }
}

/** sysfs path of a host PCI address, the way the kernel names it. */
const sysfsPath = (a: Record<string, number>): string =>
  `/sys/bus/pci/devices/${a.domain.toString(16).padStart(4, '0')}:${a.bus.toString(16).padStart(2, '0')}:${a.slot.toString(16).padStart(2, '0')}.${a.function.toString(16)}`;

/** Reads one field of a source address as libvirt does (hex with 0x, else decimal); NaN when unreadable. */
function sourceField(text: string | undefined): number {
  if (text === undefined) return 0;
  return /^0x/i.test(text) ? parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
}

/** PCI host devices of the file: `<hostdev type='pci'>` and `<interface type='hostdev'>` (an SR-IOV function). */
const pciHostdevsOf = (devices: XNode | undefined): XNode[] =>
  (devices?.children ?? []).filter((d) => (d.name === 'hostdev' && d.attrs.type === 'pci') || (d.name === 'interface' && d.attrs.type === 'hostdev'));

/** Moves every PCI hostdev whose host address exists here to a host address that does not. */
function adaptHostdevs(devices: XNode | undefined, host: HostFacts, out: Adaptation[]): void {
  const hostdevs = pciHostdevsOf(devices);
  const taken = new Set<string>();
  const sources = hostdevs.map((h) => {
    const node = childNamed(childNamed(h, 'source') ?? { name: '', attrs: {}, children: [], text: '' }, 'address');
    const a = node && { domain: sourceField(node.attrs.domain), bus: sourceField(node.attrs.bus), slot: sourceField(node.attrs.slot), function: sourceField(node.attrs.function) };
    if (a && Object.values(a).every((v) => Number.isFinite(v))) taken.add(sysfsPath(a));
    return { node, a };
  });
  // free addresses from the top of domain 0, where hosts rarely have devices
  let next = 0xff * 8 * 32 + 31 * 8 + 7;
  const moved = new Map<string, Record<string, number>>();
  for (const { node, a } of sources) {
    if (!node || !a || !Object.values(a).every((v) => Number.isFinite(v)) || !host.exists(sysfsPath(a))) continue;
    // one host device named twice stays one (libvirt refuses that, and must still)
    let fresh = moved.get(sysfsPath(a));
    while (fresh === undefined || (!moved.has(sysfsPath(a)) && (taken.has(sysfsPath(fresh)) || host.exists(sysfsPath(fresh))))) {
      fresh = { domain: 0, bus: next >> 8, slot: (next >> 3) & 31, function: next & 7 };
      next--;
    }
    moved.set(sysfsPath(a), fresh);
    taken.add(sysfsPath(fresh));
    const hex = (n: number, w: number) => `0x${n.toString(16).padStart(w, '0')}`;
    node.attrs = { ...node.attrs, domain: hex(0, 4), bus: hex(fresh.bus, 2), slot: hex(fresh.slot, 2), function: hex(fresh.function, 1) };
    out.push({ what: `hostdev ${sysfsPath(a).split('/').pop()} → ${sysfsPath(fresh).split('/').pop()}`, reason: REASON.hostdev });
  }
}

/** Where libvirt looks for swtpm (it searches PATH; these are the places packages install it). */
const SWTPM_PATHS = ['/usr/bin/swtpm', '/usr/local/bin/swtpm'];

/** Drops TIS/CRB TPMs with an emulator backend when this host has no swtpm to run them. */
function dropEmulatedTpms(devices: XNode | undefined, host: HostFacts, out: Adaptation[]): void {
  if (!devices || swtpmHere(host)) return;
  devices.children = devices.children.filter((dev) => {
    const model = emulatedTpmModel(dev);
    if (model === undefined) return true;
    out.push({ what: `tpm ${model} (emulator backend) dropped`, reason: REASON.tpm });
    return false;
  });
}

const swtpmHere = (host: HostFacts): boolean => SWTPM_PATHS.some((p) => host.exists(p));

/** The model of a TIS or CRB TPM with an emulator backend (the ones that need swtpm), else undefined. */
function emulatedTpmModel(dev: XNode | undefined): string | undefined {
  if (dev?.name !== 'tpm' || childNamed(dev, 'backend')?.attrs.type !== 'emulator') return undefined;
  const model = dev.attrs.model ?? 'tpm-tis';
  return model === 'tpm-tis' || model === 'tpm-crb' ? model : undefined;
}

/** This host's QEMU for the arch when the file's emulator path does not exist here, else undefined. */
function localEmulatorInstead(path: string, arch: string, host: HostFacts): string | undefined {
  const local = host.emulatorFor(arch);
  return local !== undefined && path !== local && !host.exists(path) ? local : undefined;
}

/** GICv2 (libvirt's choice under TCG) holds 8 vCPUs: a bigger TCG virt guest without a GIC choice gets GICv3. */
function adaptGic(domain: XNode, arch: string, out: Adaptation[]): void {
  const vcpus = Number(childNamed(domain, 'vcpu')?.text ?? '1');
  if (arch !== 'aarch64' || domain.attrs.type !== 'qemu' || !(vcpus > 8)) return;
  let features = childNamed(domain, 'features');
  if (features && childNamed(features, 'gic')) return;
  if (!features) {
    features = { name: 'features', attrs: {}, children: [], text: '' };
    const os = domain.children.findIndex((c) => c.name === 'os');
    domain.children.splice(os + 1, 0, features);
  }
  features.children.push({ name: 'gic', attrs: { version: '3' }, children: [], text: '' });
  out.push({ what: `${vcpus} vCPUs under TCG: <gic version='3'/> added`, reason: REASON.gic });
}

/** Gives every NIC after the first with an already used MAC a fresh one. */
function uniqueMacs(devices: XNode | undefined, out: Adaptation[]): void {
  const seen = new Set<string>();
  let n = 0;
  for (const nic of devices ? childrenNamed(devices, 'interface') : []) {
    const mac = childNamed(nic, 'mac');
    const addr = mac?.attrs.address?.toLowerCase();
    if (!mac || addr === undefined) continue;
    if (seen.has(addr)) {
      const fresh = `52:54:00:7f:00:${(n++).toString(16).padStart(2, '0')}`;
      out.push({ what: `interface MAC ${mac.attrs.address} (used twice) → ${fresh}`, reason: REASON.dupMac });
      mac.attrs.address = fresh;
    }
    seen.add(mac.attrs.address.toLowerCase());
  }
}

/**
 * The rewrites without which libvirt would not even define a file written on another
 * host, for judging it on layer xml as written: a kvm domain where KVM is unusable (TCG
 * places PCI devices alike), an emulator path that does not exist here (this build's own
 * QEMU is the one under test), an emulated TPM where swtpm is missing (a TPM never
 * takes a PCI address), firmware paths firmware autoselection cannot find here, and PCI host
 * devices this host has (libvirt would probe them). Otherwise the text stays byte for byte as
 * given; `emulatorLocal` false (a remote URI) leaves the emulator and the host devices to the
 * other host.
 */
export async function fitForDefine(xml: string, host: HostFacts, emulatorLocal: boolean): Promise<Adapted> {
  const domain = await parseDomainElement(xml);
  const os = childNamed(domain, 'os');
  const arch = (os && childNamed(os, 'type')?.attrs.arch) ?? 'x86_64';
  const out: Adaptation[] = [];
  let text = xml;
  if (domain.attrs.type === 'kvm' && !host.kvm(arch)) {
    text = text.replace(/<domain\b[^>]*>/, (tag) => tag.replace(/\btype\s*=\s*(['"])kvm\1/, "type='qemu'"));
    out.push({ what: 'domain type kvm → qemu', reason: REASON.kvm });
    text = text.replace(/[ \t]*<(cachetune|memorytune)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)[ \t]*\n?/g, (_element: string, name: string) => {
      out.push({ what: `<${name}> dropped`, reason: REASON.resctrl });
      return '';
    });
  }
  const devices = childNamed(domain, 'devices');
  const emulator = devices && childNamed(devices, 'emulator');
  const local = emulator && emulatorLocal ? localEmulatorInstead(emulator.text, arch, host) : undefined;
  if (emulator && local) {
    // OpenNebula writes the path as CDATA: the whole text, section and all, is replaced
    text = text.replace(/(<emulator>\s*)(?:<!\[CDATA\[[\s\S]*?\]\]>|[^<]*?)(\s*<\/emulator>)/, (_m, open: string, close: string) => `${open}${local}${close}`);
    out.push({ what: `emulator ${emulator.text} → ${local}`, reason: REASON.emulator });
  }
  if (os?.attrs.firmware === 'efi') text = dropMissingFirmwarePaths(text, os, host, out);
  if (!swtpmHere(host)) {
    // the text's <tpm> elements in document order are the parsed ones: each is judged on its node
    const tpms = devices ? childrenNamed(devices, 'tpm') : [];
    let n = 0;
    text = text.replace(/[ \t]*<tpm\b[^>]*?(?:\/>|>[\s\S]*?<\/tpm>)[ \t]*\n?/g, (element: string) => {
      const model = emulatedTpmModel(tpms[n++]);
      if (model === undefined) return element;
      out.push({ what: `tpm ${model} (emulator backend) dropped`, reason: REASON.tpm });
      return '';
    });
  }
  return emulatorLocal ? moveHostdevsOffThisHost(text, host, out) : { xml: text, adaptations: out };
}

/**
 * A PCI host device that exists on this host would be probed by libvirt (PCI or PCI Express
 * by this host's hardware), which the model does not see: such a source moves to a host
 * address this host lacks (the file is then written out whole again, same meaning).
 */
async function moveHostdevsOffThisHost(xml: string, host: HostFacts, out: Adaptation[]): Promise<Adapted> {
  const domain = await parseDomainElement(xml);
  const moved: Adaptation[] = [];
  adaptHostdevs(childNamed(domain, 'devices'), host, moved);
  if (moved.length === 0) return { xml, adaptations: out };
  return { xml: serializeXNode(domain) + '\n', adaptations: [...out, ...moved] };
}

/**
 * With firmware autoselection, a `<loader>` or `<nvram template>` path the other host had
 * makes libvirt (11.3 on, observed) look for a firmware built from exactly that file, and
 * refuse the file when none is found: such paths are removed from the text, so libvirt picks
 * among this build's firmware by the `<firmware>` features the file asks for.
 */
function dropMissingFirmwarePaths(xml: string, os: XNode, host: HostFacts, out: Adaptation[]): string {
  let text = xml;
  for (const c of unfoundFirmwareFiles(os, host, out)) text = text.replace(new RegExp(`[ \\t]*<${c.name}\\b[^>]*?(?:\\/>|>[\\s\\S]*?<\\/${c.name}>)[ \\t]*\\n?`), '');
  return text;
}

/** The `<loader>` and `<nvram>` of an autoselecting `<os>` whose file (the NVRAM's template) does not exist here, each listed as dropped. */
function unfoundFirmwareFiles(os: XNode, host: HostFacts, out: Adaptation[]): XNode[] {
  const missing = os.children.filter((c) => (c.name === 'loader' && c.text !== '' && !host.exists(c.text)) || (c.name === 'nvram' && c.attrs.template !== undefined && !host.exists(c.attrs.template)));
  for (const c of missing) out.push({ what: c.name === 'loader' ? `<loader> ${c.text} dropped` : `<nvram> with template ${c.attrs.template} dropped`, reason: REASON.autoselect });
  return missing;
}

/** UEFI firmware a Debian host may have, per arch (qemu-efi-aarch64, ovmf), first found wins. */
const LOCAL_UEFI: Record<string, string[]> = {
  aarch64: ['/usr/share/AAVMF/AAVMF_CODE.fd', '/usr/share/qemu-efi-aarch64/QEMU_EFI.fd'],
  x86_64: ['/usr/share/OVMF/OVMF_CODE_4M.fd', '/usr/share/OVMF/OVMF_CODE.fd'],
};

/**
 * Boot files of the test host that this one lacks: a pflash loader becomes this host's UEFI
 * of the arch, any other is dropped, and a kernel command line goes with its kernel.
 */
function adaptBootFiles(os: XNode, arch: string, host: HostFacts, out: Adaptation[]): void {
  if (os.attrs.firmware === 'efi') {
    // autoselection: libvirt picks this build's firmware by the file's features (see dropMissingFirmwarePaths)
    const missing = unfoundFirmwareFiles(os, host, out);
    os.children = os.children.filter((c) => !missing.includes(c));
  }
  for (const boot of os.children.filter((c) => ['kernel', 'initrd', 'dtb', 'loader', 'nvram'].includes(c.name))) {
    if (boot.text === '' || host.exists(boot.text)) continue;
    const local = boot.name === 'loader' && boot.attrs.type === 'pflash' ? LOCAL_UEFI[arch]?.find((p) => host.exists(p)) : undefined;
    if (local !== undefined) {
      out.push({ what: `<loader> ${boot.text} → ${local}`, reason: REASON.uefi });
      boot.text = local;
      continue;
    }
    os.children = os.children.filter((c) => c !== boot);
    out.push({ what: `<${boot.name}> ${boot.text} dropped`, reason: REASON.boot });
  }
  // a kernel command line without a kernel makes QEMU refuse to start
  const cmdline = childNamed(os, 'cmdline');
  if (cmdline && !childNamed(os, 'kernel')) {
    os.children = os.children.filter((c) => c !== cmdline);
    out.push({ what: '<cmdline> dropped with its kernel', reason: REASON.boot });
  }
}

/** Adapts a domain XML to this host; throws NotDomainXmlError for input that is no domain XML. */
export async function adaptXml(xml: string, host: HostFacts): Promise<Adapted> {
  const domain = await parseDomainElement(xml);
  const out: Adaptation[] = [];
  const os = childNamed(domain, 'os');
  const type = os && childNamed(os, 'type');
  if (type?.attrs.arch === 'i686') {
    type.attrs.arch = 'x86_64';
    out.push({ what: 'arch i686 → x86_64', reason: REASON.arch });
  }
  const arch = type?.attrs.arch ?? 'x86_64';
  if (domain.attrs.type === 'kvm' && !host.kvm(arch)) {
    domain.attrs.type = 'qemu';
    out.push({ what: 'domain type kvm → qemu', reason: REASON.kvm });
  }
  if (os) adaptBootFiles(os, arch, host, out);
  adaptPinning(domain, out);
  adaptCpu(domain, arch, out);
  adaptGic(domain, arch, out);
  const devices = childNamed(domain, 'devices');
  for (const emulator of devices ? childrenNamed(devices, 'emulator') : []) {
    const local = host.emulatorFor(arch);
    const instead = localEmulatorInstead(emulator.text, arch, host);
    if (instead) {
      out.push({ what: `emulator ${emulator.text} → ${instead}`, reason: REASON.emulator });
      emulator.text = instead;
    } else if (local && emulator.text !== local && arch !== 'aarch64' && /qemu-system-i386$/.test(emulator.text)) {
      // the i386 binary exists here, but the file is now an x86_64 guest
      out.push({ what: `emulator ${emulator.text} → ${local}`, reason: REASON.arch });
      emulator.text = local;
    }
  }
  uniqueMacs(devices, out);
  adaptHostdevs(devices, host, out);
  dropEmulatedTpms(devices, host, out);
  const counters = new Map<string, number>();
  const next = (kind: string): number => {
    const n = counters.get(kind) ?? 0;
    counters.set(kind, n + 1);
    return n;
  };
  for (const dev of devices?.children ?? []) {
    if (dev.name === 'disk') adaptDisk(dev, host.imageDir, out);
    else if (dev.name === 'interface') adaptNet(dev, next('interface'), out);
    else if (['serial', 'console', 'parallel', 'channel'].includes(dev.name)) adaptChardev(dev, next(dev.name), out);
    else if (dev.name === 'rng') adaptRng(dev, next('rng'), out);
  }
  return { xml: out.length === 0 ? xml : serializeXNode(domain) + '\n', adaptations: out };
}
