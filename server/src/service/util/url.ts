/** The result of checking a URL a lineage client will connect to. */
export interface UrlProblem {
  /** What is wrong, phrased for a diagnostic. */
  readonly message: string;
  /** Offsets inside the value of the offending part (whole value when the problem is global). */
  readonly start: number;
  readonly end: number;
  /** A corrected URL when the fix is unambiguous. */
  readonly suggestion?: string;
}

/**
 * Checks a URL the way the Java/Python HTTP transports need it: an absolute `http` or `https` URL with a
 * host. Returns undefined when the URL is usable.
 */
export function checkHttpUrl(value: string, allowedSchemes: readonly string[] = ['http', 'https']): UrlProblem | undefined {
  const trimmed = value.trim();
  const lead = value.indexOf(trimmed);
  if (!trimmed) return { message: 'The URL is empty.', start: 0, end: value.length };
  if (/\s/.test(trimmed)) {
    const at = lead + trimmed.search(/\s/);
    return { message: 'The URL contains whitespace.', start: at, end: at + 1 };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(trimmed);
  if (!scheme) {
    const looksLikeHost = /^[A-Za-z0-9.-]+(:\d+)?(\/|$)/.test(trimmed);
    return {
      message: `The URL has no scheme; the client needs an absolute URL such as \`http://${trimmed}\`.`,
      start: lead,
      end: lead + trimmed.length,
      ...(looksLikeHost ? { suggestion: `http://${trimmed}` } : {}),
    };
  }
  if (!allowedSchemes.includes(scheme[1]!.toLowerCase())) {
    return {
      message: `The scheme \`${scheme[1]}\` is not supported here; use ${allowedSchemes.map((s) => `\`${s}\``).join(' or ')}.`,
      start: lead,
      end: lead + scheme[1]!.length,
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { message: 'The URL is malformed; expected `scheme://host[:port][/path]`.', start: lead, end: lead + trimmed.length };
  }
  if (!parsed.hostname) {
    return { message: 'The URL has no host.', start: lead, end: lead + trimmed.length };
  }
  return undefined;
}
