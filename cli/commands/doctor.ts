// `virtprop doctor`: what is installed, KVM or TCG, the capability-cache trap, and how
// long one define takes; the first thing to run when something does not work.

import type { Command } from 'commander';
import { execa } from 'execa';
import { connectionFrom, withConnectionOptions } from '../flags.js';
import { setUpEnvironment } from '../environment.js';
import { kvmUsable } from '../../harness/capabilities.js';

/** Registers `doctor`. */
export function registerDoctor(program: Command): void {
  withConnectionOptions(
    program.command('doctor').description('check the environment: virsh, libvirt and QEMU versions, KVM or TCG, capability-cache trap, time of one define'),
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const conn = { ...connectionFrom(o), workers: 1 };
    const which = await execa('sh', ['-c', 'command -v "$1"', 'sh', conn.virsh], { reject: false });
    const report: Record<string, unknown> = { virsh: which.stdout || `${conn.virsh} (not found on PATH)`, kvmDevice: (await kvmUsable()) ? 'usable by this process' : 'not usable: TCG only' };
    const env = await setUpEnvironment(conn);
    try {
      const w = env.workers[0];
      const xml = `<domain type='${env.virtType('x86_64')}'><name>vp-doctor</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`;
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const r = await w.define(xml, 'vp-doctor');
        if (r.kind === 'defined') await w.undefine('vp-doctor');
        times.push(performance.now() - t);
      }
      Object.assign(report, {
        uri: w.uri,
        versions: env.versions,
        arches: env.arches.map((a) => ({ arch: a.arch, emulator: a.emulator, domainTypes: a.domainTypes, virtType: env.virtType(a.arch), machines: a.machines.length })),
        firstDefineMs: Math.round(env.firstDefineMs),
        defineDumpUndefineMs: Number((times.sort((a, b) => a - b)[2]).toFixed(1)),
        capabilityCacheTrap: env.firstDefineMs > 5000 ? 'SUSPECTED: defines re-probe QEMU' : 'not present',
      });
    } finally {
      await env.close();
    }
    if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
    else for (const [k, v] of Object.entries(report)) process.stdout.write(`${k.padEnd(22)} ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = 0;
  });
}
