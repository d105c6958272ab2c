#!/usr/bin/env bash
# The test suite: set up this host, then every uvu suite (unit, model tables observed
# from the real libvirt, and integration tests against the real libvirt + QEMU).
set -euo pipefail
cd -- "$(dirname -- "$0")/.."
bash ci/setup-host.sh
exec npm test --silent
