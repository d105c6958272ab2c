// The sequence checker without a live libvirt: a stand-in worker answers with libvirt's
// real output for a q35 guest with one virtio NIC (test/hotplug/fixtures/q35-one-nic.*,
// captured here with libvirt 9.0.0 / QEMU 7.2: live and inactive XML, `info qtree`), where a
// live e1000 attach is refused with "No more available PCI slots" and changes nothing. The
// stand-in then misbehaves on purpose, and the checker has to notice each time.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from '../../harness/worker.js';
import type { VirshResult } from '../../harness/virshSession.js';
import type { HotplugCase } from '../../properties/hotplug/arbitraries.js';
import { runSequence } from '../../properties/hotplug/sequence.js';
import { hotplugOracle } from '../../cli/commands/hotplug.js';
import { spec, X86_PROFILE } from '../model/summary.js';

const fixture = (name: string): string => readFileSync(`test/hotplug/fixtures/q35-one-nic.${name}`, 'utf8');
const ok = (stdout: string): VirshResult => ({ ok: true, stdout, error: '', durationMs: 0 });
const NO_SLOT = 'Failed to attach device from step-0.xml\ninternal error: No more available PCI slots';

/** How the stand-in answers the attach: as libvirt did, or wrongly in one of two ways. */
type Behaviour = 'as-observed' | 'refuses-but-moves-nic' | 'accepts';

/** Scratch directories of the stand-ins, removed after the suite. */
const scratchDirs: string[] = [];
test.after(() => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function standIn(behaviour: Behaviour): Worker {
  let inactive = fixture('inactive.xml');
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'vp-hp-checker-'));
  scratchDirs.push(scratchDir);
  const fake = {
    scratchDir,
    imageDir: path.join(scratchDir, 'images'),
    options: { timeoutMs: 1000 },
    define: async () => ({ kind: 'defined' as const, xml: inactive }),
    startPaused: async () => ok(''),
    liveXml: async () => ok(fixture('live.xml')),
    qtree: async () => ok(fixture('qtree.txt')),
    destroy: async () => undefined,
    undefine: async () => undefined,
    virsh: async (args: string[]): Promise<VirshResult> => {
      if (args[0] === 'dumpxml' && args[1] === '--inactive') return ok(inactive);
      if (args[0] === 'attach-device') {
        if (behaviour === 'accepts') return ok('Device attached successfully');
        // the base NIC sits on bus 1; the planted fault moves it to bus 4 in the persistent definition
        if (behaviour === 'refuses-but-moves-nic') inactive = inactive.replace(/(<mac address='52:54:00:00:00:01'\/>[\s\S]*?bus=')0x01'/, "$10x04'");
        return { ok: false, stdout: '', error: NO_SLOT, durationMs: 0 };
      }
      throw new Error(`unexpected virsh ${args.join(' ')}`);
    },
  };
  return fake as unknown as Worker;
}

const c: HotplugCase = {
  base: spec('q35', { nets: [{ model: 'virtio', mac: '52:54:00:00:00:01' }] }),
  acpi: false,
  steps: [{ op: 'attach', mode: 'live', device: { kind: 'net', spec: { model: 'e1000', mac: '52:54:01:00:00:00' } } }],
};

const run = (behaviour: Behaviour) => runSequence(c, { worker: standIn(behaviour), profile: X86_PROFILE, virtType: 'kvm', oracle: hotplugOracle, domainName: 'vp-fake' });

test('libvirt as observed: the predicted refusal agrees', async () => {
  const r = await run('as-observed');
  assert.is(r.outcome, 'agree', r.diff);
  assert.equal(r.tally.refusals, { 'no-free-slot': 1 });
});

test('a refusal that still changes the inactive XML is a mismatch at that step', async () => {
  const r = await run('refuses-but-moves-nic');
  assert.is(r.outcome, 'mismatch');
  assert.is(r.failedStep, 0);
  assert.match(r.diff, /^-device net:52:54:00:00:00:01 @ pci 0000:01:00\.0$/m);
  assert.match(r.diff, /^\+device net:52:54:00:00:00:01 @ pci 0000:04:00\.0$/m);
});

test('an attach the model says must be refused but libvirt accepts is a mismatch, and the repro names its device file', async () => {
  const r = await run('accepts');
  assert.is(r.outcome, 'mismatch');
  assert.match(r.diff, /^-outcome: refused no-free-slot$/m);
  assert.match(r.diff, /^\+outcome: ok$/m);
  assert.ok(r.virshCommands.includes('attach-device vp-fake step-0.xml --live'), r.virshCommands.join('\n'));
  assert.match(r.files['step-0.xml'], /<mac address='52:54:01:00:00:00'\/>/);
});

test.run();
