#!/usr/bin/env bash
# The nightly: set up this host (ci/setup-host.sh), then every property on every
# supported machine for a time budget, all reports into one folder, and a verdict that
# fails only on NEW mismatches (ci/known-issues.json lists the known ones; see
# ci/KNOWN-ISSUES.md). Run it from anywhere; it works from the checkout it lives in.
#
#   VIRTPROP_BUDGET=600          seconds per machine and command (check --budget)
#   VIRTPROP_REPORTS=DIR         default ./nightly-reports/<UTC date>
#   VIRTPROP_LAYERS=xml,argv,qemu
#   VIRTPROP_MACHINES="pc q35 virt"   default: pc q35, plus virt when QEMU for aarch64 is there
#   VIRTPROP_VS_VIRSH=PATH / VIRTPROP_VS_URI=URI   a second build: `diff` against it too
#   VIRTPROP_BUILDS="debian-12 debian-13 debian-unstable"  the libvirt releases to test
#                                (`virtprop builds`; default: all three, installed at set-up)
#   VIRTPROP_COMMANDS="check diff upgrade"  which commands to run (diff only with a second build)
#   VIRTPROP_UPGRADES="debian-12:debian-13 debian-13:debian-unstable"  FROM:TO pairs for `upgrade`
#   VIRTPROP_UPGRADE_MACHINES="pc q35"  the machines `upgrade` runs on
#   VIRTPROP_KNOWN_ISSUES=FILE   default ci/known-issues.json (a missing file lists nothing)
#   VIRTPROP_SKIP_SETUP=1        the host is set up already
#   VIRTPROP_ARGS="…"            extra flags for every virtprop run (e.g. --workers 4)
#
# Exit: 0 no new mismatch; 1 new mismatches (nightly.md lists them); 2 a run could not
# start (environment/usage: its log says why); 3 harness faults and no new mismatch;
# 130/143 interrupted.
set -uo pipefail
here=$(cd -- "$(dirname -- "$0")/.." && pwd)
cd -- "$here"

budget=${VIRTPROP_BUDGET:-600}
reports=${VIRTPROP_REPORTS:-nightly-reports/$(date -u +%Y-%m-%d)}
layers=${VIRTPROP_LAYERS:-xml,argv,qemu}
known=${VIRTPROP_KNOWN_ISSUES:-ci/known-issues.json}
commands=${VIRTPROP_COMMANDS:-check diff upgrade}
read -r -a upgrades <<<"${VIRTPROP_UPGRADES:-debian-12:debian-13 debian-13:debian-unstable}"
read -r -a upgrade_machines <<<"${VIRTPROP_UPGRADE_MACHINES:-pc q35}"
read -r -a extra <<<"${VIRTPROP_ARGS:-}"

read -r -a builds <<<"${VIRTPROP_BUILDS:-debian-12 debian-13 debian-unstable}"
if [ "${VIRTPROP_SKIP_SETUP:-}" != 1 ]; then
  bash ci/setup-host.sh || { echo "nightly: host set-up failed" >&2; exit 2; }
  node bin/virtprop.js builds install "${builds[@]}" --no-progress || { echo "nightly: installing the builds failed" >&2; exit 2; }
fi
mkdir -p -- "$reports"
reports=$(cd -- "$reports" && pwd)

# Machines: x86 always; aarch64 virt when this host can run QEMU for it (TCG is enough).
if [ -n "${VIRTPROP_MACHINES:-}" ]; then read -r -a machines <<<"$VIRTPROP_MACHINES"
else
  machines=(pc q35)
  command -v qemu-system-aarch64 >/dev/null 2>&1 && machines+=(virt)
fi
arch_of() { case "$1" in virt|virt-*) echo aarch64 ;; *) echo x86_64 ;; esac; }

vs=()
[ -n "${VIRTPROP_VS_VIRSH:-}" ] && vs+=(--vs-virsh "$VIRTPROP_VS_VIRSH")
[ -n "${VIRTPROP_VS_URI:-}" ] && vs+=(--vs-uri "$VIRTPROP_VS_URI")

# Enough runs that the budget, not the count, ends each run.
runs=${VIRTPROP_RUNS:-1000000}
: >"$reports/runs.tsv"
# check runs on every build; diff compares the host's libvirt (A) with the second build (B);
# upgrade moves guests from one build to the next (reported under "FROM-to-TO").
for cmd in $commands; do
  if [ "$cmd" = diff ] && [ "${#vs[@]}" -eq 0 ]; then
    echo "nightly: no second build configured (VIRTPROP_VS_VIRSH / VIRTPROP_VS_URI): diff skipped" >&2
    continue
  fi
  targets=("${builds[@]}")
  cmd_machines=("${machines[@]}")
  [ "$cmd" = diff ] && targets=(host)
  if [ "$cmd" = upgrade ]; then
    targets=()
    for u in "${upgrades[@]}"; do targets+=("${u%%:*}-to-${u#*:}"); done
    cmd_machines=("${upgrade_machines[@]}")
  fi
  for build in "${targets[@]}"; do
    for m in "${cmd_machines[@]}"; do
      mkdir -p -- "$reports/$build"
      out="$reports/$build/$cmd-$m"
      echo "nightly: $cmd $m on $build for ${budget}s → $out" >&2
      args=("$cmd" --arch "$(arch_of "$m")" --machine "$m" --runs "$runs" --budget "$budget" --layers "$layers" --out "$out" --no-progress)
      case $cmd in
        diff) args+=("${vs[@]}") ;;
        upgrade) args+=(--from "${build%%-to-*}" --to "${build#*-to-}") ;;
        *) args+=(--build "$build") ;;
      esac
      node bin/virtprop.js "${args[@]}" "${extra[@]}" >"$out.log" 2>&1
      code=$?
      printf '%s\t%s\t%s\t%s\t%s\n' "$cmd" "$m" "$code" "$out" "$build" >>"$reports/runs.tsv"
      case $code in 130|143) echo "nightly: interrupted" >&2; break 3 ;; esac
    done
  done
done

node ci/nightly-verdict.mjs "$reports/runs.tsv" "$known" "$reports"
