// Builds the project, runs every uvu suite under dist/test (streaming uvu's output as it
// comes, so a long CI log shows progress), and closes with the plain
// "N passed, N failed, N skipped" line that CI reads, each skip's reason listed above it.
// A test skipped for want of something on the host (test/skip.ts) returns normally, so uvu
// counts it passed: it is moved from passed to skipped here. Exit code is uvu's.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// A fresh build: a suite whose source was deleted must not keep running from an old dist/.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(build.status ?? 1);
}
// A pattern picks among the suites only: 'upgrade' must not match their source maps too.
const pattern = process.argv[2] === undefined ? '\\.test\\.js$' : `^(?=.*(?:${process.argv[2]})).*\\.test\\.js$`;
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
const child = spawn(process.execPath, [uvu, 'dist/test', pattern], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (d) => {
  out += d;
  process.stdout.write(d);
});
child.on('close', (code) => {
  // uvu colours its totals; strip escapes before reading them.
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const uvuPassed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const uvuSkipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const failed = code === 0 ? total - uvuPassed - uvuSkipped : Math.max(1, total - uvuPassed - uvuSkipped);
  const skips = skipReasons(plain);
  const passed = uvuPassed - skips.length;
  // CI may keep only the tail of a long log: name every failure and skip again right above the totals.
  const recap = failureBlocks(plain);
  if (recap.length) console.log(`\nFailures (as printed above):\n${recap.join('\n')}`);
  if (skips.length) console.log(`\nSkipped:\n${skips.map((s) => `  ${s}`).join('\n')}`);
  console.log(`${passed} passed, ${failed} failed, ${skips.length + uvuSkipped} skipped`);
  process.exit(code ?? 1);
});

// uvu prints a suite's failures right after it, each starting with a "FAIL" line; keep each
// block (message, diff, first stack lines) up to the next suite's file header.
function failureBlocks(plain) {
  const lines = plain.split('\n');
  const blocks = [];
  let file = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^\S.*\.test\.js$/.test(lines[i])) file = lines[i];
    if (!/^\s+FAIL\s/.test(lines[i])) continue;
    const block = [file, lines[i]];
    for (let j = i + 1; j < lines.length && block.length < 32; j++) {
      if (/^\s+FAIL\s/.test(lines[j]) || /^\S.*\.test\.js$/.test(lines[j])) break;
      block.push(lines[j]);
    }
    blocks.push(block.join('\n').trimEnd());
  }
  return blocks;
}

// The lines test/skip.ts prints for a skipped test (its SKIP_MARKER), each with the suite
// file it came from.
function skipReasons(plain) {
  const reasons = [];
  let file = '';
  for (const line of plain.split('\n')) {
    if (/^\S.*\.test\.js$/.test(line)) file = line;
    if (line.startsWith('virtprop-skip: ')) reasons.push(`${file}: ${line.slice('virtprop-skip: '.length)}`);
  }
  return reasons;
}
