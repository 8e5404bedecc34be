import { removePair } from '../edit';
import { verdict, type OlConfigRule } from './rule';
import { orList } from '../../text/wording';

/** A key of another transport type than the one configured (`log_file_path` with `type: http`): ignored. */
export const transportKeyMismatch: OlConfigRule = {
  id: 'ol-config/transport-key-mismatch',
  defaultSeverity: 'warning',
  summary: 'A key of another transport than the configured `type` (e.g. `topic` with `type: http`), which is ignored.',
  check(ctx) {
    for (const fact of ctx.analysis.pairs) {
      const v = verdict(fact, ctx.dialect);
      if (v.kind !== 'mismatch') continue;
      const type = fact.transport?.typeScalar?.value ?? '?';
      const e = removePair(ctx.text, fact.map, fact.pair);
      ctx.report({
        range: fact.pair.key.range,
        tags: ['unnecessary'],
        message: `\`${fact.pair.key.value}\` belongs to the ${orList(v.belongsTo)} transport, but this transport’s \`type\` is \`${type}\`, so it is ignored. Remove it, or change the type.`,
        fixes: e ? [{ title: `Remove ${fact.pair.key.value}`, edits: [e] }] : [],
      });
    }
  },
};
