// A libvirt built from Debian's source package by ci/build-libvirt.sh --debian: where its
// tree, build directory and launchers are, how a mutant is put into the tree and taken out
// again, and the incremental rebuild between the two. Touches only files under the build's
// own root.

import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import type { Mutant } from './catalogue.js';

/** What ci/build-libvirt.sh wrote into ROOT/.virtprop/source-build.json. */
export interface SourceBuildInfo {
  name: string;
  package: string;
  version: string;
  suite: string;
  /** Top of the libvirt source tree. */
  tree: string;
  /** Its meson build directory. */
  buildDir: string;
  prefix: string;
  /** Launcher of the installed virsh. */
  virsh: string;
  /** Launcher of the build tree's virsh (what a mutant is tested through). */
  treeVirsh: string;
  patches: Array<{ file: string; sha256: string }>;
  mutatedFiles: string[];
  buildSeconds: number;
  built: string;
}

/** A source build found on disk. */
export interface SourceBuild extends SourceBuildInfo {
  root: string;
}

const STAMP = path.join('.virtprop', 'source-build.json');

/** The source build in ROOT, or undefined when ROOT holds none (or an unfinished one). */
export async function readSourceBuild(root: string): Promise<SourceBuild | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, STAMP), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { ...(JSON.parse(text) as SourceBuildInfo), root };
  } catch {
    return undefined;
  }
}

/** The command that builds a source build named NAME. */
export const buildCommand = (name: string): string => `bash ci/build-libvirt.sh --debian --name ${name}`;

async function executable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsc.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Checks that a source build has what a mutation run needs, or says how to get it. */
export async function checkSourceBuild(b: SourceBuild): Promise<void> {
  for (const [file, what] of [
    [b.treeVirsh, "its build tree's virsh launcher"],
    [path.join(b.buildDir, 'run'), "libvirt's run helper"],
    [path.join(b.buildDir, 'build.ninja'), 'a configured meson build directory'],
  ] as const) {
    const ok = what === 'a configured meson build directory' ? await fs.access(file).then(() => true, () => false) : await executable(file);
    if (!ok) throw new EnvironmentError(`the source build ${b.name} (${b.root}) has no ${what} (${file})`, `remove ${b.root} and run \`${buildCommand(b.name)}\``);
  }
  for (const f of b.mutatedFiles) {
    if (!(await fs.access(baselineFile(b, f)).then(() => true, () => false))) {
      throw new EnvironmentError(`the source build ${b.name} keeps no baseline copy of ${f}`, `remove ${b.root} and run \`${buildCommand(b.name)}\``);
    }
  }
}

/** The copy of FILE as built (Debian's patches and the user's applied): what a mutant is reverted to. */
export const baselineFile = (b: SourceBuild, file: string): string => path.join(b.root, '.virtprop', 'baseline', file);
/** The copy of FILE as Debian ships it. */
export const debianFile = (b: SourceBuild, file: string): string => path.join(b.root, '.virtprop', 'debian', file);

/** How often `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  if (needle === '') return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/** The 1-based line of the first line the mutant changes in `text` (its find text occurring once). */
export function changedLine(text: string, m: Pick<Mutant, 'find' | 'replace'>): number {
  const at = text.indexOf(m.find);
  if (at < 0) return 0;
  let i = 0;
  while (i < m.find.length && i < m.replace.length && m.find[i] === m.replace[i]) i++;
  // the start of the line holding the first differing character
  return text.slice(0, at + i).split('\n').length;
}

/** The mutated text of a file, or why the mutant does not apply to it. */
export function mutateText(text: string, m: Pick<Mutant, 'id' | 'find' | 'replace'>): { ok: true; text: string } | { ok: false; reason: string } {
  const n = occurrences(text, m.find);
  if (n !== 1) return { ok: false, reason: n === 0 ? `its text is not in the file (changed by a patch?)` : `its text occurs ${n} times in the file` };
  const out = text.replace(m.find, () => m.replace);
  return out === text ? { ok: false, reason: 'it changes nothing' } : { ok: true, text: out };
}

/** Puts every mutated file of the tree back to its baseline (a killed run may have left a mutant in). Returns the files it changed. */
export async function restoreBaseline(b: SourceBuild): Promise<string[]> {
  const changed: string[] = [];
  for (const f of b.mutatedFiles) {
    const want = await fs.readFile(baselineFile(b, f), 'utf8');
    const target = path.join(b.tree, f);
    const have = await fs.readFile(target, 'utf8').catch(() => undefined);
    if (have !== want) {
      await fs.writeFile(target, want);
      changed.push(f);
    }
  }
  return changed;
}

/** Writes a mutant into the tree (from the baseline text). */
export async function applyMutant(b: SourceBuild, m: Mutant): Promise<{ ok: true } | { ok: false; reason: string }> {
  const base = await fs.readFile(baselineFile(b, m.file), 'utf8');
  const r = mutateText(base, m);
  if (!r.ok) return r;
  await fs.writeFile(path.join(b.tree, m.file), r.text);
  return { ok: true };
}

/** Incremental rebuild of the build tree (ninja, only what changed). */
export async function rebuild(b: SourceBuild, timeoutMs = 15 * 60_000): Promise<{ ok: boolean; seconds: number; log: string }> {
  const t0 = performance.now();
  const r = await execa('ninja', ['-C', b.buildDir], { reject: false, all: true, timeout: timeoutMs });
  const seconds = (performance.now() - t0) / 1000;
  const log = String(r.all ?? '').split('\n').slice(-25).join('\n');
  return { ok: r.exitCode === 0, seconds, log };
}

/**
 * A lock on the build tree for one mutation run at a time: ROOT/.virtprop/mutate.lock
 * holds the owner's pid; a lock whose process is gone is taken over.
 */
export async function lockTree(b: SourceBuild): Promise<() => Promise<void>> {
  const file = path.join(b.root, '.virtprop', 'mutate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, String(process.pid), { flag: 'wx' });
      return async () => {
        await fs.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (e) {
          alive = (e as NodeJS.ErrnoException).code === 'EPERM';
        }
      }
      if (alive) throw new EnvironmentError(`another mutation run (pid ${pid}) is using the build tree of ${b.name}`, `wait for it to finish, or stop it (kill ${pid}); its lock is ${file}`);
      await fs.rm(file, { force: true });
    }
  }
  throw new EnvironmentError(`could not lock the build tree of ${b.name}`, `remove ${path.join(b.root, '.virtprop', 'mutate.lock')} if no mutation run is active`);
}
