// The mutant catalogue against Debian's libvirt 9.0 source (the copies of the three files
// ci/build-libvirt.sh keeps as Debian ships them): every mutant applies exactly once at the
// line it names, ids are unique, equivalent ones say why; and `mutate --list` prints it.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import { CATALOGUE_SOURCE, MUTANTS, MUTATED_FILES } from '../../harness/mutation/catalogue.js';
import { changedLine, debianFile, mutateText, occurrences } from '../../harness/mutation/sourceBuild.js';
import { selectMutants, mutationScore, listText } from '../../cli/commands/mutate.js';
import { runCli } from '../diff/cliRun.js';
import { testSourceBuild } from './sourceBuildFixture.js';
import { buildProgram } from '../../cli/main.js';

const test = suite('mutate: the catalogue');

test('at least 30 mutants over the three files, unique ids, a description each, equivalent ones with a reason', () => {
  assert.ok(MUTANTS.length >= 30, `${MUTANTS.length} mutants`);
  assert.is(new Set(MUTANTS.map((m) => m.id)).size, MUTANTS.length, 'duplicate id');
  for (const f of MUTATED_FILES) assert.ok(MUTANTS.filter((m) => m.file === f).length >= 5, `few mutants of ${f}`);
  for (const m of MUTANTS) {
    assert.ok(m.description.length > 20, m.id);
    assert.ok(m.find !== m.replace, m.id);
    if (m.equivalent !== undefined) assert.ok(m.equivalent.length > 20, `${m.id}: say why it is equivalent`);
  }
});

test(`every mutant applies cleanly to Debian's ${CATALOGUE_SOURCE.version} at the line it names`, async () => {
  const b = await testSourceBuild();
  assert.is(b.version, CATALOGUE_SOURCE.version, 'the test build is of another Debian version than the catalogue');
  const texts = new Map<string, string>();
  for (const f of MUTATED_FILES) texts.set(f, await fs.readFile(debianFile(b, f), 'utf8'));
  for (const m of MUTANTS) {
    const text = texts.get(m.file)!;
    assert.is(occurrences(text, m.find), 1, `${m.id}: its text must occur exactly once in ${m.file}`);
    assert.is(changedLine(text, m), m.line, `${m.id}: line`);
    const r = mutateText(text, m);
    assert.ok(r.ok, m.id);
    if (r.ok) assert.is.not(r.text, text, m.id);
  }
});

test('a mutant whose text is gone (a patch changed it) is reported, not applied', () => {
  const r = mutateText('int x = 1;\n', { id: 'x', find: 'int y', replace: 'int z' });
  assert.equal(r.ok, false);
  const twice = mutateText('a\na\n', { id: 'x', find: 'a', replace: 'b' });
  assert.equal(twice.ok, false);
});

test('--only and --limit select in catalogue order; an unknown id is a usage error', () => {
  assert.equal(selectMutants(undefined, 3).map((m) => m.id), MUTANTS.slice(0, 3).map((m) => m.id));
  const ids = [MUTANTS[5].id, MUTANTS[1].id];
  assert.equal(selectMutants(ids, undefined).map((m) => m.id), [MUTANTS[1].id, MUTANTS[5].id]);
  assert.throws(() => selectMutants(['no-such-mutant'], undefined), /no-such-mutant/);
});

test('the score leaves equivalent and inapplicable mutants out', () => {
  const r = (status: 'killed' | 'survived' | 'equivalent' | 'inapplicable') => ({ id: status, file: 'f', line: 1, description: 'd', status, killedBy: null, seconds: 0, bundle: null });
  assert.is(mutationScore([r('killed'), r('killed'), r('survived'), r('equivalent'), r('inapplicable')]), 2 / 3);
  assert.is(mutationScore([r('equivalent')]), null);
});

test('mutate --list prints every mutant with file:line and description, exit 0; --json the same as data', async () => {
  const r = await runCli(['mutate', '--list']);
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(r.stdout, listText(MUTANTS).trimEnd()); // execa drops the last newline
  for (const m of MUTANTS) assert.ok(r.stdout.includes(`${m.id}  `) && r.stdout.includes(`${m.file}:${m.line}`), m.id);
  assert.match(r.stdout, new RegExp(`^${MUTANTS.length} mutants of libvirt ${CATALOGUE_SOURCE.version.replace(/[.+]/g, '\\$&')}`));
  const j = await runCli(['mutate', '--list', '--json', '--only', `${MUTANTS[0].id},${MUTANTS[2].id}`]);
  assert.is(j.exitCode, 0, j.stderr);
  assert.equal(j.json!.mutants.map((m: { id: string }) => m.id), [MUTANTS[0].id, MUTANTS[2].id]);
  assert.equal(Object.keys(j.json!.mutants[0]).sort(), ['description', 'equivalent', 'file', 'id', 'line']);
});

test('mutate: bad flags and a missing source build end in exit 2 with one paragraph, no stack trace', async () => {
  const bad = await runCli(['mutate', '--only', 'nope']);
  assert.is(bad.exitCode, 2);
  assert.match(bad.stderr, /--only names no mutant "nope"/);
  assert.not.match(bad.stderr, /\n\s+at /);
  const missing = await runCli(['mutate', '--build', 'no-such-source-build', '--limit', '1']);
  assert.is(missing.exitCode, 2);
  assert.match(missing.stderr, /no source build "no-such-source-build"[\s\S]*ci\/build-libvirt\.sh --debian --name no-such-source-build/);
  assert.not.match(missing.stderr, /\n\s+at /);
  const score = await runCli(['mutate', '--min-score', '2', '--list']);
  assert.is(score.exitCode, 2);
});

test('mutate --help explains every flag', () => {
  const cmd = buildProgram().commands.find((c) => c.name() === 'mutate');
  assert.ok(cmd);
  const flags = cmd!.options.map((o) => o.long);
  for (const f of ['--list', '--only', '--limit', '--json', '--build', '--machine', '--layers', '--seed', '--runs', '--budget', '--out', '--min-score']) assert.ok(flags.includes(f), f);
  for (const o of cmd!.options) assert.ok((o.description ?? '').length > 10, `${o.long} has no help text`);
});

test.run();
