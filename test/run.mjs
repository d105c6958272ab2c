// Builds the project, runs every uvu suite under dist/test, and closes with the plain
// "N passed, N failed" line that CI reads. Exit code is uvu's.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(build.status ?? 1);
}
const pattern = process.argv[2] ?? '\\.test\\.js$';
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
const res = spawnSync(process.execPath, [uvu, 'dist/test', pattern], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
process.stdout.write(res.stdout ?? '');
const total = Number(/Total:\s+(\d+)/.exec(res.stdout ?? '')?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(res.stdout ?? '')?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(res.stdout ?? '')?.[1] ?? 0);
const failed = res.status === 0 ? total - passed - skipped : Math.max(1, total - passed - skipped);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(res.status ?? 1);
