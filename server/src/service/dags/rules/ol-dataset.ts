import { nearest } from '../../util/nearest';
import type { DagRule } from './rule';
import { argOf, callNameRange, onceReporter, removeArg, splats, uniqueXlets } from '../xlets';
import { andList } from '../../text/wording';

const FIELDS = ['namespace', 'name', 'facets'];

/**
 * openlineage-python `Dataset(namespace, name, facets={})` in inlets/outlets
 * (docs/upstream/airflow.md#inlets-and-outlets: passed through unchanged by the OpenLineage provider): `namespace`
 * and `name` are required and there are no other fields, so a missing or unknown argument raises TypeError when the
 * DAG is parsed.
 */
export const olDataset: DagRule = {
  id: 'dags/ol-dataset',
  defaultSeverity: 'error',
  summary:
    'openlineage-python Dataset(namespace=, name=, facets=) inlets/outlets with a missing namespace or name, or an unknown argument.',
  check(ctx) {
    const report = onceReporter(ctx);
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'ol-dataset') continue;
      if (splats(ctx.text, x)) continue;
      const renamed = new Set<string>();
      for (const a of x.args) {
        if (a.name.startsWith('#') || FIELDS.includes(a.name)) continue;
        const near = nearest(
          a.name,
          FIELDS.filter((f) => !argOf(x.args, f)),
        );
        if (near) renamed.add(near);
        report({
          range: a.nameRange,
          message: `OpenLineage's \`Dataset\` has no field \`${a.name}\` (only ${andList(FIELDS)}); an unknown keyword raises TypeError when the DAG is parsed.${near ? ` Did you mean \`${near}\`?` : ' Remove it.'}`,
          fixes: [
            ...(near ? [{ title: `Rename to ${near}`, edits: [{ range: a.nameRange, newText: near }], preferred: true }] : []),
            { title: `Remove ${a.name}=`, edits: [removeArg(x.args, a)] },
          ],
        });
      }
      // A misspelt keyword with a rename fix is reported once, not also as a missing field.
      const missing = ['namespace', 'name'].filter((f, i) => !argOf(x.args, f, i) && !renamed.has(f));
      if (missing.length) {
        report({
          range: callNameRange(ctx.text, x),
          message: `OpenLineage's \`Dataset\` is missing ${andList(missing)}, which ${missing.length > 1 ? 'are' : 'is'} required: the DAG fails to parse with TypeError. Give both, following the naming spec, e.g. \`Dataset(namespace="postgres://host:5432", name="database.schema.table")\`.`,
        });
      }
    }
  },
};
