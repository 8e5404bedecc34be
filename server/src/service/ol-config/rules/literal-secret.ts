import { isTemplated } from '../../util/template';
import { removePair } from '../edit';
import { envAdvice } from '../env';
import { readersOf, type OlConfigRule } from './rule';
import { isPlaceholderSecret } from '../../util/secret';

/** A literal API key or password in `openlineage.yml`: it ends up in version control. */
export const literalSecret: OlConfigRule = {
  id: 'ol-config/literal-secret',
  defaultSeverity: 'warning',
  summary: 'A literal API key, password or `Authorization` header in `openlineage.yml`; says how to pass it through the environment.',
  check(ctx) {
    const readers = readersOf(ctx.dialect);
    for (const fact of ctx.analysis.pairs) {
      const v = fact.pair.value;
      if (v?.kind !== 'scalar' || isTemplated(v.value)) continue;
      const value = v.value.trim();
      if (!value || isPlaceholderSecret(value)) continue;
      const secret = readers.some((d) => {
        const r = fact.res[d];
        return r.kind === 'known' && r.info.type === 'secret';
      });
      const header =
        /^(custom_headers|headers)$/.test(fact.path[fact.path.length - 2] ?? '') &&
        /^authorization$/i.test(fact.pair.key.value) &&
        !/^Bearer\s*$/i.test(value);
      if (!secret && !header) continue;
      const remove = removePair(ctx.text, fact.map, fact.pair);
      ctx.report({
        range: v.range,
        message: `A literal secret is written in \`${fact.path.join('.')}\`: it ends up in version control and in every copy of this file. ${envAdvice(fact.path, readers)}`,
        fixes: remove ? [{ title: `Remove ${fact.pair.key.value} (set it in the environment instead)`, edits: [remove] }] : [],
      });
    }
  },
};
