// The pure parts of `virtprop upgrade`: which machine the guests name (the versioned one
// both builds have; going back, the older build's), what TO is expected to hold (the
// model's prediction plus FROM's devices of kinds the model does not predict), the PCI part
// of a state, how cases are booked, and the bundle's repro-upgrade.sh.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { upgradeMachine, type UpgradeSide } from '../../cli/commands/upgrade.js';
import { countUpgradeCase, emptyUpgradeTotals, reproUpgradeScript, upgradePropertiesFor } from '../../cli/commands/upgradeRecord.js';
import { expectedState, pciPart, type UpgradeCaseResult } from '../../properties/runner/upgradeCase.js';
import { stateText } from '../../properties/judges/stateText.js';
import { UsageError } from '../../cli/usageError.js';
import type { DomainState, MachineInfo } from '../../types/domain.js';

const Q35 = 'Standard PC (Q35 + ICH9, 2009)';
const PC = 'Standard PC (i440FX + PIIX, 1996)';
const machines = (version: string, versions: string[]): MachineInfo[] => [
  { arch: 'x86_64', name: 'q35', aliasOf: `pc-q35-${version}`, description: Q35 },
  { arch: 'x86_64', name: 'pc', aliasOf: `pc-i440fx-${version}`, description: PC },
  ...versions.flatMap((v) => [
    { arch: 'x86_64', name: `pc-q35-${v}`, description: Q35 },
    { arch: 'x86_64', name: `pc-i440fx-${v}`, description: PC },
  ]),
];
// As QEMU 7.2 (debian-12) and QEMU 10.0 (debian-13) list them, cut short.
const D12: UpgradeSide = { name: 'debian-12', profile: { qemu: '7.2.22', machines: machines('7.2', ['7.1', '7.2']) } };
const D13: UpgradeSide = { name: 'debian-13', profile: { qemu: '10.0.13', machines: machines('10.0', ['7.1', '7.2', '9.2', '10.0']) } };

test('forward: the machine as asked; FROM writes its versioned machine, which TO has', () => {
  assert.equal(upgradeMachine('q35', 'x86_64', D12, D13), { machine: 'q35', canonical: 'pc-q35-7.2' });
  assert.equal(upgradeMachine('pc-i440fx-7.1', 'x86_64', D12, D13), { machine: 'pc-i440fx-7.1', canonical: 'pc-i440fx-7.1' });
});

test("back: an alias stands for the older build's versioned machine, said in a note", () => {
  const m = upgradeMachine('q35', 'x86_64', D13, D12);
  assert.is(m.machine, 'pc-q35-7.2');
  assert.is(m.canonical, 'pc-q35-7.2');
  assert.match(m.note ?? '', /pc-q35-10\.0 on debian-13.*debian-12.*pc-q35-7\.2/);
  // a versioned machine both have needs no note
  assert.equal(upgradeMachine('pc-q35-7.1', 'x86_64', D13, D12), { machine: 'pc-q35-7.1', canonical: 'pc-q35-7.1' });
});

test('a machine missing on one build is a usage error that names both builds and a way out', () => {
  const missingOnTo = (): unknown => upgradeMachine('pc-q35-10.0', 'x86_64', D13, D12);
  assert.throws(missingOnTo, (e: unknown) => e instanceof UsageError && /pc-q35-10\.0 exists on debian-13 but not on debian-12/.test(e.message) && /machines --build debian-12/.test(e.hint));
  const missingOnFrom = (): unknown => upgradeMachine('pc-q35-10.0', 'x86_64', D12, D13);
  assert.throws(missingOnFrom, (e: unknown) => e instanceof UsageError && /debian-12 .*lists no machine "pc-q35-10\.0"/.test(e.message));
});

const pci = (bus: number, slot: number) => ({ type: 'pci', pci: { domain: 0, bus, slot, function: 0 } });
const FROM: DomainState = {
  machine: 'pc-q35-7.2',
  controllers: [{ type: 'pci', index: 0, model: 'pcie-root', address: { type: 'none' } }],
  devices: [
    { key: 'net:52:54:00:00:00:01', address: pci(1, 0) },
    { key: 'serial:0', address: { type: 'isa' } },
  ],
};

test('expected state: the prediction, with FROM\'s devices the model does not predict kept as they were', () => {
  const predicted: DomainState = { ...FROM, devices: [FROM.devices[0], { key: 'watchdog:0', address: { type: 'none' } }] };
  const text = stateText(expectedState(predicted, FROM));
  assert.match(text, /device serial:0 @ isa/);
  assert.match(text, /device watchdog:0 @ none/);
  assert.match(text, /device net:52:54:00:00:00:01 @ pci 0000:01:00\.0/);
  // a predicted line of an ignored kind does not count twice
  const twice = stateText(expectedState({ ...predicted, devices: [...predicted.devices, { key: 'serial:0', address: { type: 'isa' } }] }, FROM));
  assert.is(twice.match(/serial:0/g)?.length, 1);
});

test('the PCI part of a state: PCI controllers and what sits on PCI, nothing else', () => {
  const part = pciPart(stateText(FROM));
  assert.match(part, /controller pci index=0/);
  assert.match(part, /net:52:54:00:00:00:01/);
  assert.not.match(part, /serial|machine/);
  assert.is(pciPart(stateText({ ...FROM, devices: [...FROM.devices, { key: 'watchdog:0', address: { type: 'none' } }] })), part);
});

test('every case is booked exactly one way; changes and refusals are tallied', () => {
  const t = emptyUpgradeTotals({ build: 'debian-12', libvirt: '9.0.0', qemu: '7.2.22' }, { build: 'debian-13', libvirt: '11.3.0', qemu: '10.0.13' });
  const r = (kind: UpgradeCaseResult['kind'], extra: Partial<UpgradeCaseResult> = {}): UpgradeCaseResult =>
    ({ kind, outcome: 'agree', libvirtRejected: false, diff: '', inputXml: '', expected: '', observed: '', changes: [], fromCommands: [], toCommands: [], ...extra }) as UpgradeCaseResult;
  for (const c of [
    r('stable'),
    r('expected-change', { changes: ['+device watchdog:0 @ none', '+device watchdog:0 @ none'] }),
    r('expected-change', { changes: ['+device watchdog:0 @ none'] }),
    r('finding'),
    r('refused-on-to', { reason: "TO refused it as the model predicts: video model 'qxl'" }),
    r('refused-on-from', { reason: 'FROM refused to define it: x' }),
    r('unsupported'),
  ])
    countUpgradeCase(t, c);
  assert.equal([t.stable, t.expectedChanges, t.findings, t.refusedOnTo, t.refusedOnFrom, t.unsupported], [1, 2, 1, 1, 1, 1]);
  assert.equal(t.changes, { '+device watchdog:0 @ none': 2 });
  assert.is(Object.keys(t.refusals).length, 2);
  assert.equal(upgradePropertiesFor(['xml']), ['upgrade-define', 'upgrade-xml']);
  assert.equal(upgradePropertiesFor(['xml', 'argv', 'qemu']), ['upgrade-define', 'upgrade-xml', 'upgrade-start', 'upgrade-argv', 'upgrade-qemu']);
});

test('repro-upgrade.sh: FROM runs repro-from.sh, TO repro.sh; a wrapper gets its real virsh; outputs normalised and diffed', () => {
  const s = reproUpgradeScript({ build: 'debian-12', virsh: '/usr/bin/virsh' }, { build: 'debian-13', virsh: '/x/misreport-slot', realVirsh: "/b/it's/virsh" }, 'upgrade-xml');
  assert.match(s, /^#!\/usr\/bin\/env bash\n/);
  assert.match(s, /VIRSH_FROM=\$\{VIRSH_FROM:-'\/usr\/bin\/virsh'\}/);
  assert.match(s, /out_from=\$\(VIRSH="\$VIRSH_FROM" URI="\$URI_FROM" bash \.\/repro-from\.sh 2>&1\)/);
  assert.match(s, /out_to=\$\(VIRSH="\$VIRSH_TO" URI="\$URI_TO" bash \.\/repro\.sh 2>&1\)/);
  assert.match(s, /export VIRTPROP_REAL_VIRSH=\$\{VIRTPROP_REAL_VIRSH:-'\/b\/it'\\''s\/virsh'\}/);
  assert.match(s, /-e '\/<uuid>\/d'/);
  assert.match(s, /--label FROM .* --label TO /);
  assert.not.match(reproUpgradeScript({ build: 'a', virsh: 'virsh' }, { build: 'b', virsh: 'virsh' }, 'upgrade-qemu'), /VIRTPROP_REAL_VIRSH/);
});

test.run();
