// classifyMachine and predict's handling of machine names, against QEMU 7.2's own
// machine list (names, aliases and descriptions as `qemu-system-x86_64 -machine help`
// and libvirt's capabilities print them on Debian 12, 2026-11-23).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyMachine, predict } from '../../model/index.js';
import type { MachineInfo } from '../../types/domain.js';
import { debian12, spec, X86_MACHINES, X86_PROFILE } from './summary.js';

const test = suite('model: machines');

const rows: Array<{ name: string; canonical?: string; family?: string; noPci?: string }> = [
  { name: 'pc', canonical: 'pc-i440fx-7.2', family: 'i440fx' },
  { name: 'pc-i440fx-6.2', canonical: 'pc-i440fx-6.2', family: 'i440fx' },
  { name: 'q35', canonical: 'pc-q35-7.2', family: 'q35' },
  { name: 'isapc', canonical: 'isapc', family: 'other', noPci: 'isapc' },
  { name: 'microvm', canonical: 'microvm', family: 'other', noPci: 'microvm' },
  { name: 'pc-foo' },
];
for (const row of rows) {
  test(`${row.name} → ${row.canonical ?? 'unknown'}`, () => {
    const got = classifyMachine(row.name, X86_MACHINES);
    const want = row.canonical === undefined ? undefined : { canonical: row.canonical, family: row.family, ...(row.noPci ? { noPci: row.noPci } : {}) };
    assert.equal(got, want);
  });
}

test('the family comes from the description, not the name (a distro alias of q35)', () => {
  const machines: MachineInfo[] = [...X86_MACHINES, { arch: 'x86_64', name: 'ubuntu', aliasOf: 'pc-q35-7.2' }];
  assert.equal(classifyMachine('ubuntu', machines), { canonical: 'pc-q35-7.2', family: 'q35' });
});

test('a name QEMU does not list is refused as unknown-machine (libvirt: "does not support machine type")', () => {
  const p = predict(spec('pc-foo', { memballoon: { model: 'none' } }), X86_PROFILE);
  assert.is(p.kind, 'reject');
  if (p.kind === 'reject') assert.is(p.errorClass, 'unknown-machine');
});

test('families outside the model are unsupported, never guessed', () => {
  const machines: MachineInfo[] = [...X86_MACHINES, { arch: 'x86_64', name: 'xenfv-4.2', description: 'Xen Fully-virtualized PC' }];
  assert.is(predict(spec("xenfv-4.2"), debian12(machines)).kind, 'unsupported');
});

test('predict canonicalises the alias the way libvirt writes <type machine=>', () => {
  const p = predict(spec('q35'), X86_PROFILE);
  assert.is(p.kind === 'ok' && p.state.machine, 'pc-q35-7.2');
});

test.run();
