import { defineFamily, ruleContext, type Family } from '../family';
import type { GxContextFact, ProjectModel } from '../project/model';
import { runRules } from '../rules/rule';
import { gxCompletion } from './completion';
import { gxHover } from './hover';
import { clean, gxKind, inCheckpointsFolder, parseGxDocument, scalarOf, within, type GxDocument } from './model';
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
  return defineFamily<GxDocument | undefined>({
    id: 'gx',
    rules: GX_RULES,
    parse(input) {
      const kind = gxKind(input.uri, input.text, !!input.explicit);
      return kind ? parseGxDocument(kind, input.text, input.uri) : undefined;
    },
    parseReads: { explicit: true },
    answers: (parse) => ({
      kind: (input) => gxKind(input.uri, input.text, !!input.explicit),
      validate(input, enabled, report) {
        const doc = parse(input);
        if (!doc) return;
        const context = contextOf(input.project, input.uri);
        const versions = gxVersions(input.project);
        runRules(
          GX_RULES,
          (emit) => ({ ...ruleContext(input, emit), uri: input.uri, doc, ...(context ? { context } : {}), versions }),
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
        const kind =
          gxKind(input.uri, input.text, !!input.explicit) ??
          (/\.ya?ml$/i.test(input.uri) && inCheckpointsFolder(input.uri) ? 'gx-checkpoint' : undefined);
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
    }),
  });
}
