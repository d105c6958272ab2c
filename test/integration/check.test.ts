// The main property against the real libvirt + QEMU through the CLI: random guests for
// pc and q35 must agree with the model on the xml, argv and qemu layers, and the JSON output keeps its contract.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve('bin/virtprop.js');
// Every case is started under QEMU (argv and qemu layers), so CI runs fewer than the
// 1000-case acceptance runs; raise VIRTPROP_IT_RUNS for a longer run.
const RUNS = Number(process.env.VIRTPROP_IT_RUNS ?? 80);
// The runs' embedded roots go under a directory of this test's own (kept short: QEMU's
// monitor socket path must fit in 108 bytes), so leftovers are checked only there.
const RUN_BASE = await fs.mkdtemp('/tmp/vpit-');

async function runCheck(machine: string, layers: string, seed: number): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-it-'));
  const r = await execa('node', [CLI, 'check', '--machine', machine, '--runs', String(RUNS), '--seed', String(seed), '--layers', layers, '--json', '--out', out], { reject: false, timeout: 20 * 60_000, env: { VIRTPROP_TMPDIR: RUN_BASE } });
  await fs.rm(out, { recursive: true, force: true });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(String(r.stdout));
  } catch {
    assert.unreachable(`check printed no JSON (exit ${r.exitCode}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.exitCode ?? -1, json, stderr: String(r.stderr) };
}

for (const [machine, seed] of [['pc', 20261123], ['q35', 20261124]] as const) {
  test(`check ${machine}: ${RUNS} random guests agree with the model on all layers`, async () => {
    const { code, json, stderr } = await runCheck(machine, 'xml,argv,qemu', seed);
    const cxs = json.counterexamples as Array<{ diff: string; bundle: string }>;
    assert.is(json.mismatch, 0, `mismatches found:\n${cxs.map((c) => c.diff).join('\n')}\n${stderr}`);
    assert.is(code, 0);
    assert.is(json.cases, RUNS);
    for (const key of ['cases', 'agree', 'mismatch', 'unsupported', 'libvirtErrors', 'casesPerSecond', 'counterexamples']) assert.ok(key in json, `JSON lacks ${key}`);
    // At most 5% of the cases may fall outside the model's coverage.
    assert.ok((json.unsupported as number) <= RUNS * 0.05, `unsupported ${json.unsupported} of ${RUNS}: ${JSON.stringify(json.unsupportedReasons)}`);
    assert.ok((json.agree as number) > RUNS / 2);
  });
}

test('no run directory (so no embedded domain) and no QEMU process outlives the runs', async () => {
  const ps = await execa('pgrep', ['-af', RUN_BASE], { reject: false });
  assert.is(String(ps.stdout).trim(), '');
  assert.equal(await fs.readdir(RUN_BASE), []);
  await fs.rm(RUN_BASE, { recursive: true, force: true });
});

test.run();
