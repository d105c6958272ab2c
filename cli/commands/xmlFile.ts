// Reading the domain XML file a user names on the command line: a missing, unreadable or
// non-domain file is a usage error (exit 2, one paragraph), never a verdict.

import { readFile, stat } from 'node:fs/promises';
import type { Arch } from '../../types/domain.js';
import { NotDomainXmlError, specFromXml, type SpecFromXml } from '../../properties/userxml/specFromXml.js';
import { UsageError } from '../usageError.js';

/** A user's file: its text and what the spec reader made of it. */
export interface DomainFile {
  file: string;
  xml: string;
  parsed: SpecFromXml;
}

/** Reads FILE's text; UsageError when it is missing, a directory or unreadable. */
export async function readXmlText(file: string): Promise<string> {
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new UsageError(`${file} is a directory, not a domain XML file`, 'give the path of one domain XML file');
    return await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`cannot read ${file}: ${why}`, 'check the path; the file must be a libvirt domain XML (what `virsh dumpxml` prints)');
  }
}

/** Reads and parses FILE; UsageError when it is not a domain XML. */
export async function readDomainFile(file: string, defaultArch?: Arch): Promise<DomainFile> {
  const xml = await readXmlText(file);
  try {
    return { file, xml, parsed: await specFromXml(xml, { defaultArch }) };
  } catch (err) {
    if (err instanceof NotDomainXmlError) throw new UsageError(`${file} is not a libvirt domain XML: ${err.message}`, 'give a domain definition (root element <domain>), e.g. one written by `virsh dumpxml`');
    throw err;
  }
}
