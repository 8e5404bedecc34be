import type { DocInput, Family } from '../family';
import type { GxContextFact, ProjectModel } from '../project/model';
import { runRules } from '../rules/rule';
import { gxCompletion } from './completion';
import { gxHover } from './hover';
import { clean, gxKind, inCheckpointsFolder, parseGxDocument, scalarOf, within, type GxDocument, type GxKind } from './model';
import { GX_RULES } from './rules';
import { gxVersions } from './versions';

/**
 * The data context a file belongs to: the `great_expectations.yml` whose folder holds it (the deepest one
 * when contexts are nested).
 */
export function contextOf(project: ProjectModel, uri: string): GxContextFact | undefined {
  let best: GxContextFact | undefined;
  for (const c of project.gxContexts) {
    if (uri.startsWith(c.root) && (!best || c.root.length > best.root.length)) best = c;
  }
  return best;
}

/**
 * Great Expectations: `great_expectations.yml` (legacy `validation_operators`) and YAML checkpoints
 * (`checkpoints/*.yml`), with the OpenLineage validation action in their action lists.
 */
export function gxFamily(): Family {
  // One parse per document version, shared by validation, hover, completion and definition.
  const cache = new Map<string, { version: number | undefined; text: string; kind: GxKind; doc: GxDocument }>();
  const parse = (input: DocInput): GxDocument | undefined => {
    const kind = gxKind(input.uri, input.text, !!input.explicit);
    if (!kind) return undefined;
    const hit = cache.get(input.uri);
    if (hit && hit.version === input.version && hit.text === input.text && hit.kind === kind) return hit.doc;
    const doc = parseGxDocument(kind, input.text);
    cache.set(input.uri, { version: input.version, text: input.text, kind, doc });
    if (cache.size > 200) cache.delete(cache.keys().next().value!);
    return doc;
  };

  return {
    id: 'gx',
    rules: GX_RULES.map(({ id, defaultSeverity, summary }) => ({ id, defaultSeverity, summary })),
    kind: (input) => gxKind(input.uri, input.text, !!input.explicit),
    validate(input, enabled, report) {
      const doc = parse(input);
      if (!doc) return;
      const context = contextOf(input.project, input.uri);
      const versions = gxVersions(input.project);
      runRules(
        GX_RULES,
        (emit) => ({ uri: input.uri, text: input.text, doc, project: input.project, ...(context ? { context } : {}), versions, report: emit, lineAt: input.lineAt }),
        enabled,
        report,
      );
    },
    hover(input, offset) {
      const doc = parse(input);
      return doc ? gxHover(doc, offset, gxVersions(input.project), contextOf(input.project, input.uri)) : undefined;
    },
    complete(input, offset) {
      // A checkpoint being started (no class_name yet) still gets completion in a checkpoints folder.
      const kind = gxKind(input.uri, input.text, !!input.explicit) ?? (/\.ya?ml$/i.test(input.uri) && inCheckpointsFolder(input.uri) ? 'gx-checkpoint' : undefined);
      if (!kind) return [];
      const context = contextOf(input.project, input.uri);
      return gxCompletion({ kind, doc: input.doc, offset, versions: gxVersions(input.project), ...(context ? { context } : {}) });
    },
    definition(input, offset) {
      const doc = parse(input);
      const p = doc?.checkpoint?.operatorPair;
      const s = scalarOf(p?.value);
      if (!s || !within(s.range, offset)) return undefined;
      const name = clean(s.value);
      const op = contextOf(input.project, input.uri)?.operators.find((o) => o.name === name);
      return op ? [{ uri: op.source.uri, range: op.source.range }] : undefined;
    },
  };
}
