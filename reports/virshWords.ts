// Counterexample.virshCommands are written as one would type them at the `virsh #`
// prompt ("define input.xml", "dumpxml 'my vm'"). This splits such a line into words
// with virsh's own rules (tools/vsh.c): blanks separate words, '…' keeps everything
// literal, "…" groups, and a backslash outside single quotes takes the next character.

/** Splits one virsh command line into its words, as virsh's command-string parser would. */
export function splitVirshWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= line.length) throw new Error(`virsh command ends in a lone backslash: ${line}`);
      word = (word ?? '') + line[++i];
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else word += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      continue;
    }
    if (c === ';' || c === '\n') throw new Error(`one virsh command per entry, got a separator in: ${line}`);
    if (c === "'" || c === '"') {
      quote = c;
      word = word ?? '';
      continue;
    }
    word = (word ?? '') + c;
  }
  if (quote) throw new Error(`unterminated ${quote} quote in virsh command: ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}
