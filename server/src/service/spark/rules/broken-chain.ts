import type { Fix, OffsetEdit } from '../../rules/rule';
import type { ChainBreak } from '../../python/chain-breaks';
import type { SparkRule } from './rule';

/**
 * A PySpark chain whose line lacks its `\`: Python ends the statement there and rejects the next line, which
 * starts with `.config(...)` (IndentationError or SyntaxError), so the script never runs. The settings after the
 * break are still read (python/chain-breaks.ts joins the lines for the parse), so the other rules judge them.
 */
export const brokenChain: SparkRule = {
  id: 'spark/broken-chain',
  defaultSeverity: 'error',
  summary:
    'A `SparkSession.builder` (or other) chain cut by a missing line continuation: the next line starts with `.config(...)`, which Python rejects; quick fix adds ` \\` or wraps the chain in parentheses.',
  check(ctx) {
    const breaks = ctx.doc.chainBreaks ?? [];
    for (const b of breaks) {
      const chain = breaks.filter((o) => o.statement.start === b.statement.start);
      const error = b.indented ? 'IndentationError: unexpected indent' : 'SyntaxError: invalid syntax';
      const fixes: Fix[] = [];
      if (!b.comment) fixes.push({ title: 'Add a line continuation ( \\)', edits: [continuation(b)], preferred: chain.length === 1 });
      const plain = chain.filter((o) => !o.comment);
      if (plain.length > 1 && plain.length === chain.length) {
        fixes.push({
          title: `Add the ${plain.length} missing line continuations of this chain`,
          edits: plain.map(continuation),
          preferred: true,
        });
      }
      if (b.expressionStart < b.statement.end) {
        fixes.push({
          title: 'Wrap the chain in parentheses',
          edits: [
            { range: { start: b.expressionStart, end: b.expressionStart }, newText: '(' },
            { range: { start: b.statement.end, end: b.statement.end }, newText: ')' },
          ],
          ...(fixes.length ? {} : { preferred: true }),
        });
      }
      ctx.report({
        range: b.last,
        message: `The statement ends here: this line has no \`\\\` at its end, so Python reads the \`.${b.method}(...)\` on the next line as a new statement and stops with ${error} before running anything. ${b.comment ? 'A `\\` cannot precede a comment: move the comment, or wrap the whole chain in parentheses.' : 'End this line with ` \\`, or wrap the whole chain in parentheses.'}`,
        fixes,
      });
    }
  },
};

function continuation(b: ChainBreak): OffsetEdit {
  return { range: { start: b.codeEnd, end: b.codeEnd }, newText: ' \\' };
}
