import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scrubCredentials, scrubDeep } from '../../reports/scrub.js';
import { writeBundle } from '../../reports/bundle.js';
import type { Counterexample } from '../../types/run.js';

test('password in URI user info is replaced, user name and host kept', () => {
  assert.is(scrubCredentials('virsh -c qemu+tcp://admin:s3cr3t@host/system list'), 'virsh -c qemu+tcp://admin:***@host/system list');
  assert.is(scrubCredentials('qemu+tcp://u:p@ss@host/system'), 'qemu+tcp://u:***@host/system');
});

test('password-like query parameters are replaced, others kept', () => {
  assert.is(scrubCredentials('qemu+tls://h/system?password=hunter2&no_verify=1'), 'qemu+tls://h/system?password=***&no_verify=1');
  assert.is(scrubCredentials("uri='x:///?a=1&token=abc'"), "uri='x:///?a=1&token=***'");
  assert.is(scrubCredentials('--connect=qemu+tcp://h/system?PASSWD=x'), '--connect=qemu+tcp://h/system?PASSWD=***');
});

test('URIs without credentials are left alone', () => {
  for (const s of ['qemu:///system', 'qemu+ssh://root@host/system', 'http://host:8080/a@b', 'qemu:///embed?root=/tmp/x', 'bypass=1']) {
    assert.is(scrubCredentials(s), s);
  }
});

test('scrubbing twice changes nothing more', () => {
  const once = scrubCredentials('qemu+tcp://a:b@h/?password=c');
  assert.is(scrubCredentials(once), once);
});

test('scrubDeep reaches nested strings and leaves other values', () => {
  const input = { argv: ['-c', 'qemu+tcp://a:pw@h/system'], n: 3, ok: true, nested: { m: { u: 'x?password=pw' } }, nothing: null };
  assert.equal(scrubDeep(input), { argv: ['-c', 'qemu+tcp://a:***@h/system'], n: 3, ok: true, nested: { m: { u: 'x?password=***' } }, nothing: null });
  assert.is(input.argv[1], 'qemu+tcp://a:pw@h/system', 'the input is not modified');
});

test('no bundle file carries a credential, wherever it came from', async () => {
  const secret = 'Sup3rS3cret';
  const uri = `qemu+tcp://admin:${secret}@host/system?password=${secret}`;
  const cx: Counterexample = {
    property: 'xml', machine: `pc?password=${secret}`, arch: 'x86_64', layer: 'xml',
    xml: `<domain><name>vp-case</name><description>${uri}</description></domain>`,
    libvirtXml: `<!-- ${uri} -->`, expected: `a ${uri}\n`, observed: `b ${uri}\n`, diff: uri,
    virshCommands: ['define input.xml', `dumpxml vp-case --uri ${uri}`],
    extraFiles: { 'dev.xml': uri }, seed: 1, path: uri,
  };
  const out = mkdtempSync(path.join(tmpdir(), 'vp-scrub-'));
  try {
    const bundle = await writeBundle(out, cx, 1);
    assert.not.ok(bundle.includes(secret), 'not in the directory name');
    const files = readdirSync(bundle);
    assert.is(files.length, 8);
    for (const f of files) assert.not.ok(readFileSync(path.join(bundle, f), 'utf8').includes(secret), `${f} is clean`);
    assert.ok(readFileSync(path.join(bundle, 'dev.xml'), 'utf8').includes('qemu+tcp://admin:***@host/system?password=***'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
