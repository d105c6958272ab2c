// Markdown building blocks that stay correct whatever the text holds: code spans and
// fences that cannot be closed early by backticks inside, and length caps.

const longestBacktickRun = (text: string): number => Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));

/** An inline code span for arbitrary text, e.g. `a` or `` a`b ``. */
export function inlineCode(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, ' ')}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in the text. */
export function fencedBlock(lang: string, text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** The first `max` lines of text, plus a line saying how many were left out. */
export function capLines(text: string, max: number, where = 'see the bundle'): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= max) return lines.join('\n');
  return [...lines.slice(0, max), `… ${lines.length - max} more lines (${where})`].join('\n');
}
