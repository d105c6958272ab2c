import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitVirshWords } from '../../reports/virshWords.js';

test('blanks separate words; quotes group; backslash takes the next character', () => {
  assert.equal(splitVirshWords('define input.xml'), ['define', 'input.xml']);
  assert.equal(splitVirshWords("  attach-device  'my vm'\tdev.xml --live "), ['attach-device', 'my vm', 'dev.xml', '--live']);
  assert.equal(splitVirshWords(String.raw`dumpxml "a \"b\" \$c" x\ y`), ['dumpxml', 'a "b" $c', 'x y']);
  assert.equal(splitVirshWords(String.raw`echo 'no \escape in here'`), ['echo', 'no \\escape in here']);
  assert.equal(splitVirshWords(`dumpxml it"'"s`), ['dumpxml', "it's"]);
});

test('empty quotes are an empty word, not nothing', () => {
  assert.equal(splitVirshWords(`desc vp-case ''`), ['desc', 'vp-case', '']);
  assert.equal(splitVirshWords(''), []);
});

test('malformed commands are refused rather than guessed', () => {
  assert.throws(() => splitVirshWords(`dumpxml 'open`), /unterminated/);
  assert.throws(() => splitVirshWords('dumpxml x; undefine x'), /one virsh command/);
  assert.throws(() => splitVirshWords('dumpxml x\\'), /lone backslash/);
});

test.run();
