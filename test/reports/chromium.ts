// Headless Chromium (Debian package "chromium") as the reader of report.html: the DOM it
// builds from a file is what the tests check.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { onPath, type Requirement } from '../skip.js';

/** The first Chromium binary on PATH, if any. */
export const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find(onPath);

/** What a test that reads report.html through Chromium needs (see test/skip.ts). */
export const CHROMIUM_BROWSER: Requirement = {
  what: 'chromium',
  present: () => CHROMIUM !== undefined,
  install: 'install the Debian package "chromium" (apt-get install -y chromium)',
};

/** The DOM Chromium builds from a file, serialised. */
export function dumpDom(file: string): string {
  const profile = mkdtempSync(path.join(tmpdir(), 'vp-chromium-'));
  try {
    const res = spawnSync(
      CHROMIUM!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(file).href],
      { encoding: 'utf8', timeout: 90_000, maxBuffer: 1 << 26 },
    );
    if (res.status !== 0) throw new Error(`chromium failed (${res.status}): ${res.stderr}`);
    return res.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
