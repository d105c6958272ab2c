// `virtprop hotplug` through the built CLI against the real libvirt: a few dozen random
// sequences on pc and q35 agree with the model, and --json keeps its contract. The time
// limit is generous: a run killed by it (SIGKILL after SIGTERM) could leave its guests behind.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import { json, tempDir, virtprop } from '../commands/cli.js';

test('hotplug on pc and q35: every command agrees, sequences are 4+ commands, some run out of slots', async () => {
  const out = await tempDir();
  try {
    const run = await virtprop(['hotplug', '--machine', 'q35', '--machine', 'pc', '--runs', '10', '--seed', '42', '--workers', '2', '--json', '--no-progress', '--out', out], 480_000);
    const j = json(run);
    assert.is(run.code, 0, `exit ${run.code}: ${run.stderr}\n${JSON.stringify(j.counterexamples)}`);
    for (const key of ['sequences', 'commands', 'agree', 'mismatch', 'counterexamples']) assert.ok(key in j, `--json lacks ${key}`);
    assert.is(j.sequences, 20);
    assert.is(j.mismatch, 0);
    assert.equal(j.counterexamples, []);
    assert.is(j.harnessErrors, 0);
    assert.ok((j.commands as number) >= 4 * 20, `only ${j.commands} commands`);
    // every command agreed, was outside the model (counted, never guessed) or met a listed libvirt bug
    assert.is((j.agree as number) + (j.unsupported as number) + (j.knownIssueCommands as number), j.commands);
    assert.ok((j.exhausted as number) >= 1, 'no sequence ran out of PCI slots');
    assert.ok(((j.refusals as Record<string, number>)['no-free-slot'] ?? 0) >= 1);
    const report = JSON.parse(await fs.readFile(`${out}/report.json`, 'utf8')) as { command: string; cases: number };
    assert.is(report.command, 'hotplug');
    assert.is(report.cases, j.commands);
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
});

test.run();
