import { assetArgs, generation, label } from '../assets';
import type { DagRule } from './rule';
import { looksLikeUri, splitUri } from '../uri';
import { airflowFact } from '../versions';
import { literal, onceReporter, subRange, uniqueXlets } from '../xlets';

/**
 * Parts of a Dataset/Asset URI that Airflow rewrites silently (docs/upstream/airflow.md#dataset-and-asset-uris): the
 * scheme is lower-cased and the fragment dropped. Harmless for Airflow, but the URI in the UI, in events and in
 * OpenLineage is not the one written, so two spellings of one asset are easy to miss. `x-` schemes and plain names
 * are untouched.
 */
export const assetUriNormalization: DagRule = {
  id: 'dags/asset-uri-normalization',
  defaultSeverity: 'information',
  summary:
    'Dataset/Asset URI parts Airflow rewrites: an upper-case scheme (lower-cased) or a #fragment (dropped); quick fixes write the URI as Airflow stores it.',
  check(ctx) {
    const report = onceReporter(ctx);
    const airflow = airflowFact(ctx.project);
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'asset') continue;
      const s = literal(assetArgs(x, generation(x, airflow)).uri);
      if (!s || !s.value.trim()) continue;
      const u = splitUri(s.value);
      if (!looksLikeUri(u) || !u.scheme || u.scheme.startsWith('x-') || u.scheme === 'airflow') continue;
      if (u.schemeWritten !== u.scheme) {
        const range = subRange(s, u.schemeStart, u.schemeStart + u.schemeWritten.length);
        report({
          range,
          message: `Airflow lower-cases the URI scheme, so this ${label(x)} is stored as \`${u.scheme}:…\`. Write the scheme in lower case so the URI matches what Airflow and OpenLineage show.`,
          ...(s.exact
            ? { fixes: [{ title: `Write the scheme as ${u.scheme}`, edits: [{ range, newText: u.scheme }], preferred: true }] }
            : {}),
        });
      }
      if (u.fragmentStart >= 0) {
        const range = subRange(s, u.fragmentStart, s.value.length);
        report({
          range,
          message: `Airflow drops the URI fragment (\`#${u.fragment}\`), so it does not distinguish this ${label(x)} from the same URI without it. Remove it, or move the distinction into the path.`,
          ...(s.exact ? { fixes: [{ title: `Remove #${u.fragment}`, edits: [{ range, newText: '' }] }] } : {}),
        });
      }
    }
  },
};
