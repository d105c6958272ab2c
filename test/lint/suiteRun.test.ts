// uvu runs a suite with the tests registered when its `.run()` is called: a test written
// below that call is silently never run (one was, in generatorPieces, until this check).
// Every suite of every test file must register all its tests before it runs.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** The test sources (TypeScript, under test/), relative to the repository. */
function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testSources(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Suites of a source that register a test after their `.run()`, as "file: suite". */
export function testsAfterRun(file: string, source: string): string[] {
  const late: string[] = [];
  for (const m of source.matchAll(/(?<![\w.\\])(\w+)\.run\(\);/g)) {
    const name = m[1];
    const after = source.slice((m.index ?? 0) + m[0].length);
    if (new RegExp(`(^|[^.\\w])${name}(\\.only)?\\(\\s*['"\`]`, 'm').test(after)) late.push(`${file}: ${name}`);
  }
  return late;
}

test('no test is registered after its suite runs', () => {
  const root = path.join(process.cwd(), 'test');
  const late = testSources(root).flatMap((f) => testsAfterRun(path.relative(process.cwd(), f), readFileSync(f, 'utf8')));
  assert.equal(late, []);
});

test('the check sees a test below run(), and not one above it', () => {
  assert.equal(testsAfterRun('a.ts', "test('x', () => {});\ntest.run();\ntest('y', () => {});\n"), ['a.ts: test']);
  assert.equal(testsAfterRun('b.ts', "const s = suite('s');\ns('x', () => {});\ns.run();\n"), []);
});

test.run();
