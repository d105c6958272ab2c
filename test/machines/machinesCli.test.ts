// `virtprop machines` and `virtprop check --arch aarch64` through the built CLI against
// the real libvirt 9.0 + QEMU 7.2 here, as CI runs them: aarch64 virt guests agree with the
// model, and `machines --json` keeps its shape with no mismatch on any x86_64/aarch64
// machine of a family the model covers. The one mismatch libvirt 9.0 has here, the
// unclear refusal of an unknown x86_64 machine, must be reported and tied to its entry
// under known-issues/ (and so leave the exit code at 0).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve('bin/virtprop.js');
const RUNS = Number(process.env.VIRTPROP_IT_RUNS ?? 150);

async function cli(args: string[]): Promise<{ code: number; json: Record<string, any>; stderr: string }> {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-mit-'));
  const r = await execa('node', [CLI, ...args, '--json', '--out', out], { reject: false, timeout: 15 * 60_000 });
  await fs.rm(out, { recursive: true, force: true });
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(String(r.stdout).trim().split('\n').pop() ?? '');
  } catch {
    assert.unreachable(`no JSON (exit ${r.exitCode}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.exitCode ?? -1, json, stderr: String(r.stderr) };
}

test(`check --arch aarch64 --machine virt (TCG): ${RUNS} random guests, 0 mismatches on the xml layer`, async () => {
  const { code, json, stderr } = await cli(['check', '--arch', 'aarch64', '--machine', 'virt', '--runs', String(RUNS), '--seed', '20261125', '--layers', 'xml', '--tcg']);
  const cxs = (json.counterexamples ?? []) as Array<{ diff: string }>;
  assert.is(json.mismatch, 0, `mismatches:\n${cxs.map((c) => c.diff).join('\n')}\n${stderr}`);
  assert.is(code, 0);
  assert.is(json.cases, RUNS);
  assert.ok(json.unsupported <= RUNS * 0.05, `unsupported ${json.unsupported}: ${JSON.stringify(json.unsupportedReasons)}`);
  assert.ok(json.agree > RUNS / 2, `agree ${json.agree}`);
});

test('machines --json: shape, aliases, families, and no mismatch on a covered machine', async () => {
  const { code, json, stderr } = await cli(['machines', '--runs', '2', '--seed', '7', '--tcg']);
  const machines = json.machines as Array<Record<string, any>>;
  assert.ok(Array.isArray(machines) && machines.length > 50, `machines: ${machines?.length}\n${stderr}`);
  for (const m of machines) {
    for (const key of ['arch', 'name', 'canonical', 'family', 'verdict']) assert.ok(key in m, `${m.name} lacks ${key}`);
    assert.ok(['ok', 'mismatch', 'unsupported'].includes(m.verdict), `${m.name}: ${m.verdict}`);
    assert.ok(['x86_64', 'aarch64'].includes(m.arch));
    if (m.family === 'other') assert.is(m.verdict, 'unsupported', `${m.name}: ${m.reason}`);
    else assert.is.not(m.verdict, 'mismatch', `${m.arch} ${m.name}: ${m.reason}\n${JSON.stringify(m.properties)}`);
  }
  const row = (arch: string, name: string) => machines.find((m) => m.arch === arch && m.name === name)!;
  assert.equal([row('x86_64', 'pc').family, row('x86_64', 'q35').family, row('aarch64', 'virt').family], ['i440fx', 'q35', 'arm-virt']);
  for (const [arch, alias] of [['x86_64', 'pc'], ['x86_64', 'q35'], ['aarch64', 'virt']]) {
    const m = row(arch, alias);
    assert.is(m.canonical, m.aliasOf, `${alias}: canonical ${m.canonical}, alias of ${m.aliasOf}`);
    assert.ok(m.properties.some((p: { property: string; verdict: string }) => p.property === 'alias' && p.verdict === 'ok'), alias);
  }
  // described by QEMU as an "ARM Virtual Machine" too, but libvirt gives it no pcie-root
  assert.equal([row('aarch64', 'sbsa-ref').family, row('aarch64', 'sbsa-ref').verdict], ['other', 'unsupported']);
  assert.match(row('x86_64', 'microvm').reason, 'No PCI buses available');
  const unknown = Object.fromEntries((json.unknownMachine as Array<Record<string, any>>).map((u) => [u.arch, u]));
  assert.is(unknown.aarch64.verdict, 'ok', unknown.aarch64.detail);
  assert.is(unknown.x86_64.verdict, 'mismatch', unknown.x86_64.detail);
  assert.is(unknown.x86_64.knownIssue, 'libvirt-9.0-unknown-machine-no-pci-buses');
  assert.is(json.totals.mismatch, 0);
  assert.is(code, 0);
});

test('machines with an unknown --arch is a usage error (exit 2)', async () => {
  const r = await execa('node', [CLI, 'machines', '--arch', 'sparc'], { reject: false });
  assert.is(r.exitCode, 2);
  assert.match(String(r.stderr), 'unknown --arch "sparc"');
});

test.run();
