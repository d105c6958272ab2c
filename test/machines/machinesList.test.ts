// The pure parts of `virtprop machines`: joining libvirt's and QEMU's machine lists,
// ordering, the per-machine verdict, and the totals that decide the exit code. The lists
// are shaped like what libvirt 9.0 and QEMU 7.2 print here: libvirt's capabilities mark
// aliases with canonical= and leave out QEMU's 'none'; -machine help says "(alias of …)".

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { joinMachineLists, sortEntries } from '../../cli/commands/machinesList.js';
import { machinesJson, machinesText, totals, type MachinesReport } from '../../cli/commands/machinesReport.js';
import { capabilitiesCanonicalProperty, machineVerdict, namesMachine, type PropertyOutcome } from '../../properties/runner/machineProperties.js';
import type { MachineInfo } from '../../types/domain.js';

const LIBVIRT: MachineInfo[] = [
  { arch: 'x86_64', name: 'pc-i440fx-7.2' },
  { arch: 'x86_64', name: 'pc', aliasOf: 'pc-i440fx-7.2' },
  { arch: 'x86_64', name: 'pc-q35-2.10' },
  { arch: 'x86_64', name: 'pc-q35-2.9' },
];
const QEMU: MachineInfo[] = [
  { arch: 'x86_64', name: 'pc', aliasOf: 'pc-i440fx-7.2', description: 'Standard PC (i440FX + PIIX, 1996)' },
  { arch: 'x86_64', name: 'pc-i440fx-7.2', description: 'Standard PC (i440FX + PIIX, 1996)', isDefault: true },
  { arch: 'x86_64', name: 'pc-q35-2.9', description: 'Standard PC (Q35 + ICH9, 2009)' },
  { arch: 'x86_64', name: 'pc-q35-2.10', description: 'Standard PC (Q35 + ICH9, 2009)', deprecated: true },
  { arch: 'x86_64', name: 'none', description: 'empty machine' },
];

test('join: every name once, with where it came from, both alias views, default and deprecated', () => {
  const rows = joinMachineLists('x86_64', LIBVIRT, QEMU);
  assert.equal(rows.map((r) => [r.name, r.source]), [
    ['pc-i440fx-7.2', 'libvirt+qemu'],
    ['pc', 'libvirt+qemu'],
    ['pc-q35-2.10', 'libvirt+qemu'],
    ['pc-q35-2.9', 'libvirt+qemu'],
    ['none', 'qemu'],
  ]);
  const pc = rows.find((r) => r.name === 'pc')!;
  assert.is(pc.libvirtCanonical, 'pc-i440fx-7.2');
  assert.is(pc.qemuAliasOf, 'pc-i440fx-7.2');
  assert.ok(rows.find((r) => r.name === 'pc-i440fx-7.2')!.isDefault);
  assert.ok(rows.find((r) => r.name === 'pc-q35-2.10')!.deprecated);
  assert.not.ok(rows.find((r) => r.name === 'pc-q35-2.9')!.deprecated);
});

test('join without QEMU (remote URI): libvirt names only, no descriptions', () => {
  const rows = joinMachineLists('x86_64', LIBVIRT, undefined);
  assert.is(rows.length, 4);
  assert.ok(rows.every((r) => r.source === 'libvirt' && r.description === undefined));
});

test('order: aliases first, then names with versions in numeric order (2.9 before 2.10)', () => {
  const names = sortEntries(joinMachineLists('x86_64', LIBVIRT, QEMU)).map((r) => r.name);
  assert.equal(names, ['pc', 'none', 'pc-i440fx-7.2', 'pc-q35-2.9', 'pc-q35-2.10']);
});

const ok = (property: PropertyOutcome['property']): PropertyOutcome => ({ property, verdict: 'ok', detail: '' });

test('verdict: one mismatch decides; all unsupported stays unsupported', () => {
  assert.is(machineVerdict([ok('alias'), { property: 'random-xml', verdict: 'mismatch', detail: 'x' }]), 'mismatch');
  assert.is(machineVerdict([ok('implicit-controllers'), { property: 'random-xml', verdict: 'unsupported', detail: 'x' }]), 'ok');
  assert.is(machineVerdict([{ property: 'implicit-controllers', verdict: 'unsupported', detail: 'x' }]), 'unsupported');
});

test("capabilities' canonical= must be QEMU's alias target", () => {
  assert.is(capabilitiesCanonicalProperty('pc', 'pc-i440fx-7.2', 'pc-i440fx-7.2').verdict, 'ok');
  assert.is(capabilitiesCanonicalProperty('pc', 'pc-i440fx-7.1', 'pc-i440fx-7.2').verdict, 'mismatch');
  assert.is(capabilitiesCanonicalProperty('pc', undefined, 'pc-i440fx-7.2').verdict, 'mismatch');
});

test("a refusal names the machine only with libvirt's machine-check wording", () => {
  assert.ok(namesMachine("unsupported configuration: Emulator '/usr/bin/qemu-system-aarch64' does not support machine type 'foo'", 'foo'));
  assert.not.ok(namesMachine('XML error: No PCI buses available', 'foo'));
  assert.not.ok(namesMachine("does not support machine type 'foobar'", 'foo'));
});

function report(unknownKnown: string | undefined, machineVerdict: 'ok' | 'mismatch'): MachinesReport {
  const entry = joinMachineLists('x86_64', LIBVIRT, QEMU)[1];
  return {
    versions: {},
    machines: [{ ...entry, canonical: 'pc-i440fx-7.2', family: 'i440fx', verdict: machineVerdict, reason: 'r', properties: [] }],
    unknownMachine: [{ arch: 'x86_64', name: 'nope', verdict: 'mismatch', detail: 'd', plain: 'p', bare: 'b', knownIssue: unknownKnown }],
    skippedArches: ['i686'],
    harnessFaults: [],
  };
}

test('totals: a mismatch explained by a listed libvirt bug is counted apart; any other counts', () => {
  assert.equal(totals(report('libvirt-9.0-unknown-machine-no-pci-buses', 'ok')), { ok: 1, mismatch: 0, unsupported: 0, knownIssues: 1 });
  assert.equal(totals(report(undefined, 'ok')), { ok: 1, mismatch: 1, unsupported: 0, knownIssues: 0 });
  assert.equal(totals(report('x', 'mismatch')), { ok: 0, mismatch: 1, unsupported: 0, knownIssues: 1 });
});

test('JSON keeps the contract keys per machine; the text table has the asked-for columns', () => {
  const json = machinesJson(report(undefined, 'ok')) as { machines: Array<Record<string, unknown>> };
  for (const key of ['arch', 'name', 'canonical', 'family', 'verdict']) assert.ok(key in json.machines[0], key);
  assert.is(json.machines[0].aliasOf, 'pc-i440fx-7.2');
  const text = machinesText(report(undefined, 'ok'));
  assert.match(text.split('\n')[0], /^arch\s+machine\s+alias-of\s+family\s+default\s+deprecated\s+verdict\s+reason$/);
  assert.match(text, /libvirt also reports i686/);
});

test.run();
