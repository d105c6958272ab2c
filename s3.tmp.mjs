import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { setUpEnvironment } from './dist/cli/environment.js';
import { domainSpecArb } from './dist/properties/arbitraries/domainSpec.js';
import { renderDomainXml } from './dist/properties/renderXml.js';
const env = await setUpEnvironment({ virsh: 'virsh', workers: 1, timeoutMs: 60000 });
const w = env.workers[0];
const vpid = execSync(`pgrep -f 'virsh -q -c qemu:///embed.root=${w.root.dir}' | head -1`).toString().trim();
const vcpu = () => { const f = readFileSync(`/proc/${vpid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const specs = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35' }), { numRuns: 400, seed: 43 });
for (const W of [1, 3, 10]) {
  const xmls = specs.map((s, i) => renderDomainXml(s, { name: 'vp-x' + (i % W), virtType: 'kvm', imageDir: '/tmp/i' }));
  const c0 = process.cpuUsage(); const v0 = vcpu();
  const t = performance.now();
  const inflight = [];
  let next = 0;
  for (let i = 0; i < xmls.length; i++) {
    for (; next < xmls.length && next < i + W; next++) inflight.push(w.defineAhead(xmls[next], 'vp-x' + (next % W), next % W));
    await inflight.shift().outcome;
    w.undefineNow('vp-x' + (i % W), false);
  }
  const wall = performance.now() - t; const c = process.cpuUsage(c0);
  console.log('window', W, (wall / 400).toFixed(2), 'ms/case wall; node cpu', ((c.user + c.system) / 1000 / 400).toFixed(2), 'virsh cpu', ((vcpu() - v0) / 400).toFixed(2));
}
await env.close();
