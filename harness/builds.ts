// Builds: a libvirt + QEMU release virtprop can drive on this machine. The host's own
// packages are one; each other Debian release lives in a root of its own (installed by
// ci/install-build.sh with debootstrap) and is driven through launchers that run its
// virsh, or any of its programs, inside that root.

import { promises as fs, constants as fsc, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { EnvironmentError } from './errors.js';
import { readSourceBuild, type SourceBuild } from './mutation/sourceBuild.js';

/** One build in the catalogue. */
export interface BuildEntry {
  name: string;
  /** Debian suite its packages come from. */
  suite: string;
  /** The versions Debian ships in that suite (what `builds` lists before an install). */
  libvirt: string;
  qemu: string;
}

/** The releases users run, newest last. Versions are those Debian's archive serves. */
export const BUILD_CATALOGUE: readonly BuildEntry[] = [
  { name: 'debian-12', suite: 'bookworm', libvirt: '9.0.0', qemu: '7.2' },
  { name: 'debian-13', suite: 'trixie', libvirt: '11.3.0', qemu: '10.0' },
  { name: 'debian-unstable', suite: 'sid', libvirt: '12.8.0', qemu: '11.1' },
];

/** A build ready to drive. */
export interface Build {
  name: string;
  /** The virsh to run (a launcher for a root). */
  virsh: string;
  /** Prefix that runs a program of the build (the root's launcher); empty for the host. */
  runPrefix: string[];
  /** The root, undefined when the build is the host's own packages. */
  root?: string;
}

/** What `builds` reports for one catalogue entry. */
export interface BuildStatus extends BuildEntry {
  virsh: string;
  installed: boolean;
  /** Where it lives: "host" or the root directory. */
  location: string;
  /** Installed package versions (libvirt-clients, qemu-system-x86), when installed. */
  packages?: Record<string, string>;
  /** Set for a libvirt built from Debian's source package (ci/build-libvirt.sh --debian): its version, patches and tree. */
  source?: { version: string; patches: string[]; tree: string };
}

/** Where the roots live; VIRTPROP_BUILDS_DIR moves them. */
export const buildsDir = (): string => process.env.VIRTPROP_BUILDS_DIR ?? '/var/lib/virtprop/builds';

/** The Debian suite the host runs (its os-release codename), if it is Debian. */
function hostSuite(): string | undefined {
  try {
    const text = readFileSync(process.env.VIRTPROP_OS_RELEASE ?? '/etc/os-release', 'utf8');
    if (!/^ID=debian$/m.test(text)) return undefined;
    // Debian unstable's os-release names no codename; its testing/unstable PRETTY_NAME says "sid".
    return /^VERSION_CODENAME=(\S+)$/m.exec(text)?.[1] ?? (/sid/.test(text) ? 'sid' : undefined);
  } catch {
    return undefined;
  }
}

const launcher = (root: string, name: 'virsh' | 'run'): string => path.join(root, '.virtprop', name);

/** A catalogue entry by name, or a usage-style error listing the names. */
export function catalogueEntry(name: string): BuildEntry {
  const entry = BUILD_CATALOGUE.find((b) => b.name === name);
  if (!entry) {
    throw new EnvironmentError(
      `unknown build "${name}"`,
      `pick one of ${BUILD_CATALOGUE.map((b) => b.name).join(', ')} or a source build in ${buildsDir()} (\`virtprop builds\` lists them; \`bash ci/build-libvirt.sh --debian --name ${/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) ? name : 'NAME'}\` makes a source build)`,
    );
  }
  return entry;
}

/**
 * The libvirt builds made from Debian's source package by `ci/build-libvirt.sh --debian`
 * in the builds directory (each ROOT/.virtprop/source-build.json), by name. They use the
 * host's QEMU.
 */
export async function listSourceBuilds(): Promise<SourceBuild[]> {
  let names: string[];
  try {
    names = (await fs.readdir(buildsDir(), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const found = await Promise.all(names.filter((n) => !BUILD_CATALOGUE.some((b) => b.name === n)).map((n) => readSourceBuild(path.join(buildsDir(), n))));
  return found.filter((b): b is SourceBuild => b !== undefined);
}

/** A source build of the builds directory by name, if there is one. */
export async function findSourceBuild(name: string): Promise<SourceBuild | undefined> {
  if (BUILD_CATALOGUE.some((b) => b.name === name) || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return undefined;
  return readSourceBuild(path.join(buildsDir(), name));
}

/** The host's QEMU for x86, as dpkg knows it. */
async function hostQemuPackage(): Promise<string | undefined> {
  const r = await execa('dpkg-query', ['-W', '-f=${Version}', 'qemu-system-x86'], { reject: false });
  return r.exitCode === 0 && String(r.stdout).trim() ? String(r.stdout).trim() : undefined;
}

async function sourceBuildStatus(b: SourceBuild): Promise<BuildStatus> {
  const qemu = await hostQemuPackage();
  return {
    name: b.name,
    suite: b.suite,
    libvirt: b.version.replace(/^\d+:/, '').replace(/[-+~].*$/, ''),
    qemu: qemu?.replace(/^\d+:/, '').replace(/[-+~].*$/, '') ?? 'host',
    virsh: b.virsh,
    installed: await executable(b.virsh),
    location: b.root,
    packages: { 'libvirt (source)': b.version, ...(qemu ? { 'qemu-system-x86': qemu } : {}) },
    source: { version: b.version, patches: b.patches.map((p) => p.file), tree: b.tree },
  };
}

/** True when the host's own packages are this build. */
const servedByHost = (entry: BuildEntry): boolean => hostSuite() === entry.suite;

async function executable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsc.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function hostVirsh(): Promise<string | undefined> {
  const r = await execa('sh', ['-c', 'command -v virsh'], { reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : undefined;
}

/** Reads the root's install stamp: "package version" lines. */
async function installedPackages(root: string): Promise<Record<string, string> | undefined> {
  try {
    const text = await fs.readFile(path.join(root, '.virtprop', 'installed'), 'utf8');
    return Object.fromEntries(text.trim().split('\n').map((l) => l.split(' ') as [string, string]));
  } catch {
    return undefined;
  }
}

/** The status of every catalogue build, then of every source build. */
export async function listBuilds(): Promise<BuildStatus[]> {
  const sources = await Promise.all((await listSourceBuilds()).map(sourceBuildStatus));
  const catalogue = await Promise.all(
    BUILD_CATALOGUE.map(async (entry) => {
      if (servedByHost(entry)) {
        const virsh = await hostVirsh();
        const r = await execa('dpkg-query', ['-W', '-f=${Package} ${Version}\n', 'libvirt-clients', 'qemu-system-x86'], { reject: false });
        const packages = r.exitCode === 0 ? Object.fromEntries(String(r.stdout).trim().split('\n').map((l) => l.split(' ') as [string, string])) : undefined;
        return { ...entry, virsh: virsh ?? 'virsh', installed: virsh !== undefined, location: 'host', packages };
      }
      const root = path.join(buildsDir(), entry.name);
      const packages = await installedPackages(root);
      return { ...entry, virsh: launcher(root, 'virsh'), installed: packages !== undefined && (await executable(launcher(root, 'virsh'))), location: root, packages };
    }),
  );
  return [...catalogue, ...sources];
}

/** Resolves --build NAME to something to drive, or says which command fixes it (exit 2). */
export async function resolveBuild(name: string): Promise<Build> {
  const source = await findSourceBuild(name);
  if (source) {
    if (!(await executable(source.virsh))) throw new EnvironmentError(`the source build ${name} (${source.root}) has no virsh launcher (${source.virsh})`, `remove ${source.root} and run \`bash ci/build-libvirt.sh --debian --name ${name}\``);
    // the host's QEMU: programs of the build run as they are
    return { name, virsh: source.virsh, runPrefix: [] };
  }
  const entry = catalogueEntry(name);
  const install = `virtprop builds install ${name}`;
  if (servedByHost(entry)) {
    const virsh = await hostVirsh();
    if (!virsh) throw new EnvironmentError(`build ${name} is this host's own libvirt, but virsh is not installed`, 'run `bash ci/setup-host.sh` (or apt-get install libvirt-clients libvirt-daemon-driver-qemu qemu-system-x86)');
    return { name, virsh, runPrefix: [] };
  }
  const root = path.join(buildsDir(), name);
  if ((await installedPackages(root)) === undefined) {
    throw new EnvironmentError(`build ${name} is not installed (no finished root at ${root})`, `run \`${install}\` (as root; about a minute per build)`);
  }
  for (const [file, what] of [
    [launcher(root, 'virsh'), 'its virsh launcher'],
    [launcher(root, 'run'), 'its run launcher'],
    [path.join(root, 'usr/bin/virsh'), 'virsh'],
  ] as const) {
    if (!(await executable(file))) throw new EnvironmentError(`the root of build ${name} (${root}) has no ${what} (${file})`, `remove ${root} and run \`${install}\``);
  }
  return { name, virsh: launcher(root, 'virsh'), runPrefix: [launcher(root, 'run')], root };
}

/** The QEMU system emulator for an arch inside a build, or a message naming the fix. */
export async function checkBuildEmulator(build: Build, arch: string): Promise<void> {
  if (!build.root) return;
  const emulator = path.join(build.root, 'usr/bin', `qemu-system-${arch}`);
  if (!(await executable(emulator))) {
    throw new EnvironmentError(`the root of build ${build.name} has no QEMU for ${arch} (${emulator})`, `remove ${build.root} and run \`virtprop builds install ${build.name}\``);
  }
}

/** The install script shipped with virtprop. */
const installScript = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'ci', 'install-build.sh');

/**
 * Installs a build's root (idempotent: a finished root is left alone). Reports each stage
 * the script announces; the script's own errors come back as one EnvironmentError.
 */
export async function installBuild(name: string, onStage: (stage: string) => void): Promise<BuildStatus> {
  const entry = catalogueEntry(name);
  const status = async (): Promise<BuildStatus> => (await listBuilds()).find((b) => b.name === name)!;
  if (servedByHost(entry)) {
    const now = await status();
    if (!now.installed) throw new EnvironmentError(`build ${name} is this host's own release`, 'install it with `bash ci/setup-host.sh`');
    onStage('done');
    return now;
  }
  const root = path.join(buildsDir(), name);
  const proc = execa('bash', [installScript(), entry.suite, root], { reject: false, all: false, stderr: 'pipe', stdout: 'pipe' });
  proc.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      const m = /^stage: (\S+)/.exec(line);
      if (m) onStage(m[1]);
    }
  });
  const r = await proc;
  if (r.exitCode !== 0) {
    const why = String(r.stderr).trim().split('\n').pop() ?? `exit ${r.exitCode}`;
    throw new EnvironmentError(`installing build ${name} failed: ${why}`, 'fix what it says (network to the Debian archive, root rights, disk space) and run the same command again: it continues where it stopped');
  }
  return status();
}
