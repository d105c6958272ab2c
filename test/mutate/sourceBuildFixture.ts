// The libvirt the mutation tests use: built from Debian's source package with a packager's
// patch (test/fixtures/user-patch/) by ci/test.sh, `bash ci/build-libvirt.sh --debian
// --name debian-12-patched --patch …`. A test that finds it missing fails and says how to
// make it: it never skips.

import path from 'node:path';
import { readSourceBuild, type SourceBuild } from '../../harness/mutation/sourceBuild.js';
import { buildsDir } from '../../harness/builds.js';
import { repoRoot } from '../diff/cliRun.js';

/** Name of the source build (VIRTPROP_TEST_SOURCE_BUILD moves it). */
export const TEST_SOURCE_BUILD = process.env.VIRTPROP_TEST_SOURCE_BUILD ?? 'debian-12-patched';

/** The packager's patch the build carries. */
export const USER_PATCH = path.join(repoRoot, 'test', 'fixtures', 'user-patch', 'virsh-version-note.patch');

/** The line the patch adds to `virsh version`. */
export const PATCH_MARK = 'Packager patch: virtprop test fixture';

/** The source build, or an error naming the command that makes it. */
export async function testSourceBuild(): Promise<SourceBuild> {
  const b = await readSourceBuild(path.join(buildsDir(), TEST_SOURCE_BUILD));
  if (!b) {
    throw new Error(`no source build ${TEST_SOURCE_BUILD} in ${buildsDir()}: run \`bash ci/build-libvirt.sh --debian --name ${TEST_SOURCE_BUILD} --patch test/fixtures/user-patch/virsh-version-note.patch\` (ci/test.sh does)`);
  }
  return b;
}
