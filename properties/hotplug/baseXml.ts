// The base guest's XML for a hotplug sequence: `check`'s rendering, plus what a guest that
// is started and kept running needs. The change moves no PCI address.

/**
 * Puts VNC on a UNIX socket libvirt names itself: every embedded root allocates TCP ports
 * from 5900 on its own, so guests of parallel workers (and other runs) clash and QEMU
 * refuses to start ("Failed to find an available port").
 */
export function vncOnSocket(xml: string): string {
  return xml.replace(/<graphics type='vnc'[^>]*\/>/g, "<graphics type='vnc'>\n      <listen type='socket'/>\n    </graphics>");
}

/** The XML a sequence defines for its base guest (ACPI comes with the spec, see arbitraries.ts). */
export function baseXml(rendered: string): string {
  return vncOnSocket(rendered);
}
