// libvirt's own QEMU test inputs as a corpus: the PCI-related domain XMLs of
// tests/qemuxml2argvdata and/or tests/qemuxmlconfdata, with the golden outputs libvirt
// ships beside them, taken from Debian's source package of a given libvirt release (by
// default the one installed here) or from a libvirt source tree the user has.
//
// The source package is fetched with apt's ordinary client, on a private sources list and
// private lists/cache directories under virtprop's cache: the host's apt configuration
// and state are never touched. A finished corpus is kept per version, so a second run
// downloads nothing.

import { execa } from 'execa';
import { promises as fs, constants as fsc, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../../harness/errors.js';
import { catalogueEntry, listBuilds } from '../../harness/builds.js';
import { UsageError } from '../usageError.js';

/** One release of Debian's libvirt source package. */
export interface DebianLibvirtSource {
  /** Debian suite that serves it, e.g. "bookworm". */
  suite: string;
  /** The package version, e.g. "9.0.0-4+deb12u2". */
  version: string;
}

/** A corpus of libvirt test inputs ready for `corpus`. */
export interface LibvirtTestsCorpus {
  /** Directory of `<stem>.xml` inputs and `<stem>.expected*` golden outputs. */
  dir: string;
  /** Number of inputs in it. */
  inputs: number;
  /** Where they came from, for reports and SOURCE.md. */
  origin: string;
  /** True when this call downloaded the source (false: served from the cache, or a tree). */
  downloaded: boolean;
}

/** The folders of a libvirt source tree that hold QEMU domain XML inputs, newest layout first. */
const DATA_DIRS = ['tests/qemuxmlconfdata', 'tests/qemuxml2argvdata'];
/** Older trees keep xml2xml golden outputs in a folder of their own. */
const XML_OUT_DIR = 'tests/qemuxml2xmloutdata';

/** Golden output names in the newer layout: `<stem>.<arch>-latest.xml`, `<stem>.x86_64-4.2.0.args` … */
const OUTPUT_NAME = /\.(x86_64|i686|aarch64|armv[67]l|ppc64(le)?|s390x|riscv64|loongarch64|mips\w*|sparc\w*)-(latest|[\d.]+)\.(xml|args|err)$/;

/** Names that say a test is about PCI placement (buses, bridges, ports, machines with PCI). */
const PCI_NAME = /pci|pcie|q35|440fx|bridge|root-port|switch|expander|multifunction|autoindex|aarch64-virt|mach-virt|usb-controller|controller-order|hotplug-base/i;
/** Content that does: a PCI controller other than the root, or a multifunction slot. */
const PCI_CONTENT = /<controller type=['"]pci['"][^>]*model=['"](pci-bridge|dmi-to-pci-bridge|pcie-root-port|pcie-switch-(up|down)stream-port|pcie-to-pci-bridge|pci-expander-bus|pcie-expander-bus)['"]|multifunction=['"]on['"]/;

/** Whether an input is one the corpus takes: an x86 or aarch64 QEMU guest about PCI placement. */
export function isPciTest(name: string, xml: string): boolean {
  if (!/<domain[^>]*type=['"](qemu|kvm)['"]/.test(xml)) return false;
  if (!/<type[^>]*arch=['"](x86_64|i686|aarch64)['"]/.test(xml)) return false;
  return PCI_NAME.test(name) || PCI_CONTENT.test(xml);
}

const exists = (p: string): Promise<boolean> => fs.access(p, fsc.R_OK).then(() => true, () => false);

/** The first of `names` present in `dir`, if any. */
async function firstPresent(dir: string, names: string[]): Promise<string | undefined> {
  for (const n of names) if (await exists(path.join(dir, n))) return path.join(dir, n);
  return undefined;
}

/**
 * Copies the PCI-related inputs of a libvirt source tree (or of its tests/ folder) into
 * `outDir`, each with its golden outputs renamed `<stem>.expected.args`, `.expected.err`,
 * `.expected-out.xml` (so `corpus` skips them). Returns the number of inputs and the
 * folders read; UsageError when the tree has none of libvirt's QEMU test folders.
 */
export async function selectLibvirtTests(tree: string, outDir: string): Promise<{ inputs: number; folders: string[] }> {
  const root = (await exists(path.join(tree, 'tests'))) ? tree : path.dirname(tree);
  const folders = [];
  for (const d of DATA_DIRS) if (await exists(path.join(root, d))) folders.push(d);
  if (folders.length === 0) {
    throw new UsageError(`${tree} is not a libvirt source tree: it has neither ${DATA_DIRS.join(' nor ')}`, 'give the top of a libvirt source tree (a git clone or an unpacked release), or leave DIR out to fetch the installed release');
  }
  await fs.mkdir(outDir, { recursive: true });
  const taken = new Set<string>();
  for (const folder of folders) {
    const dir = path.join(root, folder);
    for (const name of (await fs.readdir(dir)).sort()) {
      if (!name.endsWith('.xml') || OUTPUT_NAME.test(name)) continue;
      const stem = name.slice(0, -'.xml'.length);
      // the newer layout wins when a release carries both folders
      if (taken.has(stem)) continue;
      const xml = await fs.readFile(path.join(dir, name), 'utf8');
      if (!isPciTest(name, xml)) continue;
      taken.add(stem);
      await fs.writeFile(path.join(outDir, name), xml);
      const arch = /arch=['"]aarch64['"]/.test(xml) ? 'aarch64' : 'x86_64';
      const golden: Array<[string | undefined, string]> = [
        [await firstPresent(dir, [`${stem}.${arch}-latest.args`, `${stem}.args`]), `${stem}.expected.args`],
        [await firstPresent(dir, [`${stem}.${arch}-latest.err`, `${stem}.err`]), `${stem}.expected.err`],
        [
          (await firstPresent(dir, [`${stem}.${arch}-latest.xml`])) ?? (await firstPresent(path.join(root, XML_OUT_DIR), [`${stem}.${arch}-latest.xml`, `${stem}.xml`])),
          `${stem}.expected-out.xml`,
        ],
      ];
      for (const [from, to] of golden) if (from) await fs.copyFile(from, path.join(outDir, to));
    }
  }
  return { inputs: taken.size, folders };
}

/** The cache directory of virtprop (XDG_CACHE_HOME or ~/.cache). */
const cacheHome = (): string => path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'virtprop');

/** Where the corpus of one release is kept. */
export const libvirtTestsCacheDir = (version: string, cacheRoot = cacheHome()): string => path.join(cacheRoot, 'libvirt-src', version);

/** The Debian libvirt installed here (the QEMU driver's package), or an error saying what to do instead. */
export async function installedLibvirtSource(): Promise<DebianLibvirtSource> {
  let suite: string | undefined;
  try {
    // Debian and its derivatives (Ubuntu …) name their suite; Debian unstable names none but says "sid"
    const release = readFileSync(process.env.VIRTPROP_OS_RELEASE ?? '/etc/os-release', 'utf8');
    suite = /^VERSION_CODENAME="?([^"\s]+)"?$/m.exec(release)?.[1] ?? (/^ID=debian$/m.test(release) && /sid/.test(release) ? 'sid' : undefined);
  } catch {
    /* not known: said below */
  }
  const r = await execa('dpkg-query', ['-W', '-f=${Version}', 'libvirt-daemon-driver-qemu'], { reject: false });
  const version = r.exitCode === 0 ? String(r.stdout).trim() : '';
  if (!suite || version === '') {
    throw new EnvironmentError(
      `cannot tell which Debian libvirt source to fetch: ${!suite ? 'this host is not a Debian-like release with a codename' : 'the package libvirt-daemon-driver-qemu is not installed'}`,
      'give a libvirt source tree instead: `virtprop corpus --libvirt-tests DIR` (a git clone or an unpacked release of libvirt)',
    );
  }
  return { suite, version };
}

/** The Debian libvirt of a catalogue build (`--build NAME`): its suite and the version installed in it. */
export async function buildLibvirtSource(name: string): Promise<DebianLibvirtSource> {
  const entry = catalogueEntry(name);
  const version = (await listBuilds()).find((b) => b.name === name)?.packages?.['libvirt-clients'];
  if (!version) throw new EnvironmentError(`build ${name} is not installed, so its libvirt version is not known`, `run \`virtprop builds install ${name}\`, or give a libvirt source tree: \`virtprop corpus --libvirt-tests DIR\``);
  return { suite: entry.suite, version };
}

/** One `deb` entry of the host's apt sources. */
interface AptEntry {
  uri: string;
  suite: string;
  signedBy?: string;
}

/** The host's `deb` entries (one-line and deb822 files), read only. */
function hostAptEntries(): AptEntry[] {
  const entries: AptEntry[] = [];
  const files = ['/etc/apt/sources.list'];
  try {
    for (const f of readdirSync('/etc/apt/sources.list.d')) if (/\.(list|sources)$/.test(f)) files.push(path.join('/etc/apt/sources.list.d', f));
  } catch {
    /* none */
  }
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string): string[] => (new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(stanza)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
        if (!field('Types').includes('deb') || field('Enabled')[0] === 'no') continue;
        for (const uri of field('URIs')) for (const suite of field('Suites')) entries.push({ uri, suite, signedBy: field('Signed-By')[0] });
      }
    } else {
      for (const line of text.split('\n')) {
        const m = /^\s*deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(line);
        if (m) entries.push({ uri: m[2], suite: m[3], signedBy: /signed-by=(\S+)/.exec(m[1] ?? '')?.[1] });
      }
    }
  }
  return entries;
}

/** Suites without -updates and -security siblings: the archive has no such Release files (apt update fails on them). */
const ROLLING_SUITES = new Set(['sid', 'unstable', 'experimental']);

/** deb-src lines for a suite and its -updates and -security siblings: the host's mirrors where it has them, Debian's otherwise. */
export function debSrcLines(suite: string, entries: AptEntry[] = hostAptEntries()): string[] {
  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
  const rolling = ROLLING_SUITES.has(suite);
  const wanted = rolling ? [suite] : [suite, `${suite}-updates`, `${suite}-security`];
  const chosen = entries.filter((e) => wanted.includes(e.suite));
  const debian = [
    { uri: 'http://deb.debian.org/debian', suite },
    ...(rolling ? [] : [{ uri: 'http://deb.debian.org/debian', suite: `${suite}-updates` }, { uri: 'http://deb.debian.org/debian-security', suite: `${suite}-security` }]),
  ];
  const lines = (chosen.length > 0 ? chosen : debian).map((e: AptEntry) => `deb-src [signed-by=${e.signedBy ?? keyring}] ${e.uri} ${e.suite} main`);
  return [...new Set(lines)];
}

/** Runs apt-get on the private configuration under `work`; EnvironmentError with apt's own last error. */
async function aptGet(work: string, args: string[], cwd: string): Promise<void> {
  const o = (k: string, v: string): string[] => ['-o', `${k}=${v}`];
  const options = [
    ...o('Dir::Etc::SourceList', path.join(work, 'sources.list')),
    ...o('Dir::Etc::SourceParts', path.join(work, 'sources.list.d')),
    ...o('Dir::Etc::Preferences', path.join(work, 'preferences')),
    ...o('Dir::Etc::PreferencesParts', path.join(work, 'preferences.d')),
    ...o('Dir::State::Lists', path.join(work, 'lists')),
    ...o('Dir::Cache', path.join(work, 'cache')),
    // as root apt would hand the download to its _apt user, which cannot write here
    ...(process.getuid?.() === 0 ? o('APT::Sandbox::User', 'root') : []),
  ];
  const r = await execa('apt-get', ['-q', ...options, ...args], { cwd, reject: false, env: { LC_ALL: 'C' } });
  if (r.exitCode !== 0) {
    const why = String(r.stderr).split('\n').filter((l) => /^(E|W):/.test(l)).pop() ?? (r.failed && r.exitCode === undefined ? String(r.shortMessage) : `exit ${r.exitCode}`);
    throw new EnvironmentError(`apt-get ${args[0]} failed while fetching libvirt's source: ${why}`, 'check that this host reaches the Debian archive (or the mirror in /etc/apt/sources.list*), or give a libvirt source tree: `virtprop corpus --libvirt-tests DIR`');
  }
}

/** Unpacks the downloaded source into `dest` (Debian's patches applied when dpkg-source is there). */
async function unpack(download: string, dest: string): Promise<boolean> {
  const names = await fs.readdir(download);
  const dsc = names.find((n) => n.endsWith('.dsc'));
  if (dsc && (await execa('dpkg-source', ['--version'], { reject: false })).exitCode === 0) {
    const r = await execa('dpkg-source', ['-x', dsc, dest], { cwd: download, reject: false, env: { LC_ALL: 'C' } });
    if (r.exitCode === 0) return true;
  }
  const orig = names.find((n) => /\.orig\.tar\.\w+$/.test(n));
  if (!orig) throw new EnvironmentError(`the downloaded libvirt source has no upstream tarball (${names.join(', ')})`, 'remove the cache directory and run again');
  await fs.mkdir(dest, { recursive: true });
  const r = await execa('tar', ['-xf', path.join(download, orig), '-C', dest, '--strip-components=1', '--wildcards', '*/tests/qemuxml*'], { reject: false });
  if (r.exitCode !== 0) throw new EnvironmentError(`cannot unpack ${orig}: ${String(r.stderr).trim()}`, 'install tar and xz-utils, or give a libvirt source tree: `virtprop corpus --libvirt-tests DIR`');
  return false;
}

/** The provenance note written beside a corpus. */
function sourceNote(origin: string, folders: string[], inputs: number, patched: boolean | undefined): string {
  return `# libvirt's QEMU test inputs about PCI placement

${inputs} domain XML inputs from ${origin}, folders ${folders.join(' and ')}${patched === undefined ? '' : patched ? ", with Debian's patches applied" : ' (upstream tarball, without Debian\'s patches)'}.
Taken when the file name names PCI matters (pci, pcie, q35, 440fx, bridge, root-port,
switch, expander, multifunction, aarch64 virt, USB controllers …) or the file has a PCI
controller other than the root or a multifunction slot; only x86_64, i686 and aarch64
QEMU/KVM guests. Files are unmodified. Beside each input, libvirt's golden outputs where
it ships them: \`<stem>.expected.args\` (the QEMU command line), \`<stem>.expected.err\`
(the expected refusal), \`<stem>.expected-out.xml\` (the XML libvirt writes back). They
were made by libvirt's test suite against recorded QEMU capabilities, not this host.

libvirt is LGPL-2.1-or-later; these test files are its authors' work, redistributed
unchanged under that licence.
`;
}

/**
 * libvirt's PCI test inputs of one Debian release, from the cache or fetched with
 * `apt-get source --download-only` on a private sources list for `src.suite`. The
 * finished corpus is moved into place in one rename, so an interrupted fetch leaves
 * nothing that a later run would take for a corpus.
 */
export async function fetchLibvirtTests(src: DebianLibvirtSource, opts: { cacheRoot?: string; onStage?: (stage: string) => void } = {}): Promise<LibvirtTestsCorpus> {
  const home = libvirtTestsCacheDir(src.version, opts.cacheRoot);
  const corpus = path.join(home, 'corpus');
  const origin = `Debian's libvirt ${src.version} source package (${src.suite})`;
  const count = async (): Promise<number> => (await fs.readdir(corpus)).filter((n) => n.endsWith('.xml') && !n.includes('.expected')).length;
  if (await exists(path.join(home, 'manifest.json'))) return { dir: corpus, inputs: await count(), origin, downloaded: false };

  const parent = path.dirname(home);
  await fs.mkdir(parent, { recursive: true });
  const work = await fs.mkdtemp(path.join(parent, `.fetch-${src.version}-`));
  try {
    for (const d of ['sources.list.d', 'preferences.d', 'lists/partial', 'cache/archives/partial', 'download']) await fs.mkdir(path.join(work, d), { recursive: true });
    await fs.writeFile(path.join(work, 'sources.list'), debSrcLines(src.suite).join('\n') + '\n');
    opts.onStage?.(`reading Debian's source index for ${src.suite}`);
    await aptGet(work, ['update'], work);
    opts.onStage?.(`downloading libvirt ${src.version} source`);
    const download = path.join(work, 'download');
    await aptGet(work, ['source', '--download-only', `libvirt=${src.version}`], download).catch(async (err: Error) => {
      // a mirror that lacks the .dsc still served the upstream tarball apt checked against the index
      if (!(await fs.readdir(download)).some((n) => /\.orig\.tar\.\w+$/.test(n))) throw err;
      opts.onStage?.(`${err.message}; using the upstream tarball alone`);
    });
    opts.onStage?.('unpacking the test inputs');
    const patched = await unpack(download, path.join(work, 'src'));
    const out = path.join(work, 'out');
    const { inputs, folders } = await selectLibvirtTests(path.join(work, 'src'), path.join(out, 'corpus'));
    await fs.writeFile(path.join(out, 'SOURCE.md'), sourceNote(origin, folders, inputs, patched));
    await fs.writeFile(path.join(out, 'manifest.json'), JSON.stringify({ package: 'libvirt', ...src, folders, inputs, debianPatches: patched }, null, 2) + '\n');
    try {
      await fs.rename(out, home);
    } catch (err) {
      // another run finished first: its corpus is as good as ours
      if (!(await exists(path.join(home, 'manifest.json')))) throw err;
    }
    return { dir: corpus, inputs, origin, downloaded: true };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** A libvirt source tree the user has, selected into a fresh directory under `scratch`. */
export async function libvirtTestsFromTree(tree: string, scratch: string): Promise<LibvirtTestsCorpus> {
  if (!(await exists(tree))) throw new UsageError(`cannot read ${tree}: no such directory`, 'give the top of a libvirt source tree, or leave DIR out to fetch the installed release');
  const dir = path.join(scratch, 'corpus');
  const { inputs, folders } = await selectLibvirtTests(tree, dir);
  const origin = `the libvirt source tree ${tree}`;
  await fs.writeFile(path.join(scratch, 'SOURCE.md'), sourceNote(origin, folders, inputs, undefined));
  return { dir, inputs, origin, downloaded: false };
}
