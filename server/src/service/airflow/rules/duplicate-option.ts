import { removal } from '../analysis';
import { SECTION } from '../catalog';
import type { AirflowRule } from './rule';
import { lineStarts } from '../../text/lines';

/**
 * The same OpenLineage setting twice in one airflow.cfg section or one `.env` file: only one of them applies
 * (configparser in strict mode even rejects the file). Only OpenLineage-related names are checked.
 */
export const duplicateOption: AirflowRule = {
  id: 'airflow/duplicate-option',
  defaultSeverity: 'warning',
  summary: 'The same `[openlineage]` option or OpenLineage variable set twice in one airflow.cfg section or `.env` file; only one applies.',
  check(ctx) {
    const doc = ctx.doc.settings;
    if (!doc || (doc.form !== 'airflow-cfg' && doc.form !== 'env-file')) return;
    const seen = new Map<string, (typeof ctx.settings)[number]>();
    for (const info of ctx.settings) {
      const s = info.setting;
      const relevant =
        info.option?.section === SECTION ||
        (info.option?.section === 'lineage' && info.option.option === 'backend') ||
        /^(OPENLINEAGE|MARQUEZ)_/.test(s.key);
      if (!relevant) continue;
      const id = s.source === 'cfg' ? `${s.section}/${s.key.toLowerCase()}` : s.key;
      const first = seen.get(id);
      if (!first) {
        seen.set(id, info);
        continue;
      }
      const cut = removal(ctx.text, doc, first.setting);
      const line = lineStarts(ctx.text.slice(0, first.setting.keyRange.start)).length;
      ctx.report({
        range: s.keyRange,
        message: `\`${s.key}\` is set twice (first on line ${line}). ${doc.form === 'airflow-cfg' ? 'configparser rejects duplicate options in strict mode; otherwise the later one wins' : 'The later one wins'}. Keep one.`,
        fixes: cut ? [{ title: `Remove the first ${s.key} (line ${line})`, edits: [{ range: cut, newText: '' }] }] : [],
      });
    }
  },
};
