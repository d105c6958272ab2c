#!/usr/bin/env bash
# On the host: runs ci/nightly.sh inside the Vagrant VM (booting it if needed) and copies
# its reports back to ./nightly-reports/vagrant-<box>-<date>/. Exits with the nightly's code.
# VIRTPROP_* variables of the nightly (budget, layers, second build …) are passed through.
set -uo pipefail
cd -- "$(dirname -- "$0")/../.."
box=${VIRTPROP_BOX:-debian12}
stamp=$(date -u +%Y-%m-%d)
inside=/var/tmp/virtprop-nightly-$stamp
local_dir=${VIRTPROP_REPORTS:-nightly-reports/vagrant-$box-$stamp}

vagrant status --machine-readable | grep -q ',state,running' || vagrant up --provider=libvirt || exit 2
vagrant rsync >/dev/null

# Only the nightly's own settings cross over; values are quoted for the remote shell.
env_args=()
for v in VIRTPROP_BUDGET VIRTPROP_LAYERS VIRTPROP_MACHINES VIRTPROP_COMMANDS VIRTPROP_VS_VIRSH VIRTPROP_VS_URI VIRTPROP_UPGRADES VIRTPROP_UPGRADE_MACHINES VIRTPROP_ARGS VIRTPROP_RUNS; do
  [ -n "${!v:-}" ] && env_args+=("$v=$(printf '%q' "${!v}")")
done
vagrant ssh -c "sudo env ${env_args[*]} VIRTPROP_SKIP_SETUP=1 VIRTPROP_REPORTS=$inside bash /virtprop/ci/nightly.sh"
code=$?

# Bring the reports back over the VM's own ssh config (no shared folder needed).
mkdir -p -- "$local_dir"
cfg=$(mktemp)
trap 'rm -f "$cfg"' EXIT
vagrant ssh-config --host virtprop-vm >"$cfg"
vagrant ssh -c "sudo tar -C $inside -czf /tmp/virtprop-reports.tgz . && sudo chmod a+r /tmp/virtprop-reports.tgz" &&
  scp -q -F "$cfg" virtprop-vm:/tmp/virtprop-reports.tgz "$local_dir/reports.tgz" &&
  tar -C "$local_dir" -xzf "$local_dir/reports.tgz" && rm -f "$local_dir/reports.tgz" ||
  { echo "vagrant nightly: could not copy the reports back" >&2; [ "$code" -eq 0 ] && code=2; }
echo "vagrant nightly ($box): exit $code, reports in $local_dir" >&2
exit "$code"
