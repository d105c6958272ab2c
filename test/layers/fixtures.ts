// Reads the captured layer fixtures (test/fixtures/layers, see its README) from the
// source tree; tests run from dist/test, so the path is found relative to the repo root.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: dist/test/layers/fixtures.js is three levels below it. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Absolute path of a file in test/fixtures/layers. */
export function fixturePath(name: string): string {
  return path.join(repoRoot, 'test', 'fixtures', 'layers', name);
}

/** Text of a file in test/fixtures/layers. */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}
