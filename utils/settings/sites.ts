/**
 * Match patterns (`<scheme>://<host>/<path>`, as the browser's content-script registration takes
 * them), parsed and matched without the browser so the background can check a sender's address
 * against the sites the school enabled. Like the browser, a pattern ignores the port.
 */

interface Pattern {
  scheme: string;
  host: string;
  path: RegExp;
}

const PATTERN_RE = /^(\*|https?):\/\/(\*|\*\.[^/*:]+|[^/*:]+)(\/.*)$/;

function parse(pattern: string): Pattern | null {
  const m = PATTERN_RE.exec(pattern);
  if (!m) return null;
  const path = m[3]!
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { scheme: m[1]!, host: m[2]!.toLowerCase(), path: new RegExp(`^${path}$`) };
}

export const isMatchPattern = (pattern: string): boolean => parse(pattern) !== null;

export function matchesPattern(pattern: string, url: string): boolean {
  const p = parse(pattern);
  if (!p) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const scheme = u.protocol.slice(0, -1);
  if (p.scheme === '*' ? scheme !== 'http' && scheme !== 'https' : scheme !== p.scheme) {
    return false;
  }
  const host = u.hostname.toLowerCase();
  if (p.host !== '*') {
    if (p.host.startsWith('*.')) {
      const base = p.host.slice(2);
      if (host !== base && !host.endsWith(`.${base}`)) return false;
    } else if (host !== p.host) return false;
  }
  return p.path.test(u.pathname + u.search);
}

export const matchesAny = (patterns: readonly string[], url: string): boolean =>
  patterns.some((pattern) => matchesPattern(pattern, url));

/** The pattern that enables a whole MIS address: `https://school.example/*`. */
export function patternForUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}
