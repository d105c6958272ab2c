// A planted regression on argv: a virsh wrapper (test/fixtures/planted/misreport-port)
// that gives one pcie-root-port a wrong `port` on the QEMU command line libvirt logs at
// start, leaving libvirt's XML untouched. Only the argv layer can see it: the run must
// fail there (not on xml), and shrink it to a q35 guest with no devices of its own (whose
// implicit USB controller and balloon already need root ports).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve('bin/virtprop.js');
const WRAPPER = path.resolve('test/fixtures/planted/misreport-port');

test('a wrong root-port port on the command line is caught by the argv layer and shrunk', async () => {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-argv-'));
  try {
    const r = await execa('node', [CLI, 'check', '--virsh', WRAPPER, '--machine', 'q35', '--runs', '30', '--seed', '4', '--layers', 'xml,argv', '--workers', '1', '--max-counterexamples', '1', '--json', '--out', out], { reject: false, timeout: 10 * 60_000 });
    assert.is(r.exitCode, 1, String(r.stderr));
    const cx = JSON.parse(String(r.stdout)).counterexamples[0];
    assert.is(cx.property, 'argv');
    assert.is(cx.layer, 'argv');
    assert.match(cx.diff, /^-id=pci\.1 driver=pcie-root-port .*port=0x8 /m);
    assert.match(cx.diff, /^\+id=pci\.1 driver=pcie-root-port .*port=0x9 /m);
    assert.match(cx.xml, /<devices\/>|<devices>\s*<\/devices>/, `shrunk XML:\n${cx.xml}`);
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
});

test.run();
