#!/usr/bin/env bash
# The test suite: set up this host and the other libvirt releases (`virtprop builds`),
# then every uvu suite (unit, model tables observed from the real libvirt, integration
# tests against the real libvirt + QEMU of each release).
set -euo pipefail
cd -- "$(dirname -- "$0")/.."
bash ci/setup-host.sh
# Every libvirt release the suite tests besides the host's: Debian 13 and unstable in
# roots of their own (about a minute each on a fresh machine; nothing to do afterwards).
node bin/virtprop.js builds install debian-12 debian-13 debian-unstable --no-progress
# The set-up above installed everything the tests need from the host (Chromium, virsh):
# a test that finds one missing fails here instead of being reported skipped (test/skip.ts).
export VIRTPROP_TEST_REQUIRE_ALL=1
exec npm test --silent
