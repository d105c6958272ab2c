// The base guest's XML for a hotplug sequence: `check`'s rendering, plus what a guest that
// is started and kept running needs. Neither change moves a PCI address.

/** Adds `<features><acpi/>` after `<os>` (renderDomainXml writes none; pc hotplug needs it). */
export function withAcpi(xml: string, acpi: boolean): string {
  return acpi ? xml.replace('</os>', '</os>\n  <features>\n    <acpi/>\n  </features>') : xml;
}

/**
 * Puts VNC on a UNIX socket libvirt names itself: every embedded root allocates TCP ports
 * from 5900 on its own, so guests of parallel workers (and other runs) clash and QEMU
 * refuses to start ("Failed to find an available port").
 */
export function vncOnSocket(xml: string): string {
  return xml.replace(/<graphics type='vnc'[^>]*\/>/g, "<graphics type='vnc'>\n      <listen type='socket'/>\n    </graphics>");
}

/** The XML a sequence defines for its base guest. */
export function baseXml(rendered: string, acpi: boolean): string {
  return vncOnSocket(withAcpi(rendered, acpi));
}
