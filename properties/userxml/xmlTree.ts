// A user's domain XML as a small element tree (name, attributes, children, text), read
// with xml2js but kept in document order, so each device parser sees exactly what the
// user wrote: nothing defaulted, nothing merged.

import { parseStringPromise } from 'xml2js';

/** One XML element. */
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

/** The input is not a domain XML at all (malformed, or another root element). */
export class NotDomainXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotDomainXmlError';
  }
}

type RawNode = { '#name': string; $?: Record<string, string>; _?: string; $$?: RawNode[] };

function convert(raw: RawNode): XNode {
  return {
    name: raw['#name'],
    attrs: { ...(raw.$ ?? {}) },
    children: (raw.$$ ?? []).filter((c) => c['#name'] !== '__text__').map(convert),
    text: (raw._ ?? '').trim(),
  };
}

/** Parses XML text into the `<domain>` element; throws NotDomainXmlError when it is not one. */
export async function parseDomainElement(xml: string): Promise<XNode> {
  let doc: Record<string, RawNode>;
  try {
    // explicitChildren + preserveChildrenOrder keep devices in the user's order.
    doc = (await parseStringPromise(xml, { explicitChildren: true, preserveChildrenOrder: true, explicitRoot: true, charsAsChildren: false })) as Record<string, RawNode>;
  } catch (err) {
    throw new NotDomainXmlError(`malformed XML: ${(err instanceof Error ? err.message : String(err)).split('\n').join(' ')}`);
  }
  const rootName = doc ? Object.keys(doc)[0] : undefined;
  if (!rootName) throw new NotDomainXmlError('empty document: no root element');
  if (rootName !== 'domain') throw new NotDomainXmlError(`root element is <${rootName}>, not <domain>`);
  return convert({ ...doc[rootName], '#name': 'domain' });
}

/** Children of an element with a given name. */
export const childrenNamed = (node: XNode, name: string): XNode[] => node.children.filter((c) => c.name === name);

/** First child of an element with a given name. */
export const childNamed = (node: XNode, name: string): XNode | undefined => node.children.find((c) => c.name === name);

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Writes an element tree back as XML text (children in order, two-space indent; comments are not kept). */
export function serializeXNode(node: XNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs).map(([k, v]) => ` ${k}='${escapeXml(v)}'`).join('');
  if (node.children.length === 0) return node.text === '' ? `${pad}<${node.name}${attrs}/>` : `${pad}<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>`;
  return `${pad}<${node.name}${attrs}>\n${node.children.map((c) => serializeXNode(c, depth + 1)).join('\n')}\n${pad}</${node.name}>`;
}
