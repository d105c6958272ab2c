// Parses the QEMU command line libvirt generates, as `virsh domxml-to-native qemu-argv`
// prints it (one line, arguments shell-quoted) or as libvirt logs it when it starts
// QEMU (one argument per line, joined by backslash-newline). Only the PCI-relevant
// `-device` entries are kept: the argv layer compares where libvirt tells QEMU to put
// each PCI function, nothing else.
//
// Two `-device` syntaxes exist. libvirt 9.0 with QEMU >= 6.2 passes JSON
// (`-device '{"driver":"virtio-net-pci",...}'`); older builds pass QEMU's
// `driver,key=value,...` form, where a literal comma is written as ",,".

import type { ArgvDevice } from '../types/qemu.js';

/** Drivers of PCI controllers: kept even if a build ever omitted their addr. */
const PCI_CONTROLLER_DRIVERS = new Set([
  'pci-bridge',
  'pcie-pci-bridge',
  'i82801b11-bridge',
  'pcie-root-port',
  'ioh3420',
  'x3130-upstream',
  'xio3130-downstream',
  'pxb',
  'pxb-pcie',
]);

/** Splits a shell command line into words the way `sh` would (quotes, escapes, continuations). */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote at offset ${i}`);
      current += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') {
        // Inside double quotes a backslash escapes only these characters.
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') current += text[i + 1];
          i += 2;
        } else {
          current += text[i];
          i += 1;
        }
      }
      if (i >= text.length) throw new Error('unterminated double quote');
      inWord = true;
      i += 1;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        i += 2; // line continuation: not part of any word
      } else if (next === '\r' && text[i + 2] === '\n') {
        i += 3;
      } else if (next !== undefined) {
        current += next;
        inWord = true;
        i += 2;
      } else {
        i += 1;
      }
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i += 1;
    } else {
      current += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** Normalises a QEMU `addr` ("0x2", "0x1f.0x2", "3", "1f.2") to "SS.F" in lower-case hex. */
export function normaliseAddr(addr: string): string {
  const m = /^\s*(?:0x)?([0-9a-f]+)(?:\.(?:0x)?([0-7]))?\s*$/i.exec(addr);
  if (m === null) throw new Error(`cannot read PCI addr '${addr}'`);
  const slot = parseInt(m[1], 16);
  const fn = m[2] === undefined ? 0 : parseInt(m[2], 16);
  if (slot > 0x1f) throw new Error(`PCI addr '${addr}' has slot ${slot} > 31`);
  return `${slot.toString(16).padStart(2, '0')}.${fn}`;
}

/** Splits QEMU's `a=b,c=d` option syntax, where ",," stands for a literal comma. */
export function splitQemuOpts(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === ',') {
      if (value[i + 1] === ',') {
        current += ',';
        i += 1;
      } else {
        parts.push(current);
        current = '';
      }
    } else {
      current += value[i];
    }
  }
  parts.push(current);
  return parts;
}

/** Reads the properties of one `-device` argument, in either syntax, as strings/numbers/booleans. */
function deviceProps(value: string): Record<string, unknown> {
  if (value.trimStart().startsWith('{')) {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`-device JSON is not an object: ${value}`);
    }
    return parsed as Record<string, unknown>;
  }
  const props: Record<string, unknown> = {};
  splitQemuOpts(value).forEach((part, index) => {
    const eq = part.indexOf('=');
    // QEMU reads a first element without '=' as the driver name.
    if (eq < 0 && index === 0) props.driver = part;
    else if (eq < 0) props[part] = 'on';
    else props[part.slice(0, eq)] = part.slice(eq + 1);
  });
  return props;
}

/** A number from JSON (already a number) or from key=value text (decimal or 0x-hex). */
function numberProp(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(raw)) return Number(raw);
  throw new Error(`-device property ${name} is not a number: ${JSON.stringify(raw)}`);
}

/** A boolean from JSON (true/false) or key=value text (on/off, true/false, yes/no). */
function booleanProp(raw: unknown, name: string): boolean | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    if (['on', 'true', 'yes'].includes(raw)) return true;
    if (['off', 'false', 'no'].includes(raw)) return false;
  }
  throw new Error(`-device property ${name} is not a boolean: ${JSON.stringify(raw)}`);
}

/** Turns one `-device` value into an ArgvDevice, or undefined when it is not PCI-relevant. */
export function parseDeviceArg(value: string): ArgvDevice | undefined {
  const props = deviceProps(value);
  const driver = props.driver;
  if (typeof driver !== 'string') throw new Error(`-device without a driver: ${value}`);
  const hasAddr = props.addr !== undefined;
  if (!hasAddr && !PCI_CONTROLLER_DRIVERS.has(driver)) return undefined;
  const device: ArgvDevice = { driver };
  if (props.id !== undefined) device.id = String(props.id);
  if (props.bus !== undefined) device.bus = String(props.bus);
  if (hasAddr) device.addr = normaliseAddr(String(props.addr));
  const multifunction = booleanProp(props.multifunction, 'multifunction');
  if (multifunction !== undefined) device.multifunction = multifunction;
  const port = numberProp(props.port, 'port');
  if (port !== undefined) device.port = port;
  // pci-bridge calls its chassis number chassis_nr; both are libvirt's <target chassis…>.
  const chassis = numberProp(props.chassis ?? props.chassis_nr, 'chassis');
  if (chassis !== undefined) device.chassis = chassis;
  const busNr = numberProp(props.bus_nr, 'bus_nr');
  if (busNr !== undefined) device.busNr = busNr;
  const hotplug = booleanProp(props.hotplug, 'hotplug');
  if (hotplug !== undefined) device.hotplug = hotplug;
  return device;
}

/** Every PCI-relevant `-device` of a QEMU command line, in command-line order. */
export function parseQemuArgv(text: string): ArgvDevice[] {
  const words = splitShellWords(text);
  const devices: ArgvDevice[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== '-device') continue;
    const value = words[i + 1];
    if (value === undefined) throw new Error('-device at the end of the command line has no value');
    const device = parseDeviceArg(value);
    if (device !== undefined) devices.push(device);
    i += 1;
  }
  return devices;
}

/** The machine type of a QEMU command line (`-machine pc-q35-7.2,...` or `-M ...`), or undefined. */
export function parseQemuMachine(text: string): string | undefined {
  const words = splitShellWords(text);
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] !== '-machine' && words[i] !== '-M') continue;
    const parts = splitQemuOpts(words[i + 1]);
    const typed = parts.find((p) => p.startsWith('type='));
    if (typed !== undefined) return typed.slice('type='.length);
    if (parts[0] !== undefined && !parts[0].includes('=')) return parts[0];
  }
  return undefined;
}

/**
 * The command line of the most recent QEMU start in a libvirt domain log
 * (`<root>/log/qemu/NAME.log`): the lines after the last "starting up" line, joined by
 * their trailing backslashes. Unlike `domxml-to-native`, which re-assigns NIC addresses
 * (it converts every interface to type ethernet and clears its address first), this is
 * exactly what QEMU was told.
 */
export function extractLoggedCommandLine(log: string): string {
  const lines = log.split('\n');
  let start = -1;
  lines.forEach((line, i) => {
    if (/: starting up /.test(line)) start = i + 1;
  });
  if (start < 0) throw new Error('no "starting up" line in the QEMU domain log');
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    out.push(lines[i]);
    if (!lines[i].endsWith('\\')) break;
  }
  return out.join('\n');
}

/**
 * Where libvirt's QEMU driver writes a domain's log (and so its start command line) for a
 * connection URI (session: the default XDG cache dir), or undefined for remote URIs.
 */
export function domainLogPath(uri: string, name: string, home = process.env.HOME ?? ''): string | undefined {
  const embed = /^qemu:\/\/\/embed\?(?:.*&)?root=([^&]+)/.exec(uri);
  if (embed !== null) return `${decodeURIComponent(embed[1])}/log/qemu/${name}.log`;
  if (uri === 'qemu:///system') return `/var/log/libvirt/qemu/${name}.log`;
  if (uri === 'qemu:///session') return `${home}/.cache/libvirt/qemu/log/${name}.log`;
  return undefined;
}
