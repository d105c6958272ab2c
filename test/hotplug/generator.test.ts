// The hotplug case generator: identities are unique and detaches name earlier attaches
// (resolveSteps), and sampled sequences are long enough and, by the model's own account,
// run a bus out of slots often enough to exercise that refusal on both machines.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { attachedMac, hotplugCaseArb, resolveSteps } from '../../properties/hotplug/arbitraries.js';
import { predictStep, startWorld } from '../../model/hotplugWorld.js';
import { X86_PROFILE } from '../model/summary.js';

test('resolveSteps: fresh identities, detaches resolved to earlier attaches, leading detaches dropped', () => {
  const steps = resolveSteps([
    { op: 'detach', mode: 'live', pick: 3 },
    { op: 'attach', mode: 'live', device: { kind: 'net', model: 'virtio' } },
    { op: 'burst', count: 2, fill: false, model: 'e1000' },
    { op: 'attach', mode: 'config', device: { kind: 'disk' } },
    { op: 'detach', mode: 'config', pick: 5 },
    { op: 'restart' },
  ]);
  assert.equal(
    steps.map((s) => (s.op === 'restart' ? 'restart' : `${s.op} ${s.mode} ${s.device.kind === 'net' ? s.device.spec.mac : s.device.kind === 'disk' ? s.device.spec.target : s.device.kind}`)),
    [
      `attach live ${attachedMac(0)}`,
      `attach live ${attachedMac(1)}`,
      `attach live ${attachedMac(2)}`,
      // the 4th attached device: index 700 + 3 = 703, which libvirt's disk naming writes vdaab (vdaaa is 702)
      'attach config vdaab',
      // pick 5 of the 4 attached so far: 5 mod 4 = the second one
      `detach config ${attachedMac(1)}`,
      'restart',
    ],
  );
});

for (const [machine, family, minExhausted] of [['q35', 'q35', 0.5], ['pc', 'i440fx', 0.2]] as const) {
  test(`${machine}: sampled sequences average 4+ steps and ${minExhausted * 100}%+ of them run out of slots (model's view)`, () => {
    const usableBase = (b: Parameters<typeof startWorld>[0], acpi: boolean) => startWorld(b, X86_PROFILE, acpi).kind === 'ok';
    const cases = fc.sample(hotplugCaseArb({ arch: 'x86_64', machine, family, usableBase }), { numRuns: 240, seed: 11 });
    let steps = 0;
    let exhausted = 0;
    for (const c of cases) {
      steps += c.steps.length;
      const start = startWorld(c.base, X86_PROFILE, c.acpi);
      assert.is(start.kind, 'ok');
      if (start.kind !== 'ok') continue;
      let world = start.world;
      let full = false;
      for (const s of c.steps) {
        const p = predictStep(world, s);
        if (p.kind === 'unsupported') break;
        if (p.kind === 'refused' && p.refusal === 'no-free-slot') full = true;
        if (p.kind === 'ok') world = p.world;
      }
      if (full) exhausted++;
      // no attached MAC collides with one of the base's
      for (const s of c.steps) if (s.op === 'attach' && s.device.kind === 'net') assert.not.ok(c.base.nets.some((n) => n.mac === (s.device.spec as { mac: string }).mac));
    }
    assert.ok(steps / cases.length >= 4, `average ${steps / cases.length}`);
    assert.ok(exhausted / cases.length >= minExhausted, `${exhausted} of ${cases.length} ran out of slots`);
  });
}

test('resolveSteps: a filling burst is as long as the fill length (when that is the longer)', () => {
  const steps = resolveSteps([{ op: 'burst', count: 2, fill: true, model: 'virtio' }, { op: 'burst', count: 3, fill: false, model: 'virtio' }], 5);
  assert.is(steps.length, 5 + 3);
  assert.ok(steps.every((s) => s.op === 'attach' && s.mode === 'live' && s.device.kind === 'net'));
});

test.run();
