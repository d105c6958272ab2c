// Lists the project-internal imports of the TypeScript sources: for each file, the files
// its import and export statements (and dynamic imports) name, as paths from the root
// with `.ts`. A small scanner, not a parser: a statement starts at the start of a line
// and runs to its module specifier; package and node: imports are left out.
//
//   node dist/test/lint/imports.js FOLDER   lists every import of the files under FOLDER

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles, SOURCE_FOLDERS } from './functionLength.js';

/** One import: the importing file, its line, and the file imported (root-relative, .ts). */
export interface ImportEdge {
  file: string;
  line: number;
  imported: string;
}

/** import … from '…', export … from '…' (no `;` in between), import '…', import('…'). */
const SPECIFIER = /^[ \t]*(?:import|export)\b[^;]*?\bfrom\s*(['"])([^'"]+)\1|^[ \t]*import\s*(['"])([^'"]+)\3|\bimport\(\s*(['"])([^'"]+)\5\s*\)/gm;

/** The project files a source imports, resolved against its own path. */
export function importsOf(src: string, file: string): ImportEdge[] {
  const out: ImportEdge[] = [];
  for (const m of src.matchAll(SPECIFIER)) {
    const spec = m[2] ?? m[4] ?? m[6];
    if (!spec.startsWith('.')) continue;
    const imported = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    const line = src.slice(0, m.index).split('\n').length;
    out.push({ file, line, imported });
  }
  return out;
}

/** Every project-internal import of the files under the source folders. */
export function allImports(root: string): ImportEdge[] {
  return SOURCE_FOLDERS.flatMap((f) => sourceFiles(root, f))
    .map((file) => file.split(path.sep).join('/'))
    .flatMap((file) => importsOf(readFileSync(path.join(root, file), 'utf8'), file));
}

/** The top folder of a root-relative path ("properties/hotplug/run.ts" → properties). */
export const folderOf = (file: string): string => file.split('/')[0];

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const folder = process.argv[2];
  for (const e of allImports(process.cwd())) if (folder === undefined || e.file.startsWith(`${folder}/`)) console.log(`${e.file}:${e.line}  ${e.imported}`);
}
