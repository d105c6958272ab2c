// A virsh that does not echo its input (built without readline) gets the framing with its
// own stdout marker: the same answers as the real, echoing virsh, errors included.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Worker } from '../../harness/worker.js';
import { makeRunDir } from '../../harness/embedRoot.js';
import { parseDomainXml } from '../../harness/parseDomainXml.js';

const NO_ECHO = path.resolve('test/fixtures/fake-virsh/no-echo.sh');
const xml = (n: string): string => `<domain type='qemu'><name>${n}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`;

let runDir = '';
let workers: Worker[] = [];

test.before(async () => {
  runDir = await makeRunDir('vp-noecho-');
  workers = [
    await Worker.create({ virsh: NO_ECHO, runDir, index: 0, timeoutMs: 60_000 }),
    await Worker.create({ virsh: 'virsh', runDir, index: 1, timeoutMs: 60_000 }),
  ];
});

test.after(async () => {
  for (const w of workers) await w.close();
  await fs.rm(runDir, { recursive: true, force: true });
});

test('without echo and with it: same outputs, same errors, pipelined or not', async () => {
  const answers = await Promise.all(workers.map(async (w) => {
    const out: string[] = [];
    // Sent at once, answered in order: framing must hold output and errors apart.
    const [hello, quoted, missing, after] = await Promise.all([
      w.virsh(['echo', 'hello']),
      w.virsh(['echo', "it's a `x` \"y\""]),
      w.virsh(['dumpxml', 'no-such-domain']),
      w.virsh(['echo', 'after']),
    ]);
    out.push(hello.stdout.trim(), quoted.stdout.trim(), String(missing.ok), missing.error, after.stdout.trim(), after.error);
    const defined = await w.define(xml('vp-noecho'), 'vp-noecho');
    assert.is(defined.kind, 'defined');
    if (defined.kind === 'defined') out.push((await parseDomainXml(defined.xml)).machine);
    await w.undefine('vp-noecho');
    out.push(JSON.stringify(w.leftovers));
    return out;
  }));
  assert.equal(workers.map((w) => w.framing), ['marker-output', 'echoed-line'], 'each framing was exercised');
  assert.equal(answers[0], answers[1]);
  assert.equal(answers[0].slice(0, 3), ['hello', 'it\'s a `x` "y"', 'false']);
  assert.match(answers[0][3], /no-such-domain/);
});

test.run();
