// No function outside the tests may run over 60 lines: a function that long does several
// jobs. None does now, so STILL_TOO_LONG is empty; it stays as the place a function too
// long to split in the same commit would be listed with its length, to shrink only. A new
// long function, or a listed one grown longer, fails here; a listed one brought under the
// limit fails until its line is removed.
// List them all with: node dist/test/lint/functionLength.js [MIN_LINES]

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { longFunctions } from './functionLength.js';

/** The longest a function may be. */
const MAX_LINES = 60;

/** Functions still over the limit ("file:name" → lines now), to be split. */
const STILL_TOO_LONG: Record<string, number> = {
};

test(`no function outside the tests over ${MAX_LINES} lines, but the listed ones (which may only shrink)`, () => {
  const long = longFunctions(process.cwd(), MAX_LINES + 1);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of long) {
    const key = `${f.file}:${f.name}`;
    seen.add(key);
    const allowed = STILL_TOO_LONG[key];
    if (allowed === undefined) problems.push(`${f.file}:${f.line} ${f.name} has ${f.lines} lines (at most ${MAX_LINES}): split it into functions with one job each`);
    else if (f.lines > allowed) problems.push(`${f.file}:${f.line} ${f.name} grew to ${f.lines} lines (listed at ${allowed}): split it instead`);
  }
  for (const key of Object.keys(STILL_TOO_LONG)) {
    if (!seen.has(key)) problems.push(`${key} is no longer over ${MAX_LINES} lines: remove it from STILL_TOO_LONG`);
  }
  assert.equal(problems, []);
});

test('the scanner measures from the signature to the closing brace, arrows and methods included', async () => {
  const { functionSpans } = await import('./functionLength.js');
  const src = [
    'export function a(x: number): { y: number } {', // object return type, then the body
    '  const s = `${x.toString()} } {`;',
    '  return { y: x };',
    '}',
    'class C {',
    '  private get g(): string | undefined {',
    "    return /[}{]/.test('}') ? 'a' : undefined;",
    '  }',
    '}',
    'const f = async (v: string): Promise<void> => {',
    '  if (v) {',
    '  }',
    '};',
  ].join('\n');
  assert.equal(functionSpans(src, 'x.ts').map((s) => `${s.name}:${s.line}+${s.lines}`), ['a:1+4', 'g:6+3', 'f:10+4']);
});

test.run();
