// `check` spread over several hosts: two embedded roots given as explicit
// qemu:///embed?root=… URIs stand for two hosts of one build. Each gets its own worker
// set; every case domain name is unique across the merged run; both hosts do work; the
// totals are merged; and nothing stays defined on either host.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setUpEnvironment } from '../../cli/environment.js';
import { contextsFor } from '../../cli/commands/check.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { runCheck } from '../../properties/runner/check.js';
import { runCli } from './cliRun.js';

let base: string;
const uris: string[] = [];
test.before(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'vp-hosts-'));
  for (const host of ['h1', 'h2']) {
    await mkdir(path.join(base, host, 'etc'), { recursive: true });
    // As root, QEMU runs as root: avoids libvirt's re-probe on every call (ARCHITECTURE.md, "The capability cache trap").
    await writeFile(path.join(base, host, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\n');
    uris.push(`qemu:///embed?root=${path.join(base, host)}`);
  }
});
test.after(async () => {
  await rm(base, { recursive: true, force: true });
});

const definedOn = async (uri: string): Promise<string[]> =>
  (await execa('virsh', ['-c', uri, 'list', '--all', '--name'])).stdout.split('\n').filter(Boolean);

test('one worker set per host, unique domain names, merged totals, nothing left defined', async () => {
  const env = await setUpEnvironment({ virsh: 'virsh', uris, workers: 2, timeoutMs: 60_000 });
  const definesByUri = new Map<string, Set<string>>();
  try {
    // An embedded root admits one virsh process (its driver's pid file): one worker per "host".
    assert.is(env.workers.length, 2);
    assert.equal(env.workers.map((w) => w.uri), uris);
    assert.is(env.versions.Hosts, '2');
    // Spy on each worker's defines (one at a time, and pipelined) to see which host ran
    // which domain names.
    for (const w of env.workers) {
      const saw = (name: string): void => {
        if (!name.startsWith('vp-probe')) (definesByUri.get(w.uri) ?? definesByUri.set(w.uri, new Set()).get(w.uri)!).add(name);
      };
      const define = w.define.bind(w);
      w.define = (xml, name, flags) => {
        saw(name);
        return define(xml, name, flags);
      };
      const defineAhead = w.defineAhead.bind(w);
      w.defineAhead = (xml, name, slot, redefine) => {
        saw(name);
        return defineAhead(xml, name, slot, redefine);
      };
    }
    const contexts = contextsFor(env, 'x86_64', ['xml']);
    const names = contexts.map((c) => c.domainName);
    assert.is(new Set(names).size, names.length, `names unique: ${names}`);
    const { stats } = await runCheck({ arbitrary: domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35' }), runs: 40, seed: 7, contexts, maxCounterexamples: 100 });
    assert.is(stats.cases + stats.harnessErrors, 40);
    assert.is(stats.harnessErrors, 0, stats.lastHarnessError);
  } finally {
    await env.close();
  }
  for (const uri of uris) assert.ok((definesByUri.get(uri)?.size ?? 0) > 0, `host ${uri} ran cases`);
  const [h1, h2] = uris.map((u) => [...(definesByUri.get(u) ?? [])]);
  assert.equal(h1.filter((n) => h2.includes(n)), [], 'no domain name used on both hosts');
  for (const uri of uris) assert.equal(await definedOn(uri), [], `nothing left on ${uri}`);
});

test('check --uri A --uri B from the command line merges both hosts into one report', async () => {
  const r = await runCli(['check', '--uri', uris[0], '--uri', uris[1], '--workers', '1', '--machine', 'pc', '--runs', '30', '--layers', 'xml', '--json', '--out', path.join(base, 'out')]);
  assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
  assert.ok(r.json, r.stdout + r.stderr);
  const known = Object.values((r.json!.knownIssues ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
  assert.is(r.json!.agree + r.json!.mismatch + r.json!.unsupported + known, 30);
  assert.is(r.json!.cases, 30);
  assert.is(r.json!.versions.Hosts, '2');
  for (const uri of uris) assert.equal(await definedOn(uri), []);
});

test('the same --uri twice is refused', async () => {
  const r = await runCli(['check', '--uri', uris[0], '--uri', uris[0], '--runs', '1', '--out', path.join(base, 'dup')]);
  assert.is(r.exitCode, 2);
  assert.match(r.stderr, /given twice/);
});

test.run();
