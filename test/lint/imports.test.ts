// The import rules of ARCHITECTURE.md ("Who may import whom") that a scan can hold:
// properties/ observes libvirt through the harness's index only, the harness and the model
// never import each other, and types/, model/, harness/ and reports/ import no folder
// above them. (That properties/ takes from model/ only types and shared facts, never
// `predict`, is the Oracle's job in cli/oracle.ts and is not checked here.)
// List a folder's imports with: node dist/test/lint/imports.js FOLDER

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allImports, folderOf, importsOf, type ImportEdge } from './imports.js';

/** The folders each folder may import besides itself (cli/ and test/ may import any). */
const MAY_IMPORT: Record<string, string[]> = {
  types: [],
  model: ['types'],
  harness: ['types'],
  reports: ['types'],
  properties: ['types', 'harness', 'reports', 'model'],
};

/** The one harness module properties/ may name. */
const HARNESS_INDEX = 'harness/index.ts';

const where = (e: ImportEdge): string => `${e.file}:${e.line} imports ${e.imported}`;

const imports = allImports(process.cwd());

test('properties/ imports the harness only through harness/index.ts', () => {
  const around = imports.filter((e) => folderOf(e.file) === 'properties' && folderOf(e.imported) === 'harness' && e.imported !== HARNESS_INDEX);
  assert.equal(around.map((e) => `${where(e)}: import it from ${HARNESS_INDEX} (export it there if it is missing)`), []);
});

test('the harness and the model never import each other', () => {
  const crossing = imports.filter((e) => {
    const [from, to] = [folderOf(e.file), folderOf(e.imported)];
    return (from === 'harness' && to === 'model') || (from === 'model' && to === 'harness');
  });
  assert.equal(crossing.map(where), []);
});

test('each folder imports only the folders ARCHITECTURE.md lets it', () => {
  const bad = imports.filter((e) => {
    const [from, to] = [folderOf(e.file), folderOf(e.imported)];
    const allowed = MAY_IMPORT[from];
    return allowed !== undefined && to !== from && !allowed.includes(to);
  });
  assert.equal(bad.map((e) => `${where(e)}: ${folderOf(e.file)}/ may import ${MAY_IMPORT[folderOf(e.file)].join(', ') || 'nothing of the project'}`), []);
  assert.ok(imports.some((e) => e.imported === HARNESS_INDEX), 'the scan found the harness index imported: it reads the sources');
});

test('the scanner reads static, re-exported, bare and dynamic imports, and no comment', () => {
  const src = [
    "import type { A } from '../harness/worker.js';",
    'import {',
    '  b,',
    "  c } from './b.js';",
    "export { d } from '../model/d.js';",
    "import './side.js';",
    "// import { x } from '../harness/x.js';",
    "const e = await import('../reports/e.js');",
    "import fc from 'fast-check';",
  ].join('\n');
  assert.equal(importsOf(src, 'properties/f.ts').map((e) => `${e.line} ${e.imported}`), [
    '1 harness/worker.ts',
    '2 properties/b.ts',
    '5 model/d.ts',
    '6 properties/side.ts',
    '8 reports/e.ts',
  ]);
});

test.run();
