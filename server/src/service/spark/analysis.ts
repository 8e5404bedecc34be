import type { Fix, OffsetEdit } from '../rules/rule';
import { compareVersions, parseVersion, type Version } from '../util/version';
import { OL_PREFIX, transportByType, type TransportInfo } from './catalog';
import type { ArtifactRef, ConfEntry, ConfScope, SparkDocument } from './model';
import type { OffsetRange } from '../text/model';
import type { SparkPinFact } from '../project/model';
import { shownPath } from '../util/path';

/** Derived facts about one scope that several rules need; computed once per validation. */
export interface ScopeFacts {
  readonly scope: ConfScope;
  /** Entries per key, in document order (the last one wins in Spark). */
  readonly byKey: ReadonlyMap<string, readonly ConfEntry[]>;
  /** Artifacts from flags and from `spark.jars.packages` / `spark.jars` values. */
  readonly artifacts: readonly ArtifactRef[];
  /** The OpenLineage version from the artifacts, when one is pinned. */
  readonly olVersion?: { readonly version: Version; readonly text: string; readonly artifact: ArtifactRef };
  /** The configured transport type entry and what we know of it. */
  readonly transportEntry?: ConfEntry;
  readonly transport?: TransportInfo;
  /** True when any `spark.openlineage.*` key is set in the scope. */
  readonly configuresOpenLineage: boolean;
}

export function last(facts: ScopeFacts, key: string): ConfEntry | undefined {
  const list = facts.byKey.get(key);
  return list?.[list.length - 1];
}

const OL_MAVEN = /^io\.openlineage:openlineage-spark(?:_(\d+\.\d+))?:(.+)$/;
const OL_JAR_VERSION = /openlineage-spark(?:_(\d+\.\d+))?-(\d[^/]*?)\.jar$/;

/** Splits a comma-separated value of an entry into artifact refs with exact ranges where possible. */
function artifactsFromEntry(entry: ConfEntry, kind: 'maven' | 'jar'): ArtifactRef[] {
  const refs: ArtifactRef[] = [];
  let from = 0;
  for (const part of entry.value.split(',')) {
    const lead = part.length - part.trimStart().length;
    const text = part.trim();
    if (text) {
      const range = entry.valueExact
        ? { start: entry.valueRange.start + from + lead, end: entry.valueRange.start + from + lead + text.length }
        : entry.valueRange;
      refs.push({ kind, text, range });
    }
    from += part.length + 1;
  }
  return refs;
}

export function analyzeScope(scope: ConfScope): ScopeFacts {
  const byKey = new Map<string, ConfEntry[]>();
  for (const e of scope.entries) {
    const list = byKey.get(e.key);
    if (list) list.push(e);
    else byKey.set(e.key, [e]);
  }
  const artifacts = [...scope.artifacts];
  for (const e of byKey.get('spark.jars.packages') ?? []) if (e.valueKind === 'literal') artifacts.push(...artifactsFromEntry(e, 'maven'));
  for (const e of byKey.get('spark.jars') ?? []) if (e.valueKind === 'literal') artifacts.push(...artifactsFromEntry(e, 'jar'));

  let olVersion: ScopeFacts['olVersion'];
  for (const a of artifacts) {
    const m = a.kind === 'maven' ? OL_MAVEN.exec(a.text) : OL_JAR_VERSION.exec(a.text);
    const v = m && parseVersion(m[2]!);
    if (m && v && (!olVersion || compareVersions(v, olVersion.version) > 0)) olVersion = { version: v, text: m[2]!, artifact: a };
  }
  const typeEntries = byKey.get(`${OL_PREFIX}transport.type`);
  const transportEntry = typeEntries?.[typeEntries.length - 1];
  const transport = transportEntry && transportEntry.valueKind === 'literal' ? transportByType(transportEntry.value) : undefined;
  return {
    scope,
    byKey,
    artifacts,
    ...(olVersion ? { olVersion } : {}),
    ...(transportEntry ? { transportEntry } : {}),
    ...(transport ? { transport } : {}),
    configuresOpenLineage: scope.entries.some((e) => e.key.startsWith(OL_PREFIX)),
  };
}

/** Edit helpers that write in the style of the document (quoting, separators, chain calls). */
export const edit = {
  replaceKey(entry: ConfEntry, key: string): OffsetEdit {
    return { range: entry.keyRange, newText: key };
  },
  replaceValue(entry: ConfEntry, value: string): OffsetEdit {
    return { range: entry.valueRange, newText: value };
  },
  insertAfter(entry: ConfEntry, key: string, value: string): OffsetEdit {
    return { range: { start: entry.insertAfter.offset, end: entry.insertAfter.offset }, newText: entry.insertAfter.format(key, value) };
  },
  /** Inserts a new entry at the end of a scope (after its last entry, or at its append point). */
  insertInScope(scope: ConfScope, key: string, value: string): OffsetEdit | undefined {
    const lastEntry = scope.entries[scope.entries.length - 1];
    const at = lastEntry?.insertAfter ?? scope.append;
    return at && { range: { start: at.offset, end: at.offset }, newText: at.format(key, value) };
  },
};

/**
 * The range that deletes an entry: for line-based forms (conf files) its line including the line break
 * (`\n` or `\r\n`), so no blank line is left behind; otherwise the entry's own span.
 */
export function removalRange(text: string, doc: SparkDocument, entry: ConfEntry): OffsetRange {
  if (doc.form !== 'conf') return entry.span;
  const end = entry.span.end;
  const lineBreak = text.startsWith('\r\n', end) ? 2 : text[end] === '\n' ? 1 : 0;
  return { start: entry.span.start, end: end + lineBreak };
}

/** The document range of `[from, to)` inside an entry's value; the whole value when offsets are not exact. */
export function valueSubRange(entry: ConfEntry, from: number, to: number): OffsetRange {
  if (!entry.valueExact) return entry.valueRange;
  return { start: entry.valueRange.start + from, end: entry.valueRange.start + to };
}

/** A fix with a single edit. */
export function fix(title: string, edits: OffsetEdit | OffsetEdit[] | undefined, preferred = false): Fix[] {
  if (!edits) return [];
  return [{ title, edits: Array.isArray(edits) ? edits : [edits], ...(preferred ? { preferred } : {}) }];
}

/** An openlineage-spark version a verdict may rest on, with where it is pinned (for messages). */
export interface PinnedVersion {
  readonly version: Version;
  readonly text: string;
  /** "`io.openlineage:openlineage-spark:0.3.0` in this configuration", "… in infra/Dockerfile.Spark line 5". */
  readonly where: string;
}

/**
 * The openlineage-spark versions that apply to a scope: the one it pins itself, else every distinct version
 * pinned elsewhere in its project (runner scripts, Dockerfiles, `packages=` of the DAG that submits it, build
 * files). Empty when nothing pins one.
 */
export function pinnedVersions(facts: ScopeFacts, pins: readonly SparkPinFact[], root?: string): PinnedVersion[] {
  if (facts.olVersion)
    return [
      { version: facts.olVersion.version, text: facts.olVersion.text, where: `\`${facts.olVersion.artifact.text}\` in this configuration` },
    ];
  const out: PinnedVersion[] = [];
  for (const p of pins) {
    if (out.some((o) => compareVersions(o.version, p.version) === 0)) continue;
    out.push({
      version: p.version,
      text: p.text,
      where: `\`${p.written}\` in ${shownPath(p.source.uri, root)} line ${p.source.range.start.line + 1}`,
    });
  }
  return out.sort((a, b) => compareVersions(a.version, b.version));
}
