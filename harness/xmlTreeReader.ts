// A small, strict XML reader that builds the same tree xml2js builds with its defaults
// (`$` for attributes, `_` for text, an array per child name, a text-only element as a
// plain string). libvirt's dumpxml is parsed for every case, and xml2js (sax underneath)
// takes about a millisecond of it; this reader builds the same tree several times faster.
// It knows only what well-formed XML needs; anything else (a DOCTYPE, a stray '<') makes
// it throw, and the caller then lets xml2js parse the text and word the error.

import { parseStringPromise } from 'xml2js';

export type XmlTreeNode = { $?: Record<string, string>; _?: string } & Record<string, unknown>;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new Error('bare & in text');
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const e = ENTITIES[ref];
    if (e === undefined) throw new Error(`unknown entity ${whole}`);
    return e;
  });
}

interface Open {
  name: string;
  node: Record<string, unknown>;
  text: string;
  cdata: boolean;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/** A reading in progress: the text, the elements open, and the root once it is closed. */
interface Reader {
  xml: string;
  stack: Open[];
  result?: Record<string, unknown>;
}

/** Parses XML text into `{ rootName: tree }` as xml2js's parseString does by default. */
export function readXmlTree(xml: string): Record<string, XmlTreeNode> {
  const r: Reader = { xml, stack: [] };
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    readText(r, i, lt < 0 ? xml.length : lt);
    if (lt < 0) break;
    i = readMarkup(r, lt);
  }
  if (r.stack.length || !r.result) throw new Error('unterminated document');
  return r.result as Record<string, XmlTreeNode>;
}

/** Text between markup: appended to the open element; outside the root only white space may stand. */
function readText(r: Reader, from: number, to: number): void {
  if (to <= from) return;
  const text = r.xml.slice(from, to);
  if (r.stack.length) r.stack[r.stack.length - 1].text += decodeEntities(text);
  else if (text.trim() !== '') throw new Error('text outside the root element');
}

/** The markup at `lt` (a comment, processing instruction, CDATA section or tag); returns where reading goes on. */
function readMarkup(r: Reader, lt: number): number {
  const { xml } = r;
  const comment = xml.startsWith('<!--', lt);
  const instruction = xml.startsWith('<?', lt);
  if (r.result && !comment && !instruction) throw new Error('content after the root element');
  if (comment) return skipPast(xml, '-->', lt + 4, 'unterminated comment');
  if (instruction) return skipPast(xml, '?>', lt + 2, 'unterminated processing instruction');
  if (xml.startsWith('<![CDATA[', lt)) return readCdata(r, lt);
  if (xml.startsWith('</', lt)) return readClosingTag(r, lt);
  return readStartTag(r, lt);
}

/** The index just past the next `end` from `from`, or the error `unterminated`. */
function skipPast(xml: string, end: string, from: number, unterminated: string): number {
  const at = xml.indexOf(end, from);
  if (at < 0) throw new Error(unterminated);
  return at + end.length;
}

function readCdata(r: Reader, lt: number): number {
  const end = r.xml.indexOf(']]>', lt + 9);
  const top = r.stack[r.stack.length - 1];
  if (end < 0 || !top) throw new Error('bad CDATA section');
  top.text += r.xml.slice(lt + 9, end);
  top.cdata = true;
  return end + 3;
}

function readClosingTag(r: Reader, lt: number): number {
  const { xml } = r;
  NAME.lastIndex = lt + 2;
  const m = NAME.exec(xml);
  const top = r.stack[r.stack.length - 1];
  if (!m || !top || m[0] !== top.name) throw new Error('mismatched closing tag');
  const gt = xml.indexOf('>', NAME.lastIndex);
  if (gt < 0 || xml.slice(NAME.lastIndex, gt).trim() !== '') throw new Error('bad closing tag');
  closeElement(r);
  return gt + 1;
}

/** A start tag (or an empty element) with its attributes. */
function readStartTag(r: Reader, lt: number): number {
  const { xml } = r;
  NAME.lastIndex = lt + 1;
  const m = NAME.exec(xml);
  if (!m) throw new Error('bad element name');
  const open: Open = { name: m[0], node: {}, text: '', cdata: false };
  let j = NAME.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = j;
    const a = ATTRIBUTE.exec(xml);
    if (!a) break;
    const attrs = (open.node.$ ??= {}) as Record<string, string>;
    if (a[1] in attrs) throw new Error('duplicate attribute');
    attrs[a[1]] = decodeEntities(a[2] ?? a[3]);
    j = ATTRIBUTE.lastIndex;
  }
  while (j < xml.length && /\s/.test(xml[j])) j++;
  r.stack.push(open);
  if (xml.startsWith('/>', j)) {
    closeElement(r);
    return j + 2;
  }
  if (xml[j] !== '>') throw new Error('bad start tag');
  return j + 1;
}

/** Closes the innermost open element into its parent (or the result), shaped as xml2js shapes it. */
function closeElement(r: Reader): void {
  const open = r.stack.pop()!;
  let value: unknown = open.node;
  if (/^\s*$/.test(open.text) && !open.cdata) {
    if (Object.keys(open.node).length === 0) value = open.text;
  } else if (Object.keys(open.node).length === 0) {
    value = open.text;
  } else {
    // xml2js keeps the text key first in the object: rebuild with `_` leading.
    value = { _: open.text, ...open.node };
  }
  const parent = r.stack[r.stack.length - 1];
  if (!parent) {
    r.result = { [open.name]: value };
    return;
  }
  const list = parent.node[open.name];
  if (Array.isArray(list)) list.push(value);
  else parent.node[open.name] = [value];
}

/**
 * The xml2js tree of an XML text: read by readXmlTree, or by xml2js when the quick reader
 * gives up, so malformed input still gets xml2js's error (with line and column).
 */
export async function parseXmlTree(xml: string): Promise<Record<string, XmlTreeNode>> {
  try {
    return readXmlTree(xml);
  } catch {
    return (await parseStringPromise(xml)) as Record<string, XmlTreeNode>;
  }
}
