// Shrinking of hotplug sequences against the planted regression shared with `check`
// (test/fixtures/planted/misreport-slot: a virsh that misreports one NIC's slot in any
// domain XML holding three or more NICs). Whatever mix of base NICs and attached NICs
// first trips it, the shrunk sequence must hold exactly three NICs in all and no more
// steps than it needs, and its bundle must carry the device XMLs the commands name.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { json, PLANTED, tempDir, virtprop } from '../commands/cli.js';

test('a planted slot misreport is shrunk to three NICs in all, and the bundle has the device files', async () => {
  const out = await tempDir();
  try {
    const run = await virtprop(['hotplug', '--virsh', PLANTED, '--machine', 'q35', '--runs', '20', '--seed', '5', '--workers', '1', '--max-counterexamples', '1', '--json', '--no-progress', '--out', out], 15 * 60_000);
    assert.is(run.code, 1, `expected exit 1 (mismatch): ${run.stderr}`);
    const j = json(run);
    const cx = (j.counterexamples as Array<{ xml: string; commands: string[]; diff: string; bundle: string }>)[0];
    assert.ok(cx, 'no counterexample');
    const baseNics = (cx.xml.match(/<interface /g) ?? []).length;
    const bundle = path.join(out, cx.bundle);
    const attachFiles = cx.commands.filter((c) => /^attach-device /.test(c)).map((c) => c.split(' ')[2]);
    const attachedNics = (await Promise.all(attachFiles.map((f) => fs.readFile(path.join(bundle, f), 'utf8')))).filter((x) => x.startsWith('<interface')).length;
    assert.is(baseNics + attachedNics, 3, `base NICs ${baseNics}, attached ${attachedNics}\n${cx.commands.join('\n')}\n${cx.xml}`);
    // no step beyond the attaches that add NICs survives shrinking
    assert.is(attachFiles.length, attachedNics, cx.commands.join('\n'));
    assert.match(cx.diff, /net:52:54:0[01]:/);
    assert.match(await fs.readFile(path.join(bundle, 'repro.sh'), 'utf8'), /attach-device|define/);
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
});

test.run();
