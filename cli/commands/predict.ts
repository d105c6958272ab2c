// `virtprop predict FILE.xml`: the model's answer for a file, without libvirt (nothing
// is defined). The machine list comes from the QEMU binary itself (`-machine help`),
// because the model classifies machines by what QEMU says they are.

import type { Command } from 'commander';
import type { Arch, BuildProfile, Prediction } from '../../types/domain.js';
import { predict } from '../../model/index.js';
import { offlineProfile } from '../../harness/capabilities.js';
import { resolveBuild, type Build } from '../../harness/builds.js';
import { EnvironmentError } from '../../harness/errors.js';
import { stateText } from '../../properties/judges/stateText.js';
import { hostArch } from '../flags.js';
import { UsageError } from '../usageError.js';
import { readDomainFile } from './xmlFile.js';
import { jsonOnUsageErrors, printingErrors } from './jsonOutcome.js';

/** The emulator whose machine list applies: the file's own, or qemu-system-ARCH from /usr/bin. */
const emulatorFor = (arch: string, fromFile: string | undefined): string => fromFile ?? `/usr/bin/qemu-system-${arch}`;

/** The build's profile for an arch, read offline; EnvironmentError with advice when the emulator is missing. */
export async function profileFor(arch: string, emulator: string, fromFile: boolean, build?: Build): Promise<BuildProfile> {
  const profile = await offlineProfile(arch, emulator, build?.virsh ?? 'virsh', build?.runPrefix);
  if (profile === undefined) {
    const hint = fromFile
      ? `the file's <emulator> must exist here: point it at this host's QEMU, or remove it so /usr/bin/qemu-system-${arch} is used`
      : `install the QEMU system emulator for ${arch} (e.g. apt-get install qemu-system-${arch === 'aarch64' ? 'arm' : 'x86'})`;
    throw new EnvironmentError(`cannot list QEMU's machine types: ${emulator} is missing or failed to run \`-machine help\``, hint);
  }
  return profile;
}

/** A prediction as text: the canonical state, or the refusal, or why it is not covered. */
export function predictionText(p: Prediction): string {
  if (p.kind === 'ok') return stateText(p.state);
  if (p.kind === 'reject') return `rejected (${p.errorClass}): ${p.detail.trim()}\n`;
  return `unsupported: ${p.reason}\n`;
}

/** The JSON object of `predict --json` (a contract: see the README). */
export function predictionJson(p: Prediction | { kind: 'unsupported'; reason: string }): Record<string, unknown> {
  if (p.kind === 'ok') return { prediction: 'ok', machine: p.state.machine, state: stateText(p.state), controllers: p.state.controllers, devices: p.state.devices };
  if (p.kind === 'reject') return { prediction: 'reject', errorClass: p.errorClass, detail: p.detail };
  return { prediction: 'unsupported', reason: p.reason };
}

/** Runs `predict` and returns the exit code. */
export async function predictCommand(file: string, opts: { arch: Arch; json: boolean; build?: string }): Promise<number> {
  const { parsed } = await readDomainFile(file, opts.arch);
  let prediction: Prediction;
  if ('unsupported' in parsed) prediction = { kind: 'unsupported', reason: parsed.unsupported };
  else {
    const build = opts.build === undefined ? undefined : await resolveBuild(opts.build);
    prediction = predict(parsed.spec, await profileFor(parsed.spec.arch, emulatorFor(parsed.spec.arch, parsed.emulator), parsed.emulator !== undefined, build));
  }
  process.stdout.write(opts.json ? JSON.stringify(predictionJson(prediction)) + '\n' : predictionText(prediction));
  return 0;
}

/** predict's key for an error, beside the common "verdict" (see jsonOutcome.ts). */
const PREDICT_ERROR = { prediction: 'error' };

/** Registers `predict`. */
export function registerPredict(program: Command): void {
  jsonOnUsageErrors(program.command('predict'), PREDICT_ERROR)
    .argument('<file>', 'domain XML file')
    .description("the model's prediction for a domain XML file (canonical state text, or the refusal it expects); libvirt is not called")
    .option('--arch <arch>', 'guest architecture to assume when the file names none (x86_64 or aarch64)', hostArch())
    .option('--build <name>', "predict for an installed libvirt release (`virtprop builds`): its libvirt version and its QEMU's machine list")
    .option('--json', 'print one JSON object on stdout')
    .option('--debug', 'show stack traces of internal errors')
    .action(async (file: string, o: Record<string, unknown>, cmd: Command) => {
      const code = await printingErrors(
        Boolean(o.json),
        async () => {
          const arch = String(o.arch);
          if (arch !== 'x86_64' && arch !== 'aarch64') throw new UsageError(`unknown --arch "${arch}"`, 'use x86_64 or aarch64');
          return predictCommand(file, { arch, json: Boolean(o.json), ...(o.build === undefined ? {} : { build: String(o.build) }) });
        },
        PREDICT_ERROR,
      );
      (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
    });
}
