import { lineEnd } from '../edits';
import type { GxRule } from './rule';

/**
 * A Great Expectations file that is not valid YAML cannot be loaded at all. A quoted value followed by a
 * comma (`openlineage_host: "http://localhost:5000",`, JSON habits from docs) gets a fix.
 */
export const syntax: GxRule = {
  id: 'gx/syntax',
  defaultSeverity: 'error',
  summary: 'A Great Expectations file that is not valid YAML (e.g. a comma after a quoted value); nothing else in it can be checked.',
  check(ctx) {
    const error = ctx.doc.error;
    if (!error) return;
    const { text } = ctx;
    const at = Math.min(error.offset, text.length);
    const end = lineEnd(text, at);
    const before = text.slice(0, at).trimEnd();
    const commaAfterQuote = text[at] === ',' && /["']$/.test(before);
    const range = commaAfterQuote ? { start: at, end: at + 1 } : end > at ? { start: at, end } : { start: Math.max(0, at - 1), end: at };
    const what =
      ctx.doc.kind === 'gx-config' ? 'Great Expectations cannot load this data context' : 'Great Expectations cannot load this checkpoint';
    ctx.report({
      range,
      message: commaAfterQuote
        ? `A comma follows the quoted value: YAML is not JSON, so the line does not parse (${error.message}) and ${what}. Remove the comma.`
        : `This is not valid YAML (${error.message}), so ${what}, and nothing else in the file was checked. Fix the YAML at this point.`,
      fixes: commaAfterQuote
        ? [{ title: 'Remove the comma', edits: [{ range: { start: before.length, end: at + 1 }, newText: '' }], preferred: true }]
        : [],
    });
  },
};
