// Turns a unified diff back into aligned rows for a two-column view: expected on the
// left, observed on the right, removed and added lines paired up within each change.

/** One side of a row: a line number (absent on a filler cell) and the text. */
export interface SideCell {
  kind: 'context' | 'removed' | 'added' | 'empty';
  line?: number;
  text: string;
}

/** A row of the two-column view: a hunk header, or one line on each side. */
export type SideRow = { kind: 'hunk'; header: string } | { kind: 'line'; left: SideCell; right: SideCell };

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
const EMPTY: SideCell = { kind: 'empty', text: '' };

/** Rows of the side-by-side view of a unified diff; [] when the text has no hunk. */
export function sideBySide(diff: string): SideRow[] {
  const rows: SideRow[] = [];
  let removed: SideCell[] = [];
  let added: SideCell[] = [];
  let left = 0;
  let right = 0;
  let inHunk = false;

  const flush = (): void => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      rows.push({ kind: 'line', left: removed[i] ?? EMPTY, right: added[i] ?? EMPTY });
    }
    removed = [];
    added = [];
  };

  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      flush();
      rows.push({ kind: 'hunk', header: line });
      left = Number(header[1]);
      right = Number(header[2]);
      inHunk = true;
      continue;
    }
    // File headers and anything before the first hunk are not part of the view.
    if (!inHunk || line.startsWith('\\')) continue;
    const text = line.slice(1);
    if (line.startsWith('-')) removed.push({ kind: 'removed', line: left++, text });
    else if (line.startsWith('+')) added.push({ kind: 'added', line: right++, text });
    else {
      // A context line; some tools strip its leading space when the line is empty.
      flush();
      rows.push({ kind: 'line', left: { kind: 'context', line: left++, text }, right: { kind: 'context', line: right++, text } });
    }
  }
  flush();
  return rows;
}
