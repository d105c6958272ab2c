// What compare, corpus and replay share: judging one domain XML text on a worker of the
// environment, and the host facts a file is fitted to or checked against.

import { accessSync, constants as fsc } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Layer } from '../../types/domain.js';
import type { CaseContext } from '../../properties/runner/caseRunner.js';
import { judgeXml, type HostFit, type XmlVerdict } from '../../properties/runner/judgeXml.js';
import type { HostFacts } from '../../properties/userxml/adaptXml.js';
import { NO_MACHINE_GIVEN, readWithoutUnplaceable, specFromXml, type ParsedUserXml, type SpecFromXml } from '../../properties/userxml/specFromXml.js';
import { classifyMachine, defaultMachine } from '../../model/machines.js';
import type { Environment } from '../environment.js';
import { hostArch } from '../flags.js';
import { modelOracle } from '../oracle.js';

/** Whether a parsed file fits this host (its emulator exists, KVM if it asks for KVM). */
export function hostFitFor(env: Environment, local: boolean): (parsed: ParsedUserXml) => Promise<HostFit> {
  return async (parsed) => {
    let emulatorUsable = true;
    // on a remote URI the emulator lives on the other host: let libvirt decide
    if (parsed.emulator !== undefined && local) emulatorUsable = await access(parsed.emulator, fsc.X_OK).then(() => true, () => false);
    // a vsock guest starts only where the vhost-vsock device exists (remote: let libvirt decide)
    const vhostVsockUsable = parsed.spec.vsock === undefined || !local ? true : await access('/dev/vhost-vsock', fsc.R_OK).then(() => true, () => false);
    // host paths a start opens: QEMU a 9p share's directory, libvirt a passthrough input's
    // event device (remote: let libvirt decide); a missing share is named before an event device
    const needed: NonNullable<HostFit['missingHostPath']>[] = [
      // (an evdev input and a virtiofs share keep the started layers out anyway: judgeXml's whyUnstartable)
      ...parsed.spec.inputs.flatMap((i) => (i.type !== 'passthrough' || i.evdev === undefined ? [] : [{ what: "the passthrough input's event device", path: i.evdev }])),
      ...(parsed.spec.filesystems ?? []).flatMap((fs) => (fs.driver === 'virtiofs' ? [] : [{ what: "the 9p filesystem's directory", path: fs.source }])),
    ];
    let missingHostPath: HostFit['missingHostPath'];
    for (const need of local ? needed : []) {
      if (!(await access(need.path, fsc.R_OK).then(() => true, () => false))) missingHostPath = need;
    }
    return {
      emulatorUsable,
      kvmUsable: env.virtType(parsed.spec.arch) === 'kvm',
      vhostVsockUsable,
      ...(missingHostPath === undefined ? {} : { missingHostPath }),
    };
  };
}

/** What adaptXml needs to know about this host, for a worker of env (its image directory). */
export function hostFactsFor(env: Environment, workerIndex: number): HostFacts {
  return {
    emulatorFor: (arch) => env.arches.find((a) => a.arch === arch)?.emulator,
    exists: (p) => {
      try {
        accessSync(p, fsc.R_OK);
        return true;
      } catch {
        return false;
      }
    },
    kvm: (arch) => env.virtType(arch) === 'kvm',
    imageDir: env.workers[workerIndex].imageDir,
  };
}

/** The case context for one file on a worker of env. */
export function fileContext(env: Environment, workerIndex: number, arch: string, layers: Layer[], name: string): CaseContext {
  return { worker: env.workers[workerIndex], profile: env.profile(arch), virtType: env.virtType(arch), layers, oracle: modelOracle, domainName: name, stability: true };
}

/** Judges one already-read file on a worker of env (shared with `corpus` and `replay`). */
export async function judgeFileOn(env: Environment, workerIndex: number, xml: string, parsedIn: SpecFromXml, layers: Layer[], local: boolean): Promise<XmlVerdict> {
  // a file naming no machine gets the one the build picks, known only now that the build is
  const parsed = 'unsupported' in parsedIn && parsedIn.unsupported === NO_MACHINE_GIVEN ? await specFromXml(xml, { defaultArch: hostArch(), defaultMachine: (a) => buildDefaultMachine(env, a) }) : parsedIn;
  const arch = 'unsupported' in parsed ? hostArch() : parsed.spec.arch;
  const judged = 'unsupported' in parsed && parsed.name !== undefined ? await machineCheckOnly(env, xml, parsed.unsupported) : undefined;
  if (judged) return judgeXml(xml, fileContext(env, workerIndex, judged.spec.arch, layers, judged.name), await hostFitFor(env, local)(judged), judged);
  const name = 'unsupported' in parsed ? (parsed.name ?? 'unnamed') : parsed.name;
  const ctx = fileContext(env, workerIndex, arch, layers, name);
  // a file the spec cannot describe has no fit to check: libvirt alone judges it
  const fit = 'unsupported' in parsed ? { emulatorUsable: true, kvmUsable: true } : await hostFitFor(env, local)(parsed);
  return judgeXml(xml, ctx, fit, parsed);
}

/**
 * A file the spec cannot carry whole may still name a machine this build's QEMU does not
 * list: libvirt refuses that before it looks at the elements left out (see
 * readWithoutUnplaceable), so the model can predict the refusal. Else undefined.
 */
async function machineCheckOnly(env: Environment, xml: string, unsupported: string): Promise<ParsedUserXml | undefined> {
  const partial = await readWithoutUnplaceable(xml, unsupported, { defaultArch: hostArch(), defaultMachine: (a) => buildDefaultMachine(env, a) });
  if ('unsupported' in partial || !env.arches.some((a) => a.arch === partial.spec.arch)) return undefined;
  return classifyMachine(partial.spec.machine, env.profile(partial.spec.arch).machines) === undefined ? partial : undefined;
}

/** Thrown when a signal came during set-up: skip the case, clean up, exit 130/143. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/** true for the embedded driver and local URIs, where the file's paths are this host's paths. */
export const isLocal = (uri: string | undefined): boolean => uri === undefined || uri.startsWith('qemu:///');

/** The machine the build under test gives a domain of this arch that names none; undefined when the build has no such arch or the rule is unknown. */
function buildDefaultMachine(env: Environment, arch: string): string | undefined {
  if (!env.arches.some((a) => a.arch === arch)) return undefined;
  return defaultMachine(env.profile(arch), arch);
}
