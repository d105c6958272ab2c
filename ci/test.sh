#!/usr/bin/env bash
# The test suite: set up this host, the other libvirt releases (`virtprop builds`) and a
# libvirt built from source, then every uvu suite (unit, model tables observed from the real libvirt, integration
# tests against the real libvirt + QEMU of each release).
set -euo pipefail
cd -- "$(dirname -- "$0")/.."
bash ci/setup-host.sh
# Every libvirt release the suite tests besides the host's: Debian 13 and unstable in
# roots of their own (about a minute each on a fresh machine; nothing to do afterwards).
node bin/virtprop.js builds install debian-12 debian-13 debian-unstable --no-progress
# libvirt 9.0 built from Debian's source package with a packager's patch, for test/mutate
# (`virtprop mutate` and --build of a source build): build-dep and about 3-5 minutes of
# meson + ninja on 2 cores the first time; a finished build of the same patch is kept.
bash ci/build-libvirt.sh --debian --name debian-12-patched --patch test/fixtures/user-patch/virsh-version-note.patch
# The set-up above installed everything the tests need from the host (Chromium, virsh):
# a test that finds one missing fails here instead of being reported skipped (test/skip.ts).
export VIRTPROP_TEST_REQUIRE_ALL=1
exec npm test --silent
