// Escaping for XML and HTML output. Diffs carry libvirt XML (<, &, quotes) and may carry
// bytes XML 1.0 forbids (control characters from QEMU output): those become U+FFFD so
// the document always parses.

// Characters XML 1.0 does not allow at all, including unpaired surrogates.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for XML/HTML element content; forbidden characters become U+FFFD. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (c) => TEXT_ENTITIES[c]);
}

/** Escapes text for a quoted XML attribute, keeping tabs and newlines (parsers fold raw ones). */
export function escapeXmlAttr(text: string): string {
  return escapeXml(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
