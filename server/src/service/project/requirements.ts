import { splitLines } from '../spark/parsers/conf';
import type { OffsetRange } from '../text/model';
import { parseVersion, type Version } from '../util/version';
import { stripHashComment } from '../text/lines';

/** One requirement line: `name[extras] <spec> ; markers`. */
export interface Requirement {
  /** Normalised name (PEP 503: lower case, runs of `-_.` as `-`). */
  readonly name: string;
  readonly written: string;
  readonly nameRange: OffsetRange;
  /** The version specifier as written, e.g. `==2.9.3`, `>=1.20,<2`, or '' for none. */
  readonly spec: string;
  readonly specRange: OffsetRange;
  /** The version pinned with `==` or `===` (or the lower bound of `~=`), if any. */
  readonly pinned?: Version;
  readonly pinnedText?: string;
  readonly extras: readonly string[];
  /** The whole line. */
  readonly span: OffsetRange;
}

export function normalizePackage(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const REQ = /^(\s*)([A-Za-z0-9][A-Za-z0-9._-]*)(\s*\[[^\]]*\])?\s*((?:[<>=!~]=?|===)[^;#]*)?/;

/** Parses a pip requirements / constraints file (comments, options such as `-r`, `--index-url` are skipped). */
export function parseRequirements(text: string): Requirement[] {
  const out: Requirement[] = [];
  for (const line of splitLines(text)) {
    const t = stripHashComment(line.text);
    if (/^\s*(#|-|$)/.test(t) || /:\/\//.test(t)) continue;
    const m = REQ.exec(t);
    if (!m) continue;
    const nameStart = line.start + m[1]!.length;
    const spec = (m[4] ?? '').trim();
    const specStart = spec ? line.start + t.indexOf(spec, m[1]!.length + m[2]!.length) : nameStart + m[2]!.length;
    out.push(
      withPin({
        name: normalizePackage(m[2]!),
        written: m[2]!,
        nameRange: { start: nameStart, end: nameStart + m[2]!.length },
        spec,
        specRange: { start: specStart, end: specStart + spec.length },
        extras: m[3]
          ? m[3]
              .replace(/[\s[\]]/g, '')
              .split(',')
              .filter(Boolean)
          : [],
        span: { start: line.start, end: line.start + line.text.length },
      }),
    );
  }
  return out;
}

/**
 * Requirements from `pyproject.toml`: PEP 621 `dependencies = [...]` / optional-dependencies arrays and
 * Poetry `[tool.poetry.dependencies]` tables. A light reader: quoted strings in those places only.
 */
export function parsePyprojectRequirements(text: string): Requirement[] {
  const out: Requirement[] = [];
  let table = '';
  let inArray = false;
  for (const line of splitLines(text)) {
    const t = line.text;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(t);
    if (header) {
      table = header[1]!.trim();
      inArray = false;
      continue;
    }
    if (
      /^\s*(dependencies|[A-Za-z0-9_-]+)\s*=\s*\[/.test(t) &&
      (table === 'project' || table === 'project.optional-dependencies' || /^\s*dependencies\s*=/.test(t))
    )
      inArray = true;
    if (inArray) {
      for (const m of t.matchAll(/["']([^"']+)["']/g)) {
        const inner = parseRequirements(m[1]!)[0];
        if (!inner) continue;
        const base = line.start + m.index! + 1;
        out.push(shift(inner, base, line));
      }
      if (/\]/.test(t.replace(/["'][^"']*["']/g, ''))) inArray = false;
      continue;
    }
    if (/^tool\.poetry(\.group\.[^.]+)?\.dependencies$/.test(table)) {
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*(?:"([^"]*)"|\{[^}]*version\s*=\s*"([^"]*)")/.exec(t);
      if (!m || m[1] === 'python') continue;
      const spec = (m[2] ?? m[3] ?? '').trim();
      const nameStart = line.start + t.indexOf(m[1]!);
      const specStart = spec ? line.start + t.indexOf(spec, t.indexOf('=')) : nameStart;
      out.push(
        withPin({
          name: normalizePackage(m[1]!),
          written: m[1]!,
          nameRange: { start: nameStart, end: nameStart + m[1]!.length },
          spec: /^\d/.test(spec) ? `==${spec}` : spec,
          specRange: { start: specStart, end: specStart + spec.length },
          extras: [],
          span: { start: line.start, end: line.start + t.length },
        }),
      );
    }
  }
  return out;
}

function shift(r: Requirement, base: number, line: { start: number; text: string }): Requirement {
  const move = (x: OffsetRange) => ({ start: x.start + base, end: x.end + base });
  return {
    ...r,
    nameRange: move(r.nameRange),
    specRange: move(r.specRange),
    span: { start: line.start, end: line.start + line.text.length },
  };
}

function withPin(r: Omit<Requirement, 'pinned' | 'pinnedText'>): Requirement {
  const m = /^(?:===?|~=)\s*([0-9][^,;\s]*)/.exec(r.spec) ?? /^\^\s*([0-9][^,;\s]*)/.exec(r.spec);
  const v = m ? parseVersion(m[1]!) : undefined;
  return v ? { ...r, pinned: v, pinnedText: m![1]! } : r;
}

/**
 * Packages installed by `pip install` (or `uv pip install`, `python -m pip install`) in Dockerfile `RUN`
 * instructions, with their exact ranges. Options and requirement files (`-r`) are skipped.
 */
export function parseDockerfilePipInstalls(text: string): Requirement[] {
  const out: Requirement[] = [];
  for (const m of text.matchAll(/^[ \t]*RUN[ \t]+((?:[^\n]*\\\r?\n)*[^\n]*)/gim)) {
    const body = m[1]!;
    const bodyStart = m.index! + m[0].length - body.length;
    for (const install of body.matchAll(/\bpip3?\s+install\b((?:\\\r?\n|[^&;|\n])*)/g)) {
      const argsStart = bodyStart + install.index! + install[0].length - install[1]!.length;
      let skipNext = false;
      for (const a of install[1]!.matchAll(/(?:^|\s)(\S+)/g)) {
        const word = a[1]!;
        if (skipNext) {
          skipNext = false;
          continue;
        }
        if (word.startsWith('-')) {
          skipNext = /^(-r|-c|-e|--requirement|--constraint|--index-url|-i|--extra-index-url|--target|-t)$/.test(word);
          continue;
        }
        const unquoted = word.replace(/^["']|["']$/g, '');
        const req = parseRequirements(unquoted)[0];
        if (!req) continue;
        const at = argsStart + a.index! + a[0].length - word.length + (word.length - word.replace(/^["']/, '').length);
        const move = (r: OffsetRange) => ({ start: r.start + at, end: r.end + at });
        out.push({
          ...req,
          nameRange: move(req.nameRange),
          specRange: move(req.specRange),
          span: { start: at, end: at + unquoted.length },
        });
      }
    }
  }
  return out;
}
