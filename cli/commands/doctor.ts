// `virtprop doctor`: what is installed, KVM or TCG, the capability-cache trap, and how
// long one define takes; the first thing to run when something does not work.

import type { Command } from 'commander';
import { execa } from 'execa';
import { connectionFrom, withConnectionOptions } from '../flags.js';
import { savedCapabilityCache, setUpEnvironment } from '../environment.js';
import { explainReprobes, readCacheStamps, type CacheStamps } from '../../harness/capabilityStamps.js';
import { kvmUsable } from '../../harness/capabilities.js';
import { readFileSync } from 'node:fs';
import type { Worker } from '../../harness/worker.js';
import { subreaper, SUBREAPER_ADVICE } from '../../harness/subreaper.js';

/** Registers `doctor`. */
export function registerDoctor(program: Command): void {
  withConnectionOptions(
    program.command('doctor').description('check the environment: virsh, libvirt and QEMU versions, KVM or TCG, capability-cache trap, why libvirt probed QEMU again instead of using the saved probe, time of one define, the subreaper that reaps QEMU and the time of one destroy'),
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const conn = { ...connectionFrom(o), workers: 1 };
    const which = await execa('sh', ['-c', 'command -v "$1"', 'sh', conn.virsh], { reject: false });
    const report: Record<string, unknown> = { virsh: which.stdout || `${conn.virsh} (not found on PATH)`, kvmDevice: (await kvmUsable()) ? 'usable by this process' : 'not usable: TCG only' };
    // the saved probe as it was before this run: set-up overwrites it with what libvirt used
    const savedStamps = conn.uri ? undefined : await readCacheStamps(savedCapabilityCache(conn));
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
        capabilityReprobes: await reprobes(savedStamps, w.root?.dir),
        ...(await reapingCost(w, env.virtType('x86_64'))),
      });
    } finally {
      await env.close();
    }
    if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
    else for (const [k, v] of Object.entries(report)) process.stdout.write(`${k.padEnd(22)} ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = 0;
  });
}

/** Why libvirt probed QEMU again in this run instead of using the saved probe, emulator by emulator. */
async function reprobes(saved: CacheStamps | undefined, root: string | undefined): Promise<string | string[]> {
  if (saved === undefined || root === undefined) return "not known: a remote libvirt keeps its own cache (its daemon's log says when it re-probes)";
  const lines = explainReprobes(saved, await readCacheStamps(root));
  return lines.length > 0 ? lines : 'none: the saved probe of every emulator was still valid';
}

/**
 * Who reaps the QEMUs virsh starts, and what one destroy of a paused guest costs here:
 * libvirt polls a dying QEMU every 200 ms until it is reaped, so without a subreaper
 * every destroy waits for PID 1 (harness/subreaper.ts).
 */
async function reapingCost(w: Worker, virtType: string): Promise<Record<string, string | number>> {
  const name = 'vp-doctor-start';
  const xml = `<domain type='${virtType}'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`;
  const found = subreaper();
  const init = (() => {
    try {
      return readFileSync('/proc/1/comm', 'utf8').trim();
    } catch {
      return 'unknown';
    }
  })();
  const who = found ? `${found.name} -s: QEMUs are reaped as they exit` : `none found: QEMUs are left to PID 1 (${init}) to reap; ${SUBREAPER_ADVICE}`;
  let destroyMs: number | string = 'not measured: the test guest did not define';
  try {
    if ((await w.define(xml, name)).kind === 'defined') {
      const started = await w.startPaused(name);
      if (started.ok) {
        const t = performance.now();
        await w.destroy(name);
        destroyMs = Math.round(performance.now() - t);
      } else destroyMs = `not measured: the test guest did not start (${started.error.split('\n')[0]})`;
    }
  } finally {
    await w.undefine(name);
  }
  const cost = typeof destroyMs === 'number' && !found
    ? `each started case waits ${destroyMs} ms in destroy (about 200 ms where a subreaper reaps at once; where PID 1 never reaps, destroy gives up after ~40 s and the zombie stays)`
    : undefined;
  return { subreaper: who, destroyMs, ...(cost ? { subreaperCost: cost } : {}) };
}
