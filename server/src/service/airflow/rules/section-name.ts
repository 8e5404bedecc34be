import { nearest } from '../../util/nearest';
import type { AirflowRule } from './rule';

const SECTIONS = ['openlineage', 'lineage'];

/**
 * airflow.cfg section headers that almost name `[openlineage]` or `[lineage]`: `[OpenLineage]`, `[open_lineage]`.
 * Section names are case-sensitive in configparser and Airflow looks up the lower-case name, so the options
 * under such a header are never read.
 */
export const sectionName: AirflowRule = {
  id: 'airflow/section-name',
  defaultSeverity: 'warning',
  summary:
    'An `airflow.cfg` section header that misspells `[openlineage]` or `[lineage]` (e.g. `[OpenLineage]`, `[open_lineage]`), so its options are never read.',
  check(ctx) {
    if (ctx.doc.kind !== 'airflow-cfg') return;
    for (const s of ctx.doc.settings?.sections ?? []) {
      const written = ctx.text.slice(s.range.start, s.range.end);
      if (SECTIONS.includes(written)) continue;
      const bare = written
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, '');
      const target = SECTIONS.find((n) => n === bare) ?? nearest(written.trim().toLowerCase(), SECTIONS, 2);
      if (!target) continue;
      ctx.report({
        range: s.range,
        message: `Airflow reads the section \`[${target}]\`; \`[${written}]\` is a different section (names are case-sensitive and exact), so the options under it are ignored. Rename it to \`[${target}]\`.`,
        fixes: [{ title: `Rename to [${target}]`, edits: [{ range: s.range, newText: target }], preferred: true }],
      });
    }
  },
};
