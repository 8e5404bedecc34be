import type { SparkRule } from './rule';

/** Problems the parser found: a key without a value, an unclosed quote or here-document. */
export const syntax: SparkRule = {
  id: 'spark/syntax',
  defaultSeverity: 'error',
  summary: 'The file cannot be read as Spark configuration there (a key without value, an unclosed quote or here-document).',
  check(ctx) {
    for (const p of ctx.doc.syntaxProblems) ctx.report({ range: p.range, message: p.message });
  },
};
