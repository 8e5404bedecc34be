/** A dotted numeric version such as `1.52.0`; pre-release and build suffixes are ignored. */
export type Version = readonly number[];

/** Parses `1.9.1`, `v1.9`, `0.2.+` (the `+` counts as 0); undefined when there is no leading number. */
export function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+(?:\.(?:\d+|\+))*)/.exec(text.trim());
  if (!m) return undefined;
  return m[1]!.split('.').map((p) => (p === '+' ? 0 : Number(p)));
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `versionAtLeast("1.30.0", v)`: true when `v` ≥ the given threshold. */
export function versionAtLeast(threshold: string, v: Version): boolean {
  return compareVersions(v, parseVersion(threshold)!) >= 0;
}

export function formatVersion(v: Version): string {
  return v.join('.');
}
