// Lists the functions of the project's TypeScript sources with their length in lines,
// from the line that starts a function (its `function` keyword, method name or arrow
// parameters) to the line of its closing brace. A small scanner, not a parser: it skips
// comments, strings, template literals and regular expressions, finds every parameter
// list that a body in braces follows, and matches the braces. Expression-bodied arrows
// are not functions here (they are one expression, however long).
//
//   node dist/test/lint/functionLength.js [MIN_LINES]   lists functions of MIN_LINES (default 61) or more

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One function: where it is, what it is called, how many lines it spans. */
export interface FunctionSpan {
  file: string;
  name: string;
  line: number;
  lines: number;
}

/** The folders whose code the length rule covers (tests are exempt). */
export const SOURCE_FOLDERS = ['types', 'model', 'properties', 'harness', 'reports', 'cli'];

interface Token {
  text: string;
  line: number;
  /** An identifier, keyword or number (as opposed to punctuation or an opaque literal). */
  word: boolean;
}

const PUNCT = ['=>', '...', '?.', '??', '===', '!==', '==', '!=', '<=', '>=', '&&', '||'];
/** After these a `/` starts a regular expression, not a division. */
const REGEX_AFTER = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '&&', '||', '??', '=>', 'return', 'typeof', 'case', '===', '!==', '==', '!=']);
/** Words before a parenthesis that make it a statement's head, not a function's parameters. */
const NOT_A_FUNCTION = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'await', 'typeof', 'new', 'super', 'with', 'in', 'of', 'void', 'delete']);

/** The tokens of a TypeScript source, comments dropped, literals opaque. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  /** Brace depths at which an open template literal resumes after `${ … }`. */
  const templateResume: number[] = [];
  let braces = 0;
  const push = (text: string, word = false) => out.push({ text, line, word });
  const skipString = (quote: string) => {
    for (i++; i < src.length && src[i] !== quote; i++) {
      if (src[i] === '\\') i++;
      if (src[i] === '\n') line++;
    }
    i++;
  };
  /** Skips template text up to its end or an `${`; true when it stopped at `${`. */
  const skipTemplate = (): boolean => {
    for (; i < src.length; i++) {
      if (src[i] === '\\') {
        i++;
        continue;
      }
      if (src[i] === '\n') line++;
      if (src[i] === '`') {
        i++;
        return false;
      }
      if (src[i] === '$' && src[i + 1] === '{') {
        i += 2;
        return true;
      }
    }
    return false;
  };
  const template = () => {
    push('`');
    if (skipTemplate()) {
      templateResume.push(braces);
      braces++;
    }
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '/' && src[i + 1] === '/') while (i < src.length && src[i] !== '\n') i++;
    else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (; i < stop; i++) if (src[i] === '\n') line++;
    } else if (c === '"' || c === "'") {
      push('"');
      skipString(c);
    } else if (c === '`') {
      i++;
      template();
    } else if (c === '/' && (out.length === 0 || REGEX_AFTER.has(out[out.length - 1].text))) {
      push('/regex/');
      let inClass = false;
      for (i++; i < src.length && (inClass || src[i] !== '/'); i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
      }
      for (i++; /[a-z]/i.test(src[i] ?? ''); i++);
    } else if (/[A-Za-z0-9_$#@]/.test(c)) {
      const word = /^[A-Za-z0-9_$#@]+/.exec(src.slice(i, i + 200))![0];
      push(word, true);
      i += word.length;
    } else if (c === '}' && templateResume.length > 0 && templateResume[templateResume.length - 1] === braces - 1) {
      templateResume.pop();
      braces--;
      i++;
      if (skipTemplate()) {
        templateResume.push(braces);
        braces++;
      }
    } else {
      const p = PUNCT.find((q) => src.startsWith(q, i)) ?? c;
      if (p === '{') braces++;
      if (p === '}') braces--;
      push(p);
      i += p.length;
    }
  }
  return out;
}

/** Index of the token closing the bracket opened at `open`. */
function matching(tokens: Token[], open: number): number {
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (t === '(' || t === '{' || t === '[') stack.push(t);
    else if (t === ')' || t === '}' || t === ']') {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return tokens.length - 1;
}

/** Index of the token after a return type annotation starting at `i` (just past its colon). */
function skipType(tokens: Token[], i: number): number {
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i].text;
    const prev = tokens[i - 1].text;
    if (depth === 0 && (t === '=>' || t === ';' || t === ',' || t === ')')) return i;
    // a brace right after a complete type opens the body
    if (depth === 0 && t === '{' && prev !== ':' && prev !== '|' && prev !== '&' && prev !== '=>') return i;
    if (t === '(' || t === '{' || t === '[' || t === '<') depth++;
    else if (t === ')' || t === '}' || t === ']' || t === '>') depth--;
  }
  return i;
}

/** The name a function is known by: its own, the variable or property it is assigned to, or where it is passed. */
function nameBefore(tokens: Token[], start: number): string {
  let i = start - 1;
  if (tokens[i]?.text === 'async') i--;
  if ((tokens[i]?.text === '=' || tokens[i]?.text === ':') && tokens[i - 1]?.word) return tokens[i - 1].text;
  return '(anonymous)';
}

/** Every function of a source with a body in braces. */
export function functionSpans(src: string, file: string): FunctionSpan[] {
  const tokens = tokenize(src);
  const spans: FunctionSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let paramsOpen = -1;
    let start = i;
    let name = '';
    /** A `(…) {` that is a method's parameters and body (a name before it), not a statement's head. */
    let method = false;
    if (t.text === 'function') {
      let j = i + 1;
      if (tokens[j]?.text === '*') j++;
      if (tokens[j]?.word) name = tokens[j++].text;
      if (tokens[j]?.text === '<') j = skipGenerics(tokens, j);
      if (tokens[j]?.text !== '(') continue;
      paramsOpen = j;
      if (!name) name = nameBefore(tokens, i);
    } else if (t.text === '(') {
      const prev = tokens[i - 1];
      paramsOpen = i;
      if (prev?.word && tokens[i - 2]?.text === 'function') continue; // counted at its keyword
      if (prev?.word && !NOT_A_FUNCTION.has(prev.text) && prev.text !== 'async') {
        name = prev.text; // a method, or a call (dropped below unless a body follows)
        start = i - 1;
        method = true;
      } else {
        name = nameBefore(tokens, i);
      }
    } else if (t.word && tokens[i + 1]?.text === '=>' && tokens[i + 2]?.text === '{') {
      spans.push(span(tokens, i + 2, file, nameBefore(tokens, i), t.line));
      continue;
    } else continue;
    const close = matching(tokens, paramsOpen);
    let after = close + 1;
    if (tokens[after]?.text === ':') after = skipType(tokens, after + 1);
    const arrow = tokens[after]?.text === '=>';
    if (arrow) after++;
    if (tokens[after]?.text !== '{') continue;
    // `(…) {` is a function only as a method or an arrow
    if (!arrow && t.text === '(' && !method) continue;
    spans.push(span(tokens, after, file, name, tokens[start].line));
  }
  return spans;
}

function skipGenerics(tokens: Token[], i: number): number {
  let depth = 0;
  for (; i < tokens.length; i++) {
    if (tokens[i].text === '<') depth++;
    else if (tokens[i].text === '>' && --depth === 0) return i + 1;
  }
  return i;
}

function span(tokens: Token[], bodyOpen: number, file: string, name: string, line: number): FunctionSpan {
  const end = tokens[matching(tokens, bodyOpen)].line;
  return { file, name, line, lines: end - line + 1 };
}

/** The .ts files under a folder, recursively, relative to root. */
export function sourceFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const rel = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(root, rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every function of the covered folders with at least `minLines` lines, longest first. */
export function longFunctions(root: string, minLines: number): FunctionSpan[] {
  const spans = SOURCE_FOLDERS.flatMap((f) => sourceFiles(root, f)).flatMap((file) => functionSpans(readFileSync(path.join(root, file), 'utf8'), file));
  return spans.filter((s) => s.lines >= minLines).sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const min = Number(process.argv[2] ?? 61);
  for (const s of longFunctions(process.cwd(), min)) console.log(`${String(s.lines).padStart(4)}  ${s.file}:${s.line}  ${s.name}`);
}
