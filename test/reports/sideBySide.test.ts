import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sideBySide } from '../../reports/sideBySide.js';

test('pairs removed with added lines and numbers both sides', () => {
  const diff = ['--- expected', '+++ observed', '@@ -3,3 +3,4 @@', ' keep', '-old a', '-old b', '+new a', '+new b', '+new c', ' tail', ''].join('\n');
  assert.equal(sideBySide(diff), [
    { kind: 'hunk', header: '@@ -3,3 +3,4 @@' },
    { kind: 'line', left: { kind: 'context', line: 3, text: 'keep' }, right: { kind: 'context', line: 3, text: 'keep' } },
    { kind: 'line', left: { kind: 'removed', line: 4, text: 'old a' }, right: { kind: 'added', line: 4, text: 'new a' } },
    { kind: 'line', left: { kind: 'removed', line: 5, text: 'old b' }, right: { kind: 'added', line: 5, text: 'new b' } },
    { kind: 'line', left: { kind: 'empty', text: '' }, right: { kind: 'added', line: 6, text: 'new c' } },
    { kind: 'line', left: { kind: 'context', line: 6, text: 'tail' }, right: { kind: 'context', line: 7, text: 'tail' } },
  ]);
});

test('second hunk restarts numbering from its header; no-newline markers are dropped', () => {
  const rows = sideBySide(['@@ -1 +1 @@', '-a', '+b', '@@ -10 +10,0 @@', '-z', '\\ No newline at end of file'].join('\n'));
  assert.equal(rows.slice(2), [
    { kind: 'hunk', header: '@@ -10 +10,0 @@' },
    { kind: 'line', left: { kind: 'removed', line: 10, text: 'z' }, right: { kind: 'empty', text: '' } },
  ]);
});

test('text without hunks gives no rows', () => {
  assert.equal(sideBySide('two devices share 0000:00:03.0\n'), []);
  assert.equal(sideBySide(''), []);
});

test.run();
