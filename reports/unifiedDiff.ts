// A unified diff over lines (Myers' O(ND) algorithm), in the format GNU diff -u and
// patch(1) read: ---/+++ headers, @@ hunks, context lines, and the
// "\ No newline at end of file" marker. No dependency, so every layer can use it.

/** Options for {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Name on the `---` line; default "expected". */
  expectedLabel?: string;
  /** Name on the `+++` line; default "observed". */
  observedLabel?: string;
  /** Unchanged lines shown around each change; default 3. */
  context?: number;
}

/** One line of a text; `eol` is false only for a last line that lacks its newline. */
interface Line {
  text: string;
  eol: boolean;
}

type Op = { kind: ' ' | '-' | '+'; line: Line };

const NO_EOL_MARKER = '\\ No newline at end of file';

/** Splits text into lines, remembering whether the last one ended with a newline. */
function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((t, i) => ({ text: t, eol: endsWithNewline || i < parts.length - 1 }));
}

// A line without its newline differs from the same text with one: patch(1) treats them so.
const sameLine = (x: Line, y: Line): boolean => x.text === y.text && x.eol === y.eol;

/**
 * Beyond this many edits Myers' trace (about D² entries) would cost too much memory; the
 * differing middle is then shown as removed-then-added: still a correct diff, not minimal.
 */
const MAX_EDIT_DISTANCE = 2000;

/** Edit script from a to b: common ends kept, the middle by Myers' algorithm. */
function editScript(a: Line[], b: Line[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && sameLine(a[prefix], b[prefix])) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && sameLine(a[a.length - 1 - suffix], b[b.length - 1 - suffix])) suffix++;
  const keep = (lines: Line[]): Op[] => lines.map((line) => ({ kind: ' ', line }));
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const middle = shortestEdit(midA, midB) ?? [
    ...midA.map((line): Op => ({ kind: '-', line })),
    ...midB.map((line): Op => ({ kind: '+', line })),
  ];
  return [...keep(a.slice(0, prefix)), ...middle, ...keep(a.slice(a.length - suffix))];
}

/** Shortest edit script from a to b, or undefined when it needs more than MAX_EDIT_DISTANCE edits. */
function shortestEdit(a: Line[], b: Line[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] is the frontier before round d, kept only over diagonals -(d+1)..d+1 so
  // memory grows with the square of the edit distance, not of the input size.
  const trace: Int32Array[] = [];
  let done = n === 0 && m === 0;
  for (let d = 0; d <= max && !done; d++) {
    if (d > MAX_EDIT_DISTANCE) return undefined;
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      let x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && sameLine(a[x], b[y])) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }

  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d];
    const at = (k: number): number => frontier[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1] });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[y - 1] });
      else ops.push({ kind: '-', line: a[x - 1] });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** Within every run of changes, puts removals before additions, as diff -u prints them. */
function removalsFirst(ops: Op[]): Op[] {
  const out: Op[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      out.push(ops[i++]);
      continue;
    }
    const run: Op[] = [];
    while (i < ops.length && ops[i].kind !== ' ') run.push(ops[i++]);
    out.push(...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+'));
  }
  return out;
}

/** "start,count" of a hunk side; GNU omits ",1", and an empty side names the line before it. */
function range(linesBefore: number, count: number): string {
  if (count === 0) return `${linesBefore},0`;
  if (count === 1) return `${linesBefore + 1}`;
  return `${linesBefore + 1},${count}`;
}

/** A unified diff turning `expected` into `observed`; '' when they are equal. */
export function unifiedDiff(expected: string, observed: string, opts: UnifiedDiffOptions = {}): string {
  if (expected === observed) return '';
  const context = Math.max(0, Math.floor(opts.context ?? 3));
  const ops = removalsFirst(editScript(splitLines(expected), splitLines(observed)));

  const changed: number[] = [];
  ops.forEach((o, i) => {
    if (o.kind !== ' ') changed.push(i);
  });

  // Group changes whose gap of unchanged lines is small enough that their contexts touch.
  const groups: Array<[number, number]> = [];
  for (const i of changed) {
    const last = groups[groups.length - 1];
    if (last && i - last[1] - 1 <= 2 * context) last[1] = i;
    else groups.push([i, i]);
  }

  const out: string[] = [`--- ${opts.expectedLabel ?? 'expected'}`, `+++ ${opts.observedLabel ?? 'observed'}`];
  for (const [first, last] of groups) {
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length - 1, last + context);
    let aBefore = 0;
    let bBefore = 0;
    for (let i = 0; i < start; i++) {
      if (ops[i].kind !== '+') aBefore++;
      if (ops[i].kind !== '-') bBefore++;
    }
    const hunk = ops.slice(start, end + 1);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${range(aBefore, aCount)} +${range(bBefore, bCount)} @@`);
    for (const o of hunk) {
      out.push(o.kind + o.line.text);
      if (!o.line.eol) out.push(NO_EOL_MARKER);
    }
  }
  return out.join('\n') + '\n';
}
