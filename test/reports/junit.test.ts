import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStringPromise } from 'xml2js';
import { renderJUnit } from '../../reports/junit.js';
import { runSummary, nicCounterexample, hotplugCounterexample } from './fixtures.js';

interface Parsed {
  testsuites: {
    $: Record<string, string>;
    testsuite: Array<{
      $: Record<string, string>;
      properties: Array<{ property: Array<{ $: { name: string; value: string } }> }>;
      testcase: Array<{ $: Record<string, string>; failure?: Array<{ _: string; $: Record<string, string> } | string>; error?: unknown[] }>;
      'system-out': string[];
    }>;
  };
}

const parse = async (xml: string): Promise<Parsed> => (await parseStringPromise(xml, { strict: true })) as Parsed;
const failureText = (f: { _: string } | string): string => (typeof f === 'string' ? f : f._);

test('one testsuite, one testcase per property result, failures where counterexamples are', async () => {
  const doc = await parse(renderJUnit(runSummary()));
  assert.is(doc.testsuites.testsuite.length, 1);
  const suite = doc.testsuites.testsuite[0];
  const names = suite.testcase.map((c) => `${c.$.classname}/${c.$.name}`);
  assert.equal(names, ['pc-q35-7.2/xml', 'pc-q35-7.2/argv', 'pc-q35-7.2/invariant-stable', 'pc-i440fx-7.2 "A&B"/hotplug']);
  assert.is(suite.$.tests, '4');
  assert.is(suite.$.failures, '2');
  assert.is(suite.$.errors, '0');
  assert.is(suite.$.time, '60.000');
  assert.is(suite.testcase[0].$.time, '30.000');
  assert.is(suite.testcase[0].failure?.length, 1);
  assert.is(suite.testcase[1].failure, undefined);
});

test('failure text is the diff, exactly, escaped and parsed back', async () => {
  const doc = await parse(renderJUnit(runSummary()));
  const [xmlCase, , , hotplugCase] = doc.testsuites.testsuite[0].testcase;
  const nicText = failureText(xmlCase.failure![0]);
  assert.ok(nicText.startsWith(nicCounterexample().diff.trimEnd() + '\n'), nicText);
  assert.ok(nicText.includes('virsh dumpxml vp-case'));
  assert.ok(nicText.includes('seed: 424242  path: 12:0:3'));
  const hpText = failureText(hotplugCase.failure![0]);
  // The control character is not allowed in XML and is replaced; everything else survives.
  assert.ok(hpText.includes("-attach dev1.xml -> <address type='pci' slot='0x03'/>"));
  assert.ok(hpText.includes('+attach dev1.xml -> error: no free slot & ]]> \uFFFD'));
  assert.is(hotplugCounterexample().diff.includes('\u0001'), true);
});

test('run metadata and partial runs are marked in properties', async () => {
  const doc = await parse(renderJUnit(runSummary({ partial: true })));
  const props = Object.fromEntries(doc.testsuites.testsuite[0].properties[0].property.map((p) => [p.$.name, p.$.value]));
  assert.is(props.partial, 'true');
  assert.is(props.seed, '424242');
  assert.is(props['version.libvirt'], '9.0.0');
  assert.is(props.command, 'virtprop check --machine q35 --layers xml,argv --seed 424242');
  assert.match(doc.testsuites.testsuite[0]['system-out'][0], /^PARTIAL run/);
  const full = await parse(renderJUnit(runSummary()));
  assert.is(Object.fromEntries(full.testsuites.testsuite[0].properties[0].property.map((p) => [p.$.name, p.$.value])).partial, 'false');
});

test('harness faults are a JUnit error, failing totals without counterexample still fail', async () => {
  const doc = await parse(
    renderJUnit(runSummary({ harnessErrors: 4, counterexamples: [], properties: [{ property: 'argv', machine: 'pc-q35-7.2', cases: 10, failures: 2, durationMs: 1 }] })),
  );
  const suite = doc.testsuites.testsuite[0];
  assert.is(suite.$.errors, '1');
  assert.is(suite.$.failures, '1');
  assert.is(suite.testcase[0].failure?.length, 1);
  assert.is(suite.testcase[1].$.name, 'harness');
  assert.is(suite.testcase[1].error?.length, 1);
});

test('empty run is still a well-formed suite', async () => {
  const doc = await parse(renderJUnit(runSummary({ properties: [], counterexamples: [], versions: {}, argv: [] })));
  assert.is(doc.testsuites.testsuite[0].$.tests, '0');
});

test.run();
