import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unifiedDiff } from '../../reports/unifiedDiff.js';

const lines = (...xs: string[]): string => xs.map((x) => x + '\n').join('');
const numbered = (n: number, changed: Record<number, string> = {}): string =>
  lines(...Array.from({ length: n }, (_, i) => changed[i + 1] ?? `l${i + 1}`));

test('equal texts give an empty string', () => {
  assert.is(unifiedDiff('', ''), '');
  assert.is(unifiedDiff('a\nb\n', 'a\nb\n'), '');
});

test('empty expected side: everything added, range -0,0', () => {
  assert.is(unifiedDiff('', 'a\nb\n'), ['--- expected', '+++ observed', '@@ -0,0 +1,2 @@', '+a', '+b', ''].join('\n'));
});

test('empty observed side: everything removed, single-line range has no count', () => {
  assert.is(unifiedDiff('a\n', ''), ['--- expected', '+++ observed', '@@ -1 +0,0 @@', '-a', ''].join('\n'));
});

test('change on the first line: context only after it', () => {
  assert.is(
    unifiedDiff(numbered(6), numbered(6, { 1: 'X1' })),
    ['--- expected', '+++ observed', '@@ -1,4 +1,4 @@', '-l1', '+X1', ' l2', ' l3', ' l4', ''].join('\n'),
  );
});

test('change on the last line: context only before it', () => {
  assert.is(
    unifiedDiff(numbered(6), numbered(6, { 6: 'X6' })),
    ['--- expected', '+++ observed', '@@ -3,4 +3,4 @@', ' l3', ' l4', ' l5', '-l6', '+X6', ''].join('\n'),
  );
});

test('distant changes make two hunks', () => {
  assert.is(
    unifiedDiff(numbered(20), numbered(20, { 2: 'X2', 18: 'X18' })),
    [
      '--- expected', '+++ observed',
      '@@ -1,5 +1,5 @@', ' l1', '-l2', '+X2', ' l3', ' l4', ' l5',
      '@@ -15,6 +15,6 @@', ' l15', ' l16', ' l17', '-l18', '+X18', ' l19', ' l20',
      '',
    ].join('\n'),
  );
});

test('changes six unchanged lines apart share one hunk', () => {
  const d = unifiedDiff(numbered(12), numbered(12, { 2: 'X2', 9: 'X9' }));
  assert.is(d.split('\n').filter((l) => l.startsWith('@@')).join('|'), '@@ -1,12 +1,12 @@');
});

test('insertion in the middle keeps line numbers of both sides apart', () => {
  assert.is(
    unifiedDiff(numbered(8), lines('l1', 'l2', 'l3', 'l4', 'new', 'l5', 'l6', 'l7', 'l8')),
    ['--- expected', '+++ observed', '@@ -2,6 +2,7 @@', ' l2', ' l3', ' l4', '+new', ' l5', ' l6', ' l7', ''].join('\n'),
  );
});

test('missing final newline is marked as diff -u marks it', () => {
  assert.is(
    unifiedDiff('a\nb', 'a\nc'),
    ['--- expected', '+++ observed', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+c', '\\ No newline at end of file', ''].join('\n'),
  );
  assert.is(unifiedDiff('a', 'a\n'), ['--- expected', '+++ observed', '@@ -1 +1 @@', '-a', '\\ No newline at end of file', '+a', ''].join('\n'));
});

test('labels and context width are honoured', () => {
  assert.is(
    unifiedDiff(numbered(5), numbered(5, { 3: 'X3' }), { expectedLabel: 'model', observedLabel: 'libvirt', context: 0 }),
    ['--- model', '+++ libvirt', '@@ -3 +3 @@', '-l3', '+X3', ''].join('\n'),
  );
});

/** Length of the longest common subsequence, by the textbook table (an independent oracle). */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      diag = up;
    }
  }
  return row[b.length];
}

const textArb = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'd', '<x/>', ''), { maxLength: 25 }), fc.boolean())
  .map(([ls, finalNewline]) => ls.join('\n') + (finalNewline && ls.length > 0 ? '\n' : ''));

test('the diff is minimal: as many -/+ lines as the LCS allows', () => {
  fc.assert(
    fc.property(textArb, textArb, (a, b) => {
      fc.pre(a !== b);
      // A line is its text with its newline, so "a" at end of file differs from "a\n".
      const al = a.match(/[^\n]*\n|[^\n]+$/g) ?? [];
      const bl = b.match(/[^\n]*\n|[^\n]+$/g) ?? [];
      const body = unifiedDiff(a, b).split('\n').slice(2);
      const edits = body.filter((l) => l.startsWith('-') || l.startsWith('+')).length;
      return edits === al.length + bl.length - 2 * lcsLength(al, bl);
    }),
    { numRuns: 300 },
  );
});

test('patch(1) applies the diff and turns expected into observed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vp-diff-'));
  try {
    fc.assert(
      fc.property(textArb, textArb, fc.integer({ min: 0, max: 4 }), (a, b, context) => {
        fc.pre(a !== b);
        const file = path.join(dir, 'f.txt');
        writeFileSync(file, a);
        writeFileSync(path.join(dir, 'd.patch'), unifiedDiff(a, b, { context }));
        const res = spawnSync('patch', ['-s', '-F0', '-o', path.join(dir, 'out.txt'), file, path.join(dir, 'd.patch')], { encoding: 'utf8' });
        if (res.status !== 0) throw new Error(`patch failed: ${res.stdout}${res.stderr}`);
        return readFileSync(path.join(dir, 'out.txt'), 'utf8') === b;
      }),
      { numRuns: 150 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('large inputs stay fast: few changes are minimal, unrelated texts fall back to remove-then-add', () => {
  const big = Array.from({ length: 20000 }, (_, i) => `line ${i}`);
  const changed = [...big];
  changed[10] = 'X';
  changed[15000] = 'Y';
  const started = Date.now();
  const d = unifiedDiff(big.join('\n') + '\n', changed.join('\n') + '\n');
  assert.is(d.split('\n').filter((l) => /^[-+][^-+]/.test(l)).length, 4);

  const left = Array.from({ length: 6000 }, (_, i) => `a${i}`).join('\n') + '\n';
  const right = Array.from({ length: 6000 }, (_, i) => `b${i}`).join('\n') + '\n';
  const lines = unifiedDiff(left, right).split('\n');
  assert.is(lines.filter((l) => l.startsWith('-a')).length, 6000);
  assert.is(lines.filter((l) => l.startsWith('+b')).length, 6000);
  assert.is(lines[2], '@@ -1,6000 +1,6000 @@');
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test.run();
