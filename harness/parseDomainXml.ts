// Turns libvirt's domain XML (dumpxml, inactive or live) into the PCI-relevant
// DomainState. Only observes: what a device is keyed by is fixed in types/keys.ts.

import { parseXmlTree } from './xmlTreeReader.js';
import type { ControllerState, DeviceAddress, DeviceState, DomainState, PciAddress } from '../types/domain.js';
import { diskKey, inputKey, memballoonKey, netKey, ordinalKey } from '../types/keys.js';

type XmlNode = { $?: Record<string, string>; _?: string } & Record<string, unknown>;

/** Device elements that never carry a guest address and are left out of the state. */
const IGNORED_ELEMENTS = new Set(['emulator', 'controller', 'graphics', 'audio']);

/** Parses a number the way libvirt reads address fields (hex with 0x, or decimal). */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : undefined;
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

function first(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Reads an `<address>` element; absent means type 'none'. */
export function parseAddress(node: XmlNode | undefined): DeviceAddress {
  const a = first(node, 'address')?.$;
  if (!a) return { type: 'none' };
  const type = a.type ?? 'none';
  if (type !== 'pci') return { type };
  const pci: PciAddress = {
    domain: parseNumber(a.domain) ?? 0,
    bus: parseNumber(a.bus) ?? 0,
    slot: parseNumber(a.slot) ?? 0,
    function: parseNumber(a.function) ?? 0,
  };
  if (a.multifunction === 'on') pci.multifunction = true;
  return { type, pci };
}

function alias(node: XmlNode): string | undefined {
  return first(node, 'alias')?.$?.name;
}

function parseController(node: XmlNode): ControllerState {
  const a = node.$ ?? {};
  const c: ControllerState = {
    type: a.type ?? 'unknown',
    index: parseNumber(a.index) ?? 0,
    address: parseAddress(node),
  };
  if (a.model !== undefined) c.model = a.model;
  const modelName = first(node, 'model')?.$?.name;
  if (modelName !== undefined) c.modelName = modelName;
  const t = first(node, 'target')?.$;
  if (t) {
    const target: ControllerState['target'] = {};
    const chassis = parseNumber(t.chassis);
    const port = parseNumber(t.port);
    const busNr = parseNumber(t.busNr);
    if (chassis !== undefined) target.chassis = chassis;
    if (port !== undefined) target.port = port;
    if (busNr !== undefined) target.busNr = busNr;
    if (Object.keys(target).length > 0) c.target = target;
    if (t.hotplug === 'on' || t.hotplug === 'off') c.hotplug = t.hotplug;
  }
  const al = alias(node);
  if (al) c.alias = al;
  return c;
}

/** Key of a device element from what libvirt keeps about it (see types/keys.ts). */
function deviceKeys(element: string, nodes: XmlNode[]): string[] {
  switch (element) {
    case 'disk':
      return nodes.map((n, i) => diskKey(first(n, 'target')?.$?.dev ?? `#${i}`));
    case 'interface':
      return nodes.map((n, i) => (first(n, 'mac')?.$?.address ? netKey(first(n, 'mac')!.$!.address) : ordinalKey('interface', i)));
    case 'input': {
      const seen = new Map<string, number>();
      return nodes.map((n) => {
        const bus = n.$?.bus ?? 'none';
        const k = seen.get(bus) ?? 0;
        seen.set(bus, k + 1);
        return inputKey(bus, k);
      });
    }
    case 'memballoon':
      return nodes.map((_, i) => (i === 0 ? memballoonKey : ordinalKey('memballoon', i)));
    default:
      return nodes.map((_, i) => ordinalKey(element, i));
  }
}

/** Extracts the DomainState from a parsed `<domain>` root. */
export function domainStateFromTree(domain: XmlNode): DomainState {
  const machine = first(first(domain, 'os'), 'type')?.$?.machine ?? '';
  const devicesNode = first(domain, 'devices');
  const controllers = children(devicesNode, 'controller').map(parseController);
  const devices: DeviceState[] = [];
  for (const element of Object.keys(devicesNode ?? {})) {
    if (element === '$' || element === '_' || IGNORED_ELEMENTS.has(element)) continue;
    const nodes = children(devicesNode, element);
    const keys = deviceKeys(element, nodes);
    nodes.forEach((n, i) => {
      const d: DeviceState = { key: keys[i], address: parseAddress(n) };
      const al = alias(n);
      if (al) d.alias = al;
      devices.push(d);
    });
  }
  return { machine, controllers, devices };
}

/** Parses domain XML text into the tree xml2js gives (arrays for every child). */
export async function parseDomainTree(xml: string): Promise<XmlNode> {
  const doc = (await parseXmlTree(xml)) as Record<string, XmlNode>;
  if (!doc || !doc.domain) throw new Error('not a libvirt domain XML: no <domain> root element');
  return doc.domain;
}

/** Parses libvirt's domain XML into the PCI-relevant DomainState. */
export async function parseDomainXml(xml: string): Promise<DomainState> {
  return domainStateFromTree(await parseDomainTree(xml));
}

/** Domain name from an XML text, for cleanup and repro commands. */
export async function domainName(xml: string): Promise<string | undefined> {
  const tree = await parseDomainTree(xml);
  const name = children(tree, 'name')[0];
  return typeof name === 'string' ? name : (name?._ as string | undefined);
}

