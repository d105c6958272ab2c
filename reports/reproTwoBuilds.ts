// A bundle script that runs virsh commands against two libvirt builds and diffs what they
// print: `diff`'s repro-ab.sh (the same repro.sh on builds A and B) and `upgrade`'s
// repro-upgrade.sh (FROM's commands on FROM, FROM's answer on TO). Exits 1 when the two
// outputs differ, 0 when they print the same (not reproduced).

import { shellQuote } from './shellQuote.js';

/** One build the script runs a side's commands against. */
export interface ReproSide {
  /** Label in the diff and suffix of its variables: VIRSH_<label>, URI_<label>. */
  label: string;
  virsh: string;
  /** undefined: a fresh private embedded root (the side script's default). */
  uri?: string;
  /** The bundle script with this side's virsh commands (repro.sh or another one). */
  script: string;
}

/** What the script says and does besides running both sides. */
export interface ReproTwoBuildsOptions {
  /** Script name in its own messages (repro-ab, repro-upgrade). */
  name: string;
  /** Comment lines under the #! line. */
  header: string[];
  sides: [ReproSide, ReproSide];
  /** Environment both sides get, each overridable (a wrapper's VIRTPROP_REAL_VIRSH). */
  exports?: Record<string, string>;
  /** sed expressions applied to both outputs before the diff, after dropping <uuid> lines. */
  normalise?: string[];
}

/** Renders the script. */
export function renderReproTwoBuilds(o: ReproTwoBuildsOptions): string {
  const [a, b] = o.sides;
  const out = (s: ReproSide): string => `out_${s.label.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  // libvirt makes up a fresh <uuid> per define: never a difference between the builds.
  const sed = ['/<uuid>/d', ...(o.normalise ?? [])].map((e) => `-e ${shellQuote(e)}`).join(' ');
  const shown = (s: ReproSide): string => `--label ${s.label} <(printf '%s\\n' "$${out(s)}" | sed ${sed})`;
  return [
    '#!/usr/bin/env bash',
    ...o.header.map((l) => `# ${l}`),
    `#   ${o.sides.map((s) => `VIRSH_${s.label}=… URI_${s.label}=…`).join(' ')} bash ${o.name}.sh   to point at other builds`,
    'set -u',
    'cd -- "$(dirname -- "$0")"',
    // Plain assignments, not "${X:-'…'}": inside double quotes the single quotes would stay.
    ...o.sides.flatMap((s) => [`VIRSH_${s.label}=\${VIRSH_${s.label}:-${shellQuote(s.virsh)}}`, `URI_${s.label}=\${URI_${s.label}:-${s.uri ? shellQuote(s.uri) : ''}}`]),
    ...Object.entries(o.exports ?? {}).map(([k, v]) => `export ${k}=\${${k}:-${shellQuote(v)}}`),
    ...o.sides.map((s) => `${out(s)}=$(VIRSH="$VIRSH_${s.label}" URI="$URI_${s.label}" bash ./${s.script} 2>&1)`),
    `if diff -u ${shown(a)} ${shown(b)}; then`,
    `  echo '${o.name}: ${a.label} and ${b.label} printed the same: not reproduced' >&2`,
    '  exit 0',
    'fi',
    'exit 1',
    '',
  ].join('\n');
}
