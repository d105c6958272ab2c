// A run summary shaped like a real q35 check run, with two planted counterexamples,
// shared by the report tests. Values are chosen by hand so tests can name them.

import type { Counterexample, RunSummary, TimelinePoint } from '../../types/run.js';

export const NIC_EXPECTED = [
  'controller:pci:1 pcie-root-port 0000:00:02.0 multifunction',
  'controller:pci:2 pcie-root-port 0000:00:02.1',
  'net:52:54:00:aa:00:01 0000:01:00.0',
  'memballoon 0000:02:00.0',
  '',
].join('\n');

export const NIC_OBSERVED = [
  'controller:pci:1 pcie-root-port 0000:00:02.0 multifunction',
  'controller:pci:2 pcie-root-port 0000:00:02.1',
  'controller:pci:3 pcie-root-port 0000:00:02.2',
  'net:52:54:00:aa:00:01 0000:01:00.0',
  'memballoon 0000:03:00.0',
  '',
].join('\n');

/** The diff lines a reader must find for the planted NIC counterexample. */
export const NIC_DIFF_LINES = {
  removed: '-memballoon 0000:02:00.0',
  added: ['+controller:pci:3 pcie-root-port 0000:00:02.2', '+memballoon 0000:03:00.0'],
};

export function nicCounterexample(): Counterexample {
  return {
    property: 'xml',
    machine: 'pc-q35-7.2',
    arch: 'x86_64',
    layer: 'xml',
    xml: "<domain type='qemu'>\n  <name>vp-case</name>\n  <memory>131072</memory>\n  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n  <devices>\n    <interface type='user'><mac address='52:54:00:aa:00:01'/><model type='virtio'/></interface>\n  </devices>\n</domain>\n",
    libvirtXml: "<domain type='qemu'>\n  <name>vp-case</name>\n</domain>\n",
    expected: NIC_EXPECTED,
    observed: NIC_OBSERVED,
    diff: [
      '--- model',
      '+++ libvirt',
      '@@ -1,4 +1,5 @@',
      ' controller:pci:1 pcie-root-port 0000:00:02.0 multifunction',
      ' controller:pci:2 pcie-root-port 0000:00:02.1',
      '+controller:pci:3 pcie-root-port 0000:00:02.2',
      ' net:52:54:00:aa:00:01 0000:01:00.0',
      '-memballoon 0000:02:00.0',
      '+memballoon 0000:03:00.0',
      '',
    ].join('\n'),
    virshCommands: ['define input.xml', 'dumpxml vp-case', 'undefine vp-case'],
    seed: 424242,
    path: '12:0:3',
  };
}

/** A second counterexample whose text needs escaping everywhere: <, &, quotes, ]]>. */
export function hotplugCounterexample(): Counterexample {
  return {
    property: 'hotplug',
    machine: 'pc-i440fx-7.2 "A&B"',
    arch: 'x86_64',
    layer: 'hotplug',
    xml: "<domain type='qemu'><name>vp-hp</name></domain>\n",
    expected: "attach dev1.xml -> <address type='pci' slot='0x03'/>\n",
    observed: "attach dev1.xml -> error: no free slot & ]]> \u0001\n",
    diff: [
      '--- expected',
      '+++ observed',
      '@@ -1 +1 @@',
      "-attach dev1.xml -> <address type='pci' slot='0x03'/>",
      '+attach dev1.xml -> error: no free slot & ]]> \u0001',
      '',
    ].join('\n'),
    virshCommands: ['define input.xml', 'start vp-hp --paused', 'attach-device vp-hp dev1.xml --live'],
    extraFiles: { 'dev1.xml': "<interface type='user'><model type='e1000'/></interface>\n" },
    seed: 99,
  };
}

function timeline(): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  let cases = 0;
  for (let s = 0; s <= 60; s += 5) {
    points.push({ t: s * 1000, cases, agree: Math.round(cases * 0.9), mismatch: s >= 30 ? 2 : 0, unsupported: Math.round(cases * 0.08), libvirtErrors: Math.floor(cases / 200) });
    cases += s < 20 ? 40 : 55;
  }
  return points;
}

export function runSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    command: 'check',
    argv: ['virtprop', 'check', '--machine', 'q35', '--layers', 'xml,argv', '--seed', '424242'],
    machine: 'pc-q35-7.2',
    arch: 'x86_64',
    layers: ['xml', 'argv'],
    seed: 424242,
    startedAt: '2026-11-23T17:00:00.000Z',
    durationMs: 60_000,
    partial: false,
    cases: 600,
    agree: 540,
    mismatch: 2,
    unsupported: 48,
    libvirtErrors: 3,
    harnessErrors: 0,
    casesPerSecond: 10,
    versions: { libvirt: '9.0.0', qemu: '7.2.0', virtprop: '0.1.0' },
    properties: [
      { property: 'xml', machine: 'pc-q35-7.2', cases: 300, failures: 1, durationMs: 30_000 },
      { property: 'argv', machine: 'pc-q35-7.2', cases: 250, failures: 0, durationMs: 25_000 },
      { property: 'invariant-stable', machine: 'pc-q35-7.2', cases: 50, failures: 0, durationMs: 5_000 },
    ],
    counterexamples: [nicCounterexample(), hotplugCounterexample()],
    unsupportedReasons: { 'pci-expander-bus': 30, 'user address on pcie-root': 18 },
    timeline: timeline(),
    ...over,
  };
}
