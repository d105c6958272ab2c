#!/usr/bin/env bash
# The main job: set up this host, then a conformance run of pc and q35 against a private
# embedded libvirt (no daemon). Extra arguments go to `virtprop check`.
set -euo pipefail
cd -- "$(dirname -- "$0")/.."
bash ci/setup-host.sh
exec node bin/virtprop.js check --runs "${VIRTPROP_RUNS:-200}" "$@"
