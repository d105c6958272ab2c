// One directory per counterexample, self-contained: the shrunk input, libvirt's XML,
// expected and observed text, the diff, a runnable repro.sh and replay.json for
// `virtprop replay BUNDLE`. Built in DIR.partial-<pid> and renamed when complete.

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Counterexample } from '../types/run.js';
import { writeDirAtomic } from './atomicWrite.js';
import { renderReproScript } from './reproScript.js';
import { scrubCredentials, scrubDeep } from './scrub.js';
import { unifiedDiff } from './unifiedDiff.js';

/** What `virtprop replay BUNDLE` reads back from replay.json. */
export interface ReplayInfo {
  seed: number;
  /** fast-check path of the shrunk case; absent when the runner did not record one. */
  path?: string;
  property: string;
  machine: string;
  arch: string;
  layer: Counterexample['layer'];
}

/** A file of a bundle: its content and mode. */
export interface BundleFile {
  content: string;
  mode: number;
}

const RESERVED = ['input.xml', 'libvirt.xml', 'expected.txt', 'observed.txt', 'diff.patch', 'repro.sh', 'replay.json'];

/** Turns free text into a safe, readable path component (letters, digits, . _ -). */
export function sanitizePathPart(text: string, maxLength = 60): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._-]+|\.{2,}/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return cleaned === '' ? 'x' : cleaned;
}

/** Directory name of the index-th bundle, e.g. "003-xml-pc-q35-7.2". */
export function bundleDirName(cx: Counterexample, index: number): string {
  const part = (text: string, max: number): string => sanitizePathPart(scrubCredentials(text), max);
  return `${String(index).padStart(3, '0')}-${part(cx.property, 30)}-${part(cx.machine, 40)}`;
}

/** The files of a bundle by name, credentials scrubbed; throws on an unsafe extra file name. */
export function bundleFiles(original: Counterexample): Map<string, BundleFile> {
  const cx = scrubDeep(original);
  const files = new Map<string, BundleFile>();
  const put = (name: string, content: string, mode = 0o644): void => {
    files.set(name, { content: scrubCredentials(content), mode });
  };

  put('input.xml', withNewline(cx.xml));
  if (cx.libvirtXml !== undefined) put('libvirt.xml', withNewline(cx.libvirtXml));
  put('expected.txt', cx.expected);
  put('observed.txt', cx.observed);
  // Recomputed with the bundle's file names so `patch expected.txt diff.patch` gives
  // observed.txt; the runner's own diff is kept when the two texts alone do not differ
  // (e.g. an invariant whose evidence is not in expected/observed).
  const fileDiff = unifiedDiff(cx.expected, cx.observed, { expectedLabel: 'expected.txt', observedLabel: 'observed.txt' });
  put('diff.patch', fileDiff !== '' ? fileDiff : cx.diff);

  for (const [name, content] of Object.entries(cx.extraFiles ?? {})) {
    if (name !== path.basename(name) || name === '.' || name === '..' || name.includes('\\') || name === '') {
      throw new Error(`extra file name must be a plain file name, got ${JSON.stringify(name)}`);
    }
    if (RESERVED.includes(name)) throw new Error(`extra file ${name} would overwrite a bundle file`);
    put(name, content);
  }

  const contents: Record<string, string> = {};
  for (const [name, f] of files) contents[name] = f.content;
  put('repro.sh', renderReproScript(cx, contents), 0o755);

  const replay: ReplayInfo = { seed: cx.seed, path: cx.path, property: cx.property, machine: cx.machine, arch: cx.arch, layer: cx.layer };
  put('replay.json', JSON.stringify(replay, null, 2) + '\n');
  return files;
}

/** Writes the index-th counterexample's bundle under outDir and returns its path. */
export async function writeBundle(outDir: string, cx: Counterexample, index: number): Promise<string> {
  const files = bundleFiles(cx);
  await mkdir(outDir, { recursive: true });
  return writeDirAtomic(path.join(outDir, bundleDirName(cx, index)), async (dir) => {
    for (const [name, f] of files) {
      await writeFile(path.join(dir, name), f.content);
      // Explicit chmod: the mode given to writeFile is narrowed by the umask.
      await chmod(path.join(dir, name), f.mode);
    }
  });
}

const withNewline = (text: string): string => (text === '' || text.endsWith('\n') ? text : text + '\n');
