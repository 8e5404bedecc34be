import type { Fix } from '../../rules/rule';
import { fileEntityDataset } from '../convert';
import type { DagRule } from './rule';
import { argOf, literal, onceReporter, uniqueXlets } from '../xlets';
import type { ProjectModel } from '../../project/model';
import { declaredPackage } from '../versions';

/** Where `File`, `Table`... come from: Airflow 2's module and the common.compat provider's copy. */
const ENTITY_MODULES = new Set(['airflow.lineage.entities', 'airflow.providers.common.compat.lineage.entities']);

/**
 * `File(url="/tmp/final")`: the OpenLineage provider names a File dataset from `urlparse(url)`, with the scheme as the
 * namespace when it is not one of s3/gs/gcs/hdfs/file (docs/upstream/airflow.md#inlets-and-outlets). A url without a
 * scheme therefore becomes a dataset with an empty namespace, which Marquez rejects (its namespace names have 1 to
 * 1024 characters, docs/upstream/marquez-api.md). `file://` + an absolute path gives the namespace `file://`.
 */
export const fileUrlScheme: DagRule = {
  id: 'dags/file-url-scheme',
  defaultSeverity: 'warning',
  summary:
    '`File(url=...)` without a scheme (`/tmp/final`): the OpenLineage provider makes it a dataset with an empty namespace, which Marquez rejects; quick fix adds `file://` to an absolute path.',
  check(ctx) {
    const report = onceReporter(ctx);
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'entity' || x.className !== 'File' || x.module === undefined || !ENTITY_MODULES.has(x.module)) continue;
      const url = literal(argOf(x.args, 'url', 0));
      if (!url || !url.value) continue;
      const dataset = fileEntityDataset(url.value);
      // No `/`: dropped by the provider, which dags/lineage-entity reports.
      if (!dataset || dataset.namespace !== '') continue;
      const prefix = url.value.startsWith('//') ? 'file:' : url.value.startsWith('/') ? 'file://' : undefined;
      const fixes: Fix[] =
        prefix && url.exact
          ? [
              {
                title: `Write ${prefix}${url.value}`,
                edits: [{ range: { start: url.range.start, end: url.range.start }, newText: prefix }],
                preferred: true,
              },
            ]
          : [];
      report({
        range: url.range,
        // Without OpenLineage in the project nothing is emitted: say it, but do not warn (an OpenMetadata-only project).
        ...(usesOpenLineage(ctx.project) ? {} : { severity: 'information' as const }),
        message: `\`${url.value}\` has no scheme, so the OpenLineage provider reports this ${x.origin.includes('inlets') ? 'inlet' : 'outlet'} as a dataset with an empty namespace (name \`${dataset.name}\`), which Marquez rejects. ${prefix ? `Write it as a URL: \`${prefix}${url.value}\` (namespace \`${fileEntityDataset(prefix + url.value)!.namespace}\`).` : 'Write it as a URL with a scheme, e.g. `file:///absolute/path` or `s3://bucket/key`.'}`,
        fixes,
      });
    }
  },
};

/** OpenLineage packages an Airflow project installs to emit events. */
const OPENLINEAGE_PACKAGES = ['apache-airflow-providers-openlineage', 'openlineage-airflow', 'openlineage-python'];

/**
 * Whether the workspace shows OpenLineage in use: a package above, an `OPENLINEAGE_*` variable or an `[openlineage]`
 * option set, or an Astro Runtime image (which configures the provider itself).
 */
function usesOpenLineage(project: ProjectModel): boolean {
  return (
    OPENLINEAGE_PACKAGES.some((p) => declaredPackage(project, p)) ||
    project.settings.some((s) => /^OPENLINEAGE_/i.test(s.key) || s.section === 'openlineage') ||
    project.airflow?.from === 'astro-runtime'
  );
}
