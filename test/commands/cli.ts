// Runs the built CLI the way a user does (node bin/virtprop.js …) and parses --json output.
import { execa } from 'execa';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchLibvirtTests, installedLibvirtSource } from '../../cli/commands/libvirtTests.js';

/**
 * libvirt's own PCI test inputs for the installed libvirt, fetched once into the cache by
 * the code `corpus --libvirt-tests` runs (Debian's source package of that release).
 */
export async function libvirtTestsDir(): Promise<string> {
  return (await fetchLibvirtTests(await installedLibvirtSource())).dir;
}

/** The built CLI entry point. */
export const CLI = path.resolve('bin/virtprop.js');
/** The planted-bug virsh wrapper (misreports one NIC's slot when a domain has 3+ NICs). */
export const PLANTED = path.resolve('test/fixtures/planted/misreport-slot');

/** Exit code, stdout and stderr of one CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `virtprop ARGS`. */
export async function virtprop(args: string[], timeoutMs = 120_000): Promise<CliRun> {
  const r = await execa('node', [CLI, ...args], { reject: false, timeout: timeoutMs });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Parses stdout as one JSON object, with the run in the error when it is not. */
export function json(run: CliRun): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`no JSON on stdout (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** A fresh temporary directory. */
export const tempDir = (): Promise<string> => fs.mkdtemp(path.join(os.tmpdir(), 'vp-cmd-'));

/** Writes a file into dir and returns its path. */
export async function writeIn(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

/** A small pc domain: NICs with the given MACs and optional slots, plus whatever extra devices. */
export function pcDomain(name: string, nics: Array<{ mac: string; slot?: number; model?: string }>, extra = '', machine = 'pc'): string {
  const nicXml = nics
    .map((n) => `    <interface type='user'><mac address='${n.mac}'/><model type='${n.model ?? 'virtio'}'/>${n.slot === undefined ? '' : `<address type='pci' domain='0x0000' bus='0x00' slot='${n.slot}' function='0x0'/>`}</interface>`)
    .join('\n');
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <os><type arch='x86_64' machine='${machine}'>hvm</type></os>
  <devices>
${nicXml}
${extra}
  </devices>
</domain>
`;
}
