import { isTemplated } from '../../util/template';
import { pair } from '../../yaml/ast';
import { clean, scalarOf } from '../model';
import type { GxRule } from './rule';
import { isPlaceholderSecret } from '../../util/secret';

/**
 * `openlineage_apiKey` written literally ends up in version control. Great Expectations substitutes
 * `${VAR}` from `config_variables.yml` or the environment, so the key can be referenced instead.
 */
export const literalSecret: GxRule = {
  id: 'gx/literal-secret',
  defaultSeverity: 'warning',
  summary:
    'A literal `openlineage_apiKey`; quick fix references `${OPENLINEAGE_API_KEY}` (substituted by Great Expectations from config_variables.yml or the environment).',
  check(ctx) {
    for (const action of ctx.doc.actions) {
      if (action.flavor === 'other') continue;
      const s = scalarOf(pair(action.map, 'openlineage_apiKey')?.value);
      if (!s) continue;
      const v = clean(s.value);
      if (!v || isTemplated(v) || isPlaceholderSecret(v) || /^(~|null)$/i.test(v)) continue;
      ctx.report({
        range: s.range,
        message:
          'The API key is written literally: it ends up in version control and in every copy of this file. Reference it instead: `${OPENLINEAGE_API_KEY}`, which Great Expectations substitutes from `uncommitted/config_variables.yml` or the environment.',
        fixes: [{ title: 'Use ${OPENLINEAGE_API_KEY}', edits: [{ range: s.range, newText: '${OPENLINEAGE_API_KEY}' }], preferred: true }],
      });
    }
  },
};
