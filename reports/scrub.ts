// Credentials must never reach a report: a connection URI such as
// qemu+tcp://admin:secret@host/system or ...?password=secret may sit in argv, in
// virsh commands or in error messages, and every artefact is meant to be shared.

const REDACTED = '***';

// scheme://user:password@ — the password runs to the last '@' before the path.
const USERINFO_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:'"<>]*):[^\s/?#'"<>]*@/gi;

// password=…, passwd=…, token=… as URI query parameters or key=value pairs.
const SECRET_PARAM = /\b(password|passwd|passphrase|pwd|pass|secret|token|api[_-]?key|auth[_-]?token)=([^&;\s'"<>]*)/gi;

/** Replaces passwords, tokens and secrets in URIs and key=value pairs with "***". */
export function scrubCredentials(text: string): string {
  return text
    .replace(USERINFO_PASSWORD, (_m, prefix: string) => `${prefix}:${REDACTED}@`)
    .replace(SECRET_PARAM, (_m, key: string) => `${key}=${REDACTED}`);
}

/** A deep copy of plain data with every string (keys included) passed through {@link scrubCredentials}. */
export function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrubCredentials(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrubCredentials(k)] = scrubDeep(v);
    return out as T;
  }
  return value;
}
