// The quick reader must build exactly the tree xml2js builds (key order included: device
// elements are visited in key order), on every XML this project meets: libvirt's outputs
// captured in fixtures, libvirt's own test inputs, generated domains, and edge cases of
// the XML syntax. xml2js is the reference here, not a hand-written expectation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseStringPromise } from 'xml2js';
import { parseXmlTree, readXmlTree } from '../../harness/xmlTreeReader.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import { renderDomainXml } from '../../properties/userxml/renderXml.js';
import { fetchLibvirtTests, installedLibvirtSource } from '../../cli/commands/libvirtTests.js';

const same = async (xml: string, label: string): Promise<void> => {
  const reference: unknown = await parseStringPromise(xml);
  const quick = readXmlTree(xml);
  assert.equal(quick, reference, label);
  assert.is(JSON.stringify(quick), JSON.stringify(reference), `${label}: key order`);
};

async function xmlFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await xmlFilesUnder(p)));
    else if (entry.name.endsWith('.xml')) out.push(p);
  }
  return out;
}

test('libvirt outputs captured in fixtures and known issues: same tree as xml2js', async () => {
  const files = [...(await xmlFilesUnder('test/fixtures')), ...(await xmlFilesUnder('known-issues'))];
  assert.ok(files.length >= 30, `only ${files.length} files`);
  for (const f of files) await same(await fs.readFile(f, 'utf8'), f);
});

test("libvirt's own PCI test inputs (and golden outputs) of the installed release: same tree as xml2js", async () => {
  const dir = (await fetchLibvirtTests(await installedLibvirtSource())).dir;
  const files = await xmlFilesUnder(dir);
  assert.ok(files.length >= 100, `only ${files.length} corpus files in ${dir}`);
  for (const f of files) await same(await fs.readFile(f, 'utf8'), f);
});

test('generated domains of every architecture: same tree as xml2js', async () => {
  for (const target of [
    { arch: 'x86_64', machine: 'pc', family: 'i440fx' },
    { arch: 'x86_64', machine: 'q35', family: 'q35' },
    { arch: 'aarch64', machine: 'virt', family: 'arm-virt' },
  ] as const) {
    const specs = fc.sample(domainSpecArb(target), { numRuns: 100, seed: 11 });
    for (const spec of specs) await same(renderDomainXml(spec, { name: 'vp-t', virtType: 'kvm', imageDir: '/tmp/i' }), target.machine);
  }
});

test('syntax edge cases: same tree as xml2js', async () => {
  const cases = [
    '<a/>',
    '<a></a>',
    '<a>\n  </a>',
    '<a x="1"/>',
    "<a x='1' y = \"2\"/>",
    '<a>text</a>',
    '<a x="1">text</a>',
    '<a>one<b/>two</a>',
    '<a><b>1</b><c/><b>2</b></a>',
    '<a x="&lt;&amp;&gt;&quot;&apos;&#65;&#x42;">&lt;t&gt; &amp; u</a>',
    '<a><![CDATA[<raw> & ]]></a>',
    '<a><![CDATA[  ]]></a>',
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<a><!-- inside --><b/></a>\n<!-- after -->\n',
    '<qemu:a xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0"><qemu:arg value="-x"/></qemu:a>',
    '<a>\n  <b x="1">\n  </b>\n  <c>  </c>\n</a>',
  ];
  for (const xml of cases) await same(xml, xml);
});

test('malformed XML: the quick reader refuses it and xml2js words the error', async () => {
  const bad = ['<a>', '<a></b>', '<a x="1" x="2"/>', '<a>&bogus;</a>', '<a x=1/>', '<a/><b/>', 'text<a/>', '<!DOCTYPE a><a/>', '<a><</a>', ''];
  for (const xml of bad) {
    assert.throws(() => readXmlTree(xml), undefined, xml);
  }
  for (const xml of ['<a>', '<a></b>', '<a x=1/>']) {
    try {
      await parseXmlTree(xml);
      assert.unreachable(`accepted ${xml}`);
    } catch (err) {
      assert.match((err as Error).message, /Line|Unclosed|Unexpected|Unmatched|Attribute/i, xml);
    }
  }
});

test.run();
