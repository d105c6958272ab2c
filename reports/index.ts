// Entry point of the reports layer: from a finished (or interrupted) run's summary to
// every artefact on disk: bundles, report.json, junit.xml, report.html, summary.md.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunSummary } from '../types/run.js';
import { writeDirAtomic, writeFileAtomic } from './atomicWrite.js';
import { writeBundle } from './bundle.js';
import { renderHtml } from './html.js';
import { renderJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { scrubCredentials, scrubDeep } from './scrub.js';

/** Paths of what {@link writeReports} wrote. */
export interface WrittenReports {
  junit: string;
  html: string;
  markdown: string;
  json: string;
  bundles: string[];
}

/** Thrown after every report is written when some bundles could not be: the reports name them. */
export class BundleWriteError extends Error {
  constructor(
    readonly written: WrittenReports,
    readonly failures: Array<{ index: number; property: string; machine: string; error: unknown }>,
  ) {
    super(
      `${failures.length} counterexample bundle(s) not written (reports are in place): ` +
        failures.map((f) => `#${f.index} ${f.property} on ${f.machine}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; '),
    );
    this.name = 'BundleWriteError';
  }
}

/** Bundles live under this folder of the output directory. */
export const BUNDLES_DIR = 'bundles';

/** Writes one scrubbed text file atomically: the single place report files are written. */
async function writeReportFile(file: string, text: string): Promise<string> {
  await writeFileAtomic(file, scrubCredentials(text));
  return file;
}

/**
 * Writes the bundles (setting each cx.bundle to its path relative to outDir), then
 * report.json, junit.xml, report.html and summary.md, each atomically; throws
 * {@link BundleWriteError} at the end if a bundle could not be written.
 */
export async function writeReports(outDir: string, summary: RunSummary): Promise<WrittenReports> {
  await mkdir(outDir, { recursive: true });
  const bundlesRoot = path.join(outDir, BUNDLES_DIR);
  const bundles: string[] = [];
  const failures: BundleWriteError['failures'] = [];
  // The whole bundles folder is replaced at once, so bundles of an earlier run into the
  // same directory never sit next to this run's report.
  await writeDirAtomic(bundlesRoot, async (partial) => {
    for (const [i, cx] of summary.counterexamples.entries()) {
      try {
        const name = path.basename(await writeBundle(partial, cx, i + 1));
        // Relative, so report.json and the HTML links still work once the folder is moved.
        cx.bundle = path.join(BUNDLES_DIR, name);
        bundles.push(path.join(bundlesRoot, name));
      } catch (error) {
        // One malformed counterexample must not cost the run its reports.
        cx.bundle = undefined;
        failures.push({ index: i + 1, property: cx.property, machine: cx.machine, error });
      }
    }
  });
  const clean = scrubDeep(summary);
  const written: WrittenReports = {
    json: await writeReportFile(path.join(outDir, 'report.json'), JSON.stringify(clean, null, 2) + '\n'),
    junit: await writeReportFile(path.join(outDir, 'junit.xml'), renderJUnit(clean)),
    html: await writeReportFile(path.join(outDir, 'report.html'), renderHtml(clean)),
    markdown: await writeReportFile(path.join(outDir, 'summary.md'), renderMarkdown(clean)),
    bundles,
  };
  if (failures.length > 0) throw new BundleWriteError(written, failures);
  return written;
}

export { unifiedDiff } from './unifiedDiff.js';
export { scrubCredentials } from './scrub.js';
export { writeBundle } from './bundle.js';
