// What the model reads of `virsh domcapabilities`: the video models, disk buses and SEV
// QEMU offers. The text below is the shape libvirt 9.0 printed here (trimmed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDomainCapabilities } from '../../harness/capabilities.js';

const DOMCAPS = (sev: string) => `<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <devices>
    <disk supported='yes'><enum name='bus'><value>ide</value><value>virtio</value></enum></disk>
    <video supported='yes'><enum name='modelType'><value>vga</value><value>virtio</value></enum></video>
  </devices>
  <features>
    <gic supported='no'/>
    ${sev}
    <sgx supported='no'/>
  </features>
</domainCapabilities>`;

test('video models, disk buses and whether SEV is offered', async () => {
  assert.equal(await parseDomainCapabilities(DOMCAPS("<sev supported='no'/>")), { videoModels: ['vga', 'virtio'], diskBuses: ['ide', 'virtio'], sev: false });
  assert.is((await parseDomainCapabilities(DOMCAPS("<sev supported='yes'><cbitpos>47</cbitpos></sev>"))).sev, true);
  assert.is((await parseDomainCapabilities(DOMCAPS(''))).sev, undefined);
});

test.run();
