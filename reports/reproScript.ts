// The repro.sh of a bundle: the exact virsh commands of a counterexample as a bash
// script a libvirt developer can run without virtprop, against a private embedded
// QEMU driver by default, and that always removes the domains it defined.

import type { Counterexample } from '../types/run.js';
import { shellJoin } from './shellQuote.js';
import { splitVirshWords } from './virshWords.js';

// virsh commands that create a persistent or transient domain from an XML file.
const DEFINING_COMMANDS = new Set(['define', 'create']);

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The `<name>` of a domain XML document, entities decoded; undefined when there is none. */
export function domainNameOf(xml: string): string | undefined {
  const m = /<domain\b[^>]*>[\s\S]*?<name>([^<]*)<\/name>/.exec(xml);
  if (!m) return undefined;
  return m[1].trim().replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ent: string) => {
    if (ent[0] !== '#') return XML_ENTITIES[ent.toLowerCase()] ?? whole;
    const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/** Names of the domains the commands define or create, read from the files they name. */
export function definedDomains(commands: readonly string[], files: Readonly<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const command of commands) {
    const [verb, ...args] = splitVirshWords(command);
    if (!DEFINING_COMMANDS.has(verb)) continue;
    const file = args.find((a) => !a.startsWith('-'));
    const name = file !== undefined && file in files ? domainNameOf(files[file]) : undefined;
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

/** Renders repro.sh for `cx`; `files` maps bundle file names to contents (to find domain names). */
export function renderReproScript(cx: Counterexample, files: Readonly<Record<string, string>>): string {
  const domains = definedDomains(cx.virshCommands, files);
  const fallback = domainNameOf(cx.xml);
  if (domains.length === 0 && fallback !== undefined) domains.push(fallback);
  return [
    ...header(cx),
    'set -eu',
    'cd -- "$(dirname -- "$0")"',
    '',
    ...EMBEDDED_ROOT,
    '',
    ...cleanupTrap(domains),
    ...IMAGES,
    ...(startsAGuest(cx.virshCommands) ? oneSession(cx.virshCommands) : [...RUN, ...cx.virshCommands.map(runLine)]),
    '',
  ].join('\n');
}

// virsh commands after which a guest runs and must still run for the next command.
const STARTING_COMMANDS = new Set(['start', 'create']);

const startsAGuest = (commands: readonly string[]): boolean => commands.some((c) => STARTING_COMMANDS.has(splitVirshWords(c)[0]));

const SESSION_END = 'VIRTPROP_COMMANDS_END';

/**
 * The commands as one virsh session: an embedded driver (and the guest it started) lives
 * only as long as its virsh process, so a sequence that starts a guest cannot be split into
 * one virsh per command. The session goes on past a refused command, as virtprop did.
 */
function oneSession(commands: readonly string[]): string[] {
  for (const c of commands) {
    if (/[\r\n]/.test(c) || c.trim() === SESSION_END) throw new Error(`virsh command cannot go into a session script: ${JSON.stringify(c)}`);
    if (splitVirshWords(c).length === 0) throw new Error('empty virsh command in counterexample');
  }
  return [
    '# A guest started here must keep running from one command to the next, and an embedded',
    '# driver lives only as long as its virsh: the commands run in one virsh session. virsh',
    '# goes on past a refused command (as virtprop did) and exits 0 whatever the commands did:',
    '# compare what it prints with observed.txt.',
    `printf '+ virsh %s\\n' ${shellJoin([...commands])} >&2`,
    `"$VIRSH" -c "$URI" <<'${SESSION_END}'`,
    ...commands,
    SESSION_END,
  ];
}

/** The shebang, what the counterexample is and how to run the script. */
function header(cx: Counterexample): string[] {
  const where = [`property ${cx.property}`, `machine ${cx.machine} (${cx.arch})`, `layer ${cx.layer}`, `seed ${cx.seed}`];
  if (cx.path !== undefined) where.push(`path ${cx.path}`);
  return [
    '#!/usr/bin/env bash',
    `# virtprop repro: ${oneLine(where.join(', '))}.`,
    '#',
    "# Runs the virsh commands below, in this directory. virtprop's model expected",
    '# expected.txt, libvirt produced observed.txt; diff.patch is expected -> observed.',
    '#',
    '#   ./repro.sh                        private embedded QEMU driver in a fresh temp dir',
    '#   URI=qemu:///system ./repro.sh     any other libvirt connection',
    '#   VIRSH=/path/to/virsh ./repro.sh   a virsh other than the one on PATH',
    '#   KEEP_ROOT=1 ./repro.sh            keep the embedded root (logs in $root/log)',
  ];
}

/** VIRSH and URI, the URI a fresh private embedded root unless URI= is given. */
const EMBEDDED_ROOT: readonly string[] = [
  'VIRSH=${VIRSH:-virsh}',
  "embed_root=''",
  'if [ -z "${URI:-}" ]; then',
  '  # qemu:///embed runs the QEMU driver inside virsh itself: no daemon, nothing shared.',
  '  embed_root=$(mktemp -d "${TMPDIR:-/tmp}/virtprop-repro.XXXXXX")',
  '  mkdir -p "$embed_root/etc"',
  '  if [ "$(id -u)" -eq 0 ]; then',
  '    # As root, run QEMU as root too: if /dev/kvm is usable by root but not by the',
  '    # default qemu user, libvirt re-probes QEMU on every call (~75 s each).',
  `    printf '%s\\n' 'user = "root"' 'group = "root"' > "$embed_root/etc/qemu.conf"`,
  '  fi',
  '  # No virtlogd serves an embedded driver, and its VNC ports would clash with other roots.',
  `  printf '%s\\n' 'stdio_handler = "file"' 'vnc_auto_unix_socket = 1' >> "$embed_root/etc/qemu.conf"`,
  'fi',
  'URI=${URI:-"qemu:///embed?root=$embed_root"}',
];

/** A trap that destroys and undefines the domains the commands define, and removes the embedded root. */
function cleanupTrap(domains: string[]): string[] {
  return [
    'cleanup() {',
    '  status=$?',
    '  trap - EXIT',
    ...(domains.length > 0
      ? [
          `  for dom in ${shellJoin(domains)}; do`,
          '    "$VIRSH" -c "$URI" destroy --domain "$dom" >/dev/null 2>&1 || true',
          '    "$VIRSH" -c "$URI" undefine --domain "$dom" >/dev/null 2>&1 || true',
          '  done',
        ]
      : ['  : # the commands define no domain from a bundle file']),
    '  if [ -n "$embed_root" ]; then',
    '    if [ -n "${KEEP_ROOT:-}" ]; then echo "embedded root kept: $embed_root" >&2; else rm -rf -- "$embed_root"; fi',
    '  fi',
    '  exit "$status"',
    '}',
    'trap cleanup EXIT',
    "trap 'exit 130' INT",
    "trap 'exit 143' TERM",
    '',
  ];
}

/** Disk images input.xml names, created when missing. */
const IMAGES: readonly string[] = [
  '# A started domain needs its disk images: create the ones input.xml names that are missing.',
  "sed -n \"s/.*<source file='\\([^']*\\)'.*/\\1/p\" input.xml 2>/dev/null | while IFS= read -r image; do",
  '  [ -e "$image" ] || { mkdir -p -- "$(dirname -- "$image")" && truncate -s 1M -- "$image"; }',
  'done',
  '',
];

/** The run helper that echoes each command before it runs it in a virsh of its own. */
const RUN: readonly string[] = [
  'run() {',
  "  { printf '+ virsh'; printf ' %q' \"$@\"; printf '\\n'; } >&2",
  '  "$VIRSH" -c "$URI" "$@"',
  '}',
  '',
];

/** One `run …` line; an empty command would drop virsh into its interactive shell. */
function runLine(command: string): string {
  const words = splitVirshWords(command);
  if (words.length === 0) throw new Error('empty virsh command in counterexample');
  return `run ${shellJoin(words)}`;
}

// A comment line must not be ended early by a newline inside a machine or property name.
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');
