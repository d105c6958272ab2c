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

/**
 * The rooms of properties/ and what each may import of the project besides itself:
 * generators and user XML are pure spec work, the judges compare answers they are handed
 * (no harness), hotplug and the runner drive libvirt. Folders are named whole
 * ("harness" for its index, which the test above holds), rooms as "properties/ROOM".
 */
const ROOM_MAY_IMPORT: Record<string, string[]> = {
  generators: ['types', 'model'],
  userxml: ['types', 'model'],
  judges: ['types', 'model', 'reports'],
  hotplug: ['types', 'model', 'reports', 'harness', 'properties/generators', 'properties/judges', 'properties/userxml'],
  runner: ['types', 'model', 'reports', 'harness', 'properties/generators', 'properties/judges', 'properties/userxml'],
};

/** "properties/judges" for a file in that room, the top folder otherwise. */
const roomOf = (file: string): string => {
  const [top, room, rest] = file.split('/');
  return top === 'properties' && rest !== undefined ? `${top}/${room}` : top;
};

test('each room of properties/ imports only what ARCHITECTURE.md lets it, and nothing lies loose beside the rooms', () => {
  const inProperties = imports.filter((e) => folderOf(e.file) === 'properties');
  const loose = [...new Set(inProperties.map((e) => e.file).filter((f) => roomOf(f) === 'properties'))];
  assert.equal(loose, [], 'files directly under properties/ (give each a room)');
  const bad = inProperties.filter((e) => {
    const [from, to] = [roomOf(e.file), roomOf(e.imported)];
    return from !== to && !(ROOM_MAY_IMPORT[from.slice('properties/'.length)] ?? []).includes(to);
  });
  assert.equal(bad.map((e) => `${where(e)}: ${roomOf(e.file)}/ may import ${(ROOM_MAY_IMPORT[roomOf(e.file).slice('properties/'.length)] ?? []).join(', ')}`), []);
  assert.ok(Object.keys(ROOM_MAY_IMPORT).every((room) => inProperties.some((e) => roomOf(e.file) === `properties/${room}`)), 'every room has files that import something');
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
