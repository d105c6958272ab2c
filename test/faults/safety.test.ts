// Safety: no shell ever gets user input, every argument reaches virsh as exactly one
// argument (asked of the real virsh's own parser), generated names are plain, the reaper
// only kills what is ours, and a URI's password never reaches an error message.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VirshSession } from '../../harness/virshSession.js';
import { mentionsDir } from '../../harness/reaper.js';
import { RUN_TAG } from '../../harness/runTag.js';
import { EnvironmentError, VirshCrashedError } from '../../harness/errors.js';
import { caseDomainName } from '../../cli/commands/check.js';
import { reportError } from '../../cli/main.js';
import { execa } from 'execa';
import { distRoot, dropScratch, messageProblems, repoRoot, scratchDir } from './support.js';

/** Every TypeScript source file of the product (not the tests). */
async function productSources(): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const top of ['cli', 'harness', 'properties', 'reports', 'model', 'types']) {
    for (const rel of await readdir(path.join(repoRoot, top), { recursive: true })) {
      if (!rel.endsWith('.ts')) continue;
      const file = path.join(top, rel);
      out.push({ file, text: await readFile(path.join(repoRoot, file), 'utf8') });
    }
  }
  return out;
}

test('no shell gets user input: no shell: true, no exec/execSync, no interpolated sh -c', async () => {
  const sources = await productSources();
  assert.ok(sources.length > 50, `only ${sources.length} sources found under ${repoRoot}`);
  const offences: string[] = [];
  for (const { file, text } of sources) {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\/\*|\*)/.test(line)) return; // comments may talk about shells
      const where = `${file}:${i + 1}: ${line.trim()}`;
      if (/\bshell\s*:\s*(true|['"`])/.test(line)) offences.push(where);
      // child_process's string-command APIs always go through /bin/sh.
      if (/\b(execSync|execFileSync)\s*\(|\bexec\s*\(\s*[`'"]/.test(line) || /import\s*\{[^}]*\bexec\b[^}]*\}\s*from\s*['"](node:)?child_process/.test(line)) offences.push(where);
      // A shell script given on the command line must be a constant; data goes in "$1" ….
      if (/['"]-c['"]\s*,\s*`[^`]*\$\{/.test(line)) offences.push(where);
      if (/execa(Command|Sync)?\s*\(\s*`[^`]*\$\{/.test(line)) offences.push(where);
    });
  }
  assert.equal(offences, [], 'places that hand user input to a shell');
});

test('virsh receives every argument as exactly one argument (real virsh parser)', async () => {
  const dir = await scratchDir('quote');
  const root = path.join(dir, 'root');
  await mkdir(path.join(root, 'etc'), { recursive: true });
  await writeFile(path.join(root, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\n');
  const session = await VirshSession.open({ virsh: 'virsh', uri: `qemu:///embed?root=${root}`, timeoutMs: 60_000 });
  try {
    const nasty = ["it's", 'a b', 'semi;colon', '#hash', '$HOME', '`id`', '"dq"', 'back\\slash', "'; undefine x; echo '", 'ünïcode ✓'];
    for (const arg of nasty) {
      const r = await session.run(['echo', arg]);
      assert.ok(r.ok, `${JSON.stringify(arg)}: ${r.error}`);
      assert.is(r.stdout.replace(/\n$/, ''), arg, `virsh saw ${JSON.stringify(r.stdout)} for ${JSON.stringify(arg)}`);
    }
    // A line break would end the command early and start another, and virsh's readline acts
    // on other control characters (a tab completes): all refused before sending.
    for (const arg of ['x\nundefine y', 'x\rdestroy y', 'x\0y', 'tab\tin', 'x\u0015y', 'x\u007fy']) {
      await session.run(['dumpxml', arg]).then(
        () => assert.unreachable(`${JSON.stringify(arg)} was sent`),
        (err: Error) => assert.match(err.message, /refusing to send virsh an argument with a control character/),
      );
    }
    const after = await session.run(['echo', 'still fine']);
    assert.is(after.stdout.trim(), 'still fine', 'the session survives a refused argument');
  } finally {
    await session.close();
    await dropScratch(dir);
  }
});

test('generated domain names are plain, short and unique to the process', () => {
  assert.match(RUN_TAG, /^[a-z0-9]{5,12}$/);
  for (const i of [0, 1, 15, 127]) {
    const name = caseDomainName(i);
    assert.match(name, /^vp-[a-z0-9]+-\d+$/);
    assert.ok(name.length <= 20, `${name} is long (QEMU socket paths are limited)`);
    assert.ok(name.includes(RUN_TAG));
  }
});

test('the reaper matches a run directory as a path, never a sibling with the same prefix', () => {
  const cmd = (...args: string[]): string => args.join('\0');
  assert.ok(mentionsDir(cmd('virsh', '-c', 'qemu:///embed?root=/tmp/vp-abc123/w0'), '/tmp/vp-abc123'));
  assert.ok(mentionsDir(cmd('qemu-system-x86_64', '-pidfile', '/tmp/vp-abc123/w0/run/x.pid'), '/tmp/vp-abc123'));
  assert.ok(mentionsDir(cmd('virsh', '-c', 'qemu:///embed?root=/tmp/root'), '/tmp/root'), 'the directory itself, at the end of an argument');
  assert.not.ok(mentionsDir(cmd('virsh', '-c', 'qemu:///embed?root=/tmp/vp-abc1234/w0'), '/tmp/vp-abc123'), 'a sibling directory is another run');
  assert.not.ok(mentionsDir(cmd('tail', '/tmp/vp-abc123x.log'), '/tmp/vp-abc123'));
});

test('a URI password never reaches an error message, with or without --debug', () => {
  const uri = 'qemu+ssh://user:secret@host/system';
  const errors: unknown[] = [
    new EnvironmentError(`libvirt at ${uri} did not answer`, `check ${uri} with virsh -c URI version`),
    new VirshCrashedError('version', 1, null, `error: failed to connect to the hypervisor\nerror: Cannot recv data: ssh: connect to ${uri}`),
    new Error(`something about ${uri}`),
  ];
  for (const err of errors) {
    for (const debug of [false, true]) {
      let written = '';
      const write = process.stderr.write;
      process.stderr.write = ((s: string) => ((written += s), true)) as typeof process.stderr.write;
      try {
        reportError(err, debug);
      } finally {
        process.stderr.write = write;
      }
      assert.ok(written.length > 0);
      assert.not.match(written, /secret/, `${(err as Error).name} (debug ${debug}) shows the password:\n${written}`);
      assert.match(written, /user:\*\*\*@host/);
    }
  }
});

test('a crash of ours exits 3 with one paragraph, never 1 (which CI reads as a mismatch)', async () => {
  const mainJs = path.join(distRoot, 'cli', 'main.js');
  for (const [what, code] of [
    ['an exception in a timer', "setTimeout(() => { throw new Error('boom in a timer'); }, 0);"],
    ['an unhandled rejection', "Promise.reject(new Error('boom in a promise'));"],
  ]) {
    const r = await execa(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(mainJs)}); await main(['--help']); ${code}`], { reject: false });
    assert.is(r.exitCode, 3, `${what}: exit ${r.exitCode}; stderr: ${r.stderr}`);
    assert.match(r.stderr, /^virtprop: internal error: boom in a (timer|promise)\.\n  What to do: run again with --debug/);
    assert.equal(messageProblems(r.stderr), [], r.stderr);
  }
});

test.run();
