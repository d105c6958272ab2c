// `virtprop builds`: the libvirt releases virtprop can drive here, and their installation.

import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { installBuild, listBuilds, type BuildStatus } from '../../harness/builds.js';

/** The stages install-build.sh announces, in order (the bar's steps). */
const STAGES = ['debootstrap', 'packages', 'extras', 'launchers', 'check', 'done'];

/** "1:10.0.13+ds-0+deb13u1" → "10.0.13": the upstream part of a Debian version. */
const upstream = (v: string | undefined): string | undefined => v?.replace(/^\d+:/, '').replace(/[-+~].*$/, '');

function statusJson(b: BuildStatus): Record<string, unknown> {
  return {
    name: b.name,
    libvirt: upstream(b.packages?.['libvirt-clients']) ?? b.libvirt,
    qemu: upstream(b.packages?.['qemu-system-x86']) ?? b.qemu,
    packages: b.packages ?? null,
    virsh: b.virsh,
    installed: b.installed,
    suite: b.suite,
    location: b.location,
    ...(b.source ? { source: b.source } : {}),
  };
}

function statusText(list: BuildStatus[]): string {
  const rows = list.map((b) => {
    const j = statusJson(b);
    const state = b.source ? `built from source${b.source.patches.length ? ` + ${b.source.patches.length} patch(es)` : ''}` : b.installed ? 'installed' : 'not installed';
    return [b.name, String(j.libvirt), String(j.qemu), state, b.location === 'host' ? 'host packages' : b.location];
  });
  const head = ['build', 'libvirt', 'qemu', 'state', 'where'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** Progress of one install: a bar on a terminal, a line per stage otherwise. */
function stageReporter(name: string, enabled: boolean): { stage(s: string): void; stop(): void } {
  if (!enabled) return { stage: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ format: `${name} [{bar}] {stage}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
    bar.start(STAGES.length, 0, { stage: 'starting' });
    return { stage: (s) => bar.update(STAGES.indexOf(s) + 1, { stage: s }), stop: () => bar.stop() };
  }
  return { stage: (s) => process.stderr.write(`builds install ${name}: ${s}\n`), stop: () => undefined };
}

/** Registers `builds` and `builds install`. */
export function registerBuilds(program: Command): void {
  const builds = program
    .command('builds')
    .description('the libvirt releases virtprop can drive on this machine (the host\'s packages, Debian releases in roots of their own, and libvirt built from Debian\'s source package with `bash ci/build-libvirt.sh --debian --name NAME [--patch FILE…]`); `--build NAME` selects one in every other command')
    .option('--json', 'print {"builds":[{"name","libvirt","qemu","virsh","installed"}]} on stdout')
    .action(async (o: Record<string, unknown>, cmd: Command) => {
      const list = await listBuilds();
      process.stdout.write(o.json ? JSON.stringify({ builds: list.map(statusJson) }) + '\n' : statusText(list));
      (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = 0;
    });
  builds
    .command('install')
    .argument('<names...>', 'builds to install (debian-12, debian-13, debian-unstable)')
    .description('installs builds from Debian\'s archive with debootstrap (as root; about a minute each, under 1 GB); a build already installed is left as it is; roots go to VIRTPROP_BUILDS_DIR (default /var/lib/virtprop/builds)')
    .option('--json', 'print the resulting list as `builds --json` does')
    .option('--no-progress', 'no progress on stderr')
    .action(async (names: string[], o: Record<string, unknown>, cmd: Command) => {
      for (const name of names) {
        const progress = stageReporter(name, o.progress !== false && !o.json);
        try {
          await installBuild(name, progress.stage);
        } finally {
          progress.stop();
        }
      }
      const list = await listBuilds();
      process.stdout.write(o.json ? JSON.stringify({ builds: list.map(statusJson) }) + '\n' : statusText(list.filter((b) => names.includes(b.name))));
      (cmd.parent?.parent as Command & { exitCodeResult?: number }).exitCodeResult = 0;
    });
}
