// The corpus adapter: each host-bound piece of a file is rewritten with its reason, and
// nothing libvirt's PCI placement reads (addresses, models, buses, controllers, the
// machine) changes — checked by reading the spec before and after.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adaptXml, fitForDefine, type HostFacts } from '../../properties/userxml/adaptXml.js';
import { specFromXml } from '../../properties/userxml/specFromXml.js';

const host = (over: Partial<HostFacts> = {}): HostFacts => ({
  emulatorFor: (arch) => (arch === 'x86_64' ? '/usr/bin/qemu-system-x86_64' : undefined),
  exists: (p) => p === '/usr/bin/qemu-system-x86_64',
  kvm: () => false,
  imageDir: '/run/vp/images',
  ...over,
});

const FOREIGN = `<domain type='kvm'>
  <name>QEMUGuest1</name>
  <memory unit='KiB'>219136</memory>
  <os>
    <type arch='i686' machine='pc'>hvm</type>
    <kernel>/boot/vmlinuz-test</kernel>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-i386</emulator>
    <disk type='block' device='disk'>
      <source dev='/dev/HostVG/QEMUGuest1'/>
      <target dev='hda' bus='ide'/>
      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
    </disk>
    <interface type='bridge'>
      <source bridge='br0'/>
      <target dev='vnet7'/>
      <mtu size='9000'/>
      <model type='e1000'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>
    </interface>
    <serial type='dev'><source path='/dev/ttyS2'/><target port='0'/></serial>
    <rng model='virtio'><backend model='egd' type='tcp'><source mode='connect' host='1.2.3.4' service='1234'/></backend></rng>
    <memballoon model='virtio'><address type='pci' slot='0x09'/></memballoon>
  </devices>
</domain>`;

test('every host-bound piece is rewritten, each with a reason', async () => {
  const { xml, adaptations } = await adaptXml(FOREIGN, host());
  const whats = adaptations.map((a) => a.what);
  assert.equal(whats, [
    'arch i686 → x86_64',
    'domain type kvm → qemu',
    '<kernel> /boot/vmlinuz-test dropped',
    'emulator /usr/bin/qemu-system-i386 → /usr/bin/qemu-system-x86_64',
    'disk hda: source block /dev/HostVG/QEMUGuest1 → /run/vp/images/hda.img',
    'interface #0: type bridge → user',
    'interface #0: MAC 52:54:00:7e:00:00 added',
    'serial #0: type dev → pty',
    'rng #0: backend → random /dev/urandom',
  ]);
  for (const a of adaptations) assert.ok(a.reason.length > 20, `no reason for ${a.what}`);
  assert.match(xml, /<type arch='x86_64' machine='pc'>hvm<\/type>/);
  assert.match(xml, /<source file='\/run\/vp\/images\/hda.img'\/>/);
  // an MTU is the host side's too: libvirt refuses one on user networking
  assert.not.match(xml, /HostVG|br0|vnet7|ttyS2|1\.2\.3\.4|vmlinuz|mtu/);
});

test('what PCI placement reads is the same before and after (addresses, models, buses)', async () => {
  const { xml } = await adaptXml(FOREIGN, host());
  const after = await specFromXml(xml);
  if ('unsupported' in after) throw new Error(after.unsupported);
  assert.equal(after.spec.nets, [{ model: 'e1000', mac: '52:54:00:7e:00:00', address: { type: 'pci', domain: 0, bus: 0, slot: 7, function: 0 } }]);
  assert.equal(after.spec.disks, [{ device: 'disk', bus: 'ide', target: 'hda' }]);
  assert.equal(after.spec.memballoon, { model: 'virtio', address: { type: 'pci', slot: 9 } });
  assert.equal(after.spec.rngs, [{ model: 'virtio' }]);
  assert.is(after.spec.machine, 'pc');
});

test('a file that fits this host comes back byte for byte, with no adaptations', async () => {
  const fits = `<domain type='qemu'><name>ok</name><memory>1</memory><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator><disk type='file' device='disk'><source file='/run/vp/images/vda.img'/><target dev='vda' bus='virtio'/></disk><interface type='user'><mac address='52:54:00:00:00:01'/></interface></devices></domain>`;
  const r = await adaptXml(fits, host({ kvm: () => true }));
  assert.equal(r.adaptations, []);
  assert.is(r.xml, fits);
});

test("a missing pflash loader becomes this host's UEFI of the arch (libvirt ties aarch64 ACPI to UEFI); without one it is dropped", async () => {
  // libvirt's own aarch64-virt-headless input: dropping its loader made libvirt 11.3 refuse it ("ACPI requires UEFI")
  const xml = `<domain type='qemu'><name>a</name><os><type arch='aarch64' machine='virt'>hvm</type><loader readonly='yes' type='pflash'>/usr/share/edk2/aarch64/QEMU_EFI-silent-pflash.raw</loader><nvram>/path/to/guest_VARS.raw</nvram></os><features><acpi/></features><devices/></domain>`;
  const aavmf = '/usr/share/AAVMF/AAVMF_CODE.fd';
  const r = await adaptXml(xml, host({ exists: (p) => p === aavmf }));
  assert.equal(r.adaptations.map((a) => a.what), [`<loader> /usr/share/edk2/aarch64/QEMU_EFI-silent-pflash.raw → ${aavmf}`, '<nvram> /path/to/guest_VARS.raw dropped']);
  assert.match(r.xml, new RegExp(`<loader readonly="yes" type="pflash">${aavmf}</loader>|<loader readonly='yes' type='pflash'>${aavmf}</loader>`));
  // no UEFI of the arch here, or a loader of another type: dropped as any boot file
  assert.equal((await adaptXml(xml, host())).adaptations.map((a) => a.what)[0], '<loader> /usr/share/edk2/aarch64/QEMU_EFI-silent-pflash.raw dropped');
  const rom = xml.replace("type='pflash'", "type='rom'");
  assert.equal((await adaptXml(rom, host({ exists: (p) => p === aavmf }))).adaptations.map((a) => a.what)[0], '<loader> /usr/share/edk2/aarch64/QEMU_EFI-silent-pflash.raw dropped');
});

test('KVM stays where this host has it for the arch', async () => {
  const r = await adaptXml(FOREIGN, host({ kvm: (arch) => arch === 'x86_64' }));
  assert.not.ok(r.adaptations.some((a) => a.what.startsWith('domain type')));
});

test('TCG guests lose host CPU modes, pinning, stray command lines, foreign image formats and duplicate MACs', async () => {
  const xml = `<domain type='kvm'><name>a</name><vcpu cpuset='0-63'>2</vcpu><cputune><vcpupin vcpu='0' cpuset='9'/></cputune><os><type arch='aarch64' machine='virt'>hvm</type><kernel>/aarch64.kernel</kernel><cmdline>console=ttyAMA0</cmdline></os><cpu mode='host-passthrough'/><devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/x.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <interface type='user'><mac address='00:11:22:33:44:55'/><model type='virtio'/></interface>
    <interface type='user'><mac address='00:11:22:33:44:55'/><model type='virtio'/></interface></devices></domain>`;
  const r = await adaptXml(xml, host());
  assert.equal(r.adaptations.map((a) => a.what), [
    'domain type kvm → qemu',
    '<kernel> /aarch64.kernel dropped',
    '<cmdline> dropped with its kernel',
    'vcpu cpuset 0-63 dropped',
    '<cputune> dropped',
    'cpu host-passthrough → cortex-a57',
    'interface MAC 00:11:22:33:44:55 (used twice) → 52:54:00:7f:00:00',
    'disk vda: source /var/lib/x.qcow2 → /run/vp/images/vda.img',
    'disk vda: format qcow2 → raw',
  ]);
  assert.match(r.xml, /<model fallback='forbid'>cortex-a57<\/model>/);
  const spec = await specFromXml(r.xml);
  if ('unsupported' in spec) throw new Error(spec.unsupported);
  assert.equal(spec.spec.nets.map((n) => n.mac), ['00:11:22:33:44:55', '52:54:00:7f:00:00']);
});


test('a PCI host device present here moves to an absent host address (twice named stays one); an absent one stays', async () => {
  const hd = (fn: number) => `<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x00' slot='0x01' function='${fn}'/></source></hostdev>`;
  const xml = `<domain type='qemu'><name>h</name><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>${hd(0)}${hd(0)}${hd(3)}</devices></domain>`;
  const { xml: out, adaptations } = await adaptXml(xml, host({ exists: (p) => p === '/sys/bus/pci/devices/0000:00:01.0' || p === '/sys/bus/pci/devices/0000:ff:1f.7' }));
  const parsed = await specFromXml(out);
  assert.ok(!('unsupported' in parsed), JSON.stringify(parsed));
  if ('unsupported' in parsed) return;
  const sources = (parsed.spec.hostdevs ?? []).map((h) => h.source);
  assert.equal(sources, [
    { domain: 0, bus: 0xff, slot: 0x1f, function: 6 },
    { domain: 0, bus: 0xff, slot: 0x1f, function: 6 },
    { domain: 0, bus: 0, slot: 1, function: 3 },
  ]);
  assert.is(adaptations.filter((a) => a.what.startsWith('hostdev')).length, 2);
});


test('an emulated TPM is dropped only where swtpm is missing', async () => {
  const xml = `<domain type='qemu'><name>t</name><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><tpm><backend type='emulator'/></tpm><tpm model='tpm-tis'><backend type='passthrough'/></tpm></devices></domain>`;
  const without = await adaptXml(xml, host());
  assert.equal(without.adaptations.map((a) => a.what), ['tpm tpm-tis (emulator backend) dropped']);
  assert.ok(without.xml.includes("type='passthrough'") && !without.xml.includes("type='emulator'"));
  const withSwtpm = await adaptXml(xml, host({ exists: (p) => p === '/usr/bin/swtpm' }));
  assert.is(withSwtpm.adaptations.length, 0);
});


test('a TCG virt guest with more than 8 vCPUs and no GIC choice gets GICv3 (GICv2 holds 8)', async () => {
  const xml = (vcpus: number, features = '') =>
    `<domain type='kvm'><name>g</name><vcpu>${vcpus}</vcpu><os><type arch='aarch64' machine='virt'>hvm</type></os>${features}<devices/></domain>`;
  const arm = host({ emulatorFor: () => '/usr/bin/qemu-system-aarch64' });
  assert.ok((await adaptXml(xml(16), arm)).adaptations.some((a) => a.what === "16 vCPUs under TCG: <gic version='3'/> added"));
  assert.ok((await adaptXml(xml(16), arm)).xml.includes("<gic version='3'/>"));
  assert.not.ok((await adaptXml(xml(8), arm)).xml.includes('<gic'));
  assert.not.ok((await adaptXml(xml(16, "<features><gic version='2'/></features>"), arm)).xml.includes("version='3'"));
  assert.not.ok((await adaptXml(xml(16), host({ kvm: () => true }))).xml.includes('<gic'));
});

test('fitForDefine: only the domain type (where KVM is unusable) and a missing emulator change, the rest stays byte for byte', async () => {
  const xml = `<!-- hand-written -->\n<domain  type="kvm" id='7'>\n  <name>g</name>\n  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n  <devices>\n    <emulator>/usr/libexec/qemu-kvm</emulator>\n    <interface type='bridge'><source bridge='br0'/></interface>\n  </devices>\n</domain>\n`;
  const fitted = await fitForDefine(xml, host(), true);
  assert.is(fitted.xml, xml.replace('type="kvm"', "type='qemu'").replace('/usr/libexec/qemu-kvm', '/usr/bin/qemu-system-x86_64'));
  assert.equal(fitted.adaptations.map((a) => a.what), ['domain type kvm → qemu', 'emulator /usr/libexec/qemu-kvm → /usr/bin/qemu-system-x86_64']);
  // an emulated TPM without swtpm here goes, a passthrough one stays
  const tpms = xml.replace('  </devices>', "    <tpm model='tpm-crb'>\n      <backend type='emulator' version='2.0'/>\n    </tpm>\n    <tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>\n  </devices>");
  const noSwtpm = await fitForDefine(tpms, host(), true);
  assert.is(noSwtpm.xml, fitted.xml.replace('  </devices>', "    <tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>\n  </devices>"));
  assert.equal(noSwtpm.adaptations.map((a) => a.what).slice(2), ['tpm tpm-crb (emulator backend) dropped']);
  // OpenNebula's emulator in a CDATA section (seen in a realistic file: listed as rewritten, left as it was)
  const cdata = xml.replace('/usr/libexec/qemu-kvm', '<![CDATA[/usr/bin/qemu-kvm-one]]>');
  const fittedCdata = await fitForDefine(cdata, host(), true);
  assert.is(fittedCdata.xml, fitted.xml);
  assert.equal(fittedCdata.adaptations.map((a) => a.what)[1], 'emulator /usr/bin/qemu-kvm-one → /usr/bin/qemu-system-x86_64');
  // KVM usable, the emulator left to a remote host: nothing to do
  const asIs = await fitForDefine(xml, host({ kvm: () => true }), false);
  assert.is(asIs.xml, xml);
  assert.equal(asIs.adaptations, []);
});

test('fitForDefine: judged under TCG, cache and memory bandwidth allocation (KVM only: libvirt refuses them) goes; under KVM it stays', async () => {
  const xml = "<domain type='kvm'>\n  <name>g</name>\n  <cputune>\n    <vcpupin vcpu='0' cpuset='1'/>\n    <cachetune vcpus='0'>\n      <cache id='0' level='3' type='both' size='3' unit='MiB'/>\n    </cachetune>\n    <memorytune vcpus='0'><node id='0' bandwidth='60'/></memorytune>\n  </cputune>\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n</domain>\n";
  const tcg = await fitForDefine(xml, host(), true);
  assert.is(tcg.xml, "<domain type='qemu'>\n  <name>g</name>\n  <cputune>\n    <vcpupin vcpu='0' cpuset='1'/>\n  </cputune>\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n</domain>\n");
  assert.equal(tcg.adaptations.map((a) => a.what), ['domain type kvm → qemu', '<cachetune> dropped', '<memorytune> dropped']);
  assert.is((await fitForDefine(xml, host({ kvm: () => true }), true)).xml, xml);
});

test('fitForDefine: with firmware autoselection, a loader or NVRAM template that does not exist here is dropped (libvirt picks by features)', async () => {
  const os = (inner: string, firmware = " firmware='efi'") =>
    `<domain type='qemu'>\n  <name>g</name>\n  <os${firmware}>\n    <type arch='x86_64' machine='q35'>hvm</type>\n${inner}  </os>\n  <devices/>\n</domain>\n`;
  const paths = "    <loader readonly='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.fd</loader>\n    <nvram template='/usr/share/edk2/ovmf/OVMF_VARS.fd'>/var/lib/libvirt/qemu/nvram/g_VARS.fd</nvram>\n";
  const fitted = await fitForDefine(os(paths), host(), true);
  assert.is(fitted.xml, os(''));
  assert.equal(fitted.adaptations.map((a) => a.what), ['<loader> /usr/share/edk2/ovmf/OVMF_CODE.fd dropped', '<nvram> with template /usr/share/edk2/ovmf/OVMF_VARS.fd dropped']);
  // without autoselection libvirt takes the loader as written: left alone
  assert.is((await fitForDefine(os(paths, ''), host(), true)).xml, os(paths, ''));
  // paths that exist here stay
  const here = await fitForDefine(os(paths), host({ exists: () => true }), true);
  assert.is(here.xml, os(paths));
  // --adapt drops them the same way
  const adapted = await adaptXml(os(paths), host());
  assert.not.ok(adapted.xml.includes('<loader') || adapted.xml.includes('<nvram'));
});

test('fitForDefine: a PCI host device this host has moves to a host address it lacks (interfaces of type hostdev too); a remote URI leaves it', async () => {
  const xml = `<domain type='qemu'><name>g</name><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><interface type='hostdev'><mac address='52:54:00:00:00:02'/><source><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/></source></interface></devices></domain>\n`;
  const here = host({ exists: (p) => p === '/usr/bin/qemu-system-x86_64' || p === '/sys/bus/pci/devices/0000:00:02.0' });
  const fitted = await fitForDefine(xml, here, true);
  assert.equal(fitted.adaptations.map((a) => a.what), ['hostdev 0000:00:02.0 → 0000:ff:1f.7']);
  assert.match(fitted.xml, /bus='0xff' slot='0x1f' function='0x7'/);
  assert.is((await fitForDefine(xml, here, false)).xml, xml);
});

test.run();
