import { edit, fix, removalRange } from '../analysis';
import type { Fix } from '../../rules/rule';
import type { ConfEntry, SparkDocument } from '../model';
import type { SparkRule } from './rule';
import { isPlaceholderSecret } from '../../util/secret';

const SECRET_KEY =
  /^spark\.openlineage\.(?:(?:.*\.)?auth\.(?:apiKey|api_key|apikey)|apiKey|transport\.sslContext\.(?:storePassword|keyPassword))$/;
const AUTH_HEADER = /^spark\.openlineage\.transport\.headers\.authorization$/i;
/**
 * A literal API key or password in a file: it ends up in version control and in Spark's environment tab.
 * The fix references a secret instead: Databricks secret, shell or Python environment variable.
 */
export const literalSecret: SparkRule = {
  id: 'spark/literal-secret',
  defaultSeverity: 'warning',
  summary: 'A literal API key or password in the file; quick fix references a secret (Databricks secret scope, environment variable).',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        if (entry.valueKind !== 'literal') continue;
        const value = entry.value.trim();
        if (!value || isPlaceholderSecret(value)) continue;
        if (SECRET_KEY.test(entry.key) || (AUTH_HEADER.test(entry.key) && !/^Bearer\s*$/i.test(value))) {
          ctx.report({
            range: entry.valueRange,
            message: `A literal secret is written in \`${entry.key}\`: it ends up in version control and in the Spark UI’s Environment tab. ${advice(ctx.doc)}`,
            fixes: secretFixes(ctx.text, ctx.doc, entry),
          });
          continue;
        }
        const apiKeyParam = /[?&]api_key=([^&#\s]+)/.exec(value);
        if (/^spark\.openlineage\.(transport\.)?url$/.test(entry.key) && apiKeyParam && !isPlaceholderSecret(apiKeyParam[1]!)) {
          ctx.report({
            range: entry.valueRange,
            message: `The URL carries a literal \`api_key\`: it ends up in version control and in the Spark UI. Set \`spark.openlineage.transport.auth.type=api_key\` and \`spark.openlineage.transport.auth.apiKey\` from a secret instead. ${advice(ctx.doc)}`,
          });
        }
      }
    }
  },
};

function advice(doc: SparkDocument): string {
  if (doc.databricks && doc.form === 'conf') return 'Reference a Databricks secret instead: `{{secrets/<scope>/<key>}}`.';
  switch (doc.form) {
    case 'spark-submit':
      return 'Pass it from an environment variable instead, e.g. `"…apiKey=$OPENLINEAGE_API_KEY"`.';
    case 'python':
      return 'Read it from the environment instead, e.g. `os.environ["OPENLINEAGE_API_KEY"]`.';
    case 'scala':
    case 'java':
      return 'Read it from the environment instead, e.g. `System.getenv("OPENLINEAGE_API_KEY")`.';
    case 'databricks-init':
      return 'Read it from an environment variable set from a Databricks secret in the cluster’s configuration.';
    default:
      return 'Remove it here and set the environment variable `OPENLINEAGE__TRANSPORT__AUTH__API_KEY` where Spark runs (the Java client maps it to `transport.auth.apiKey`).';
  }
}

function secretFixes(text: string, doc: SparkDocument, entry: ConfEntry): Fix[] {
  if (doc.form === 'conf' && doc.databricks) {
    return fix(
      'Reference a Databricks secret ({{secrets/openlineage/api-key}})',
      edit.replaceValue(entry, '{{secrets/openlineage/api-key}}'),
    );
  }
  if (doc.form === 'spark-submit') {
    return fix('Read the key from $OPENLINEAGE_API_KEY', { range: entry.span, newText: `--conf "${entry.key}=$OPENLINEAGE_API_KEY"` });
  }
  if (doc.form === 'python') {
    const open = text[entry.valueRange.start - 1];
    const close = text[entry.valueRange.end];
    if ((open !== '"' && open !== "'") || close !== open) return [];
    const edits = [
      { range: { start: entry.valueRange.start - 1, end: entry.valueRange.end + 1 }, newText: 'os.environ["OPENLINEAGE_API_KEY"]' },
    ];
    if (!/^[ \t]*import[ \t]+[\w., \t]*\bos\b/m.test(text)) {
      const at = importOffset(text);
      edits.push({ range: { start: at, end: at }, newText: `import os${text.includes('\r\n') ? '\r\n' : '\n'}` });
    }
    return fix('Read the key from os.environ["OPENLINEAGE_API_KEY"]', edits);
  }
  if (doc.form === 'scala' || doc.form === 'java') {
    // A plain `"..."` literal only: not `s"..."`, `"""..."""` or one with escapes.
    const { start, end } = entry.valueRange;
    if (text[start - 1] !== '"' || text[end] !== '"' || /[\w"$]/.test(text[start - 2] ?? '') || !entry.valueExact) return [];
    return fix('Read the key from System.getenv("OPENLINEAGE_API_KEY")', {
      range: { start: start - 1, end: end + 1 },
      newText: 'System.getenv("OPENLINEAGE_API_KEY")',
    });
  }
  if (doc.form === 'conf') {
    // Delete the line (and its line break); the environment variable takes over (lower precedence, same key).
    return fix('Remove the literal key (set OPENLINEAGE__TRANSPORT__AUTH__API_KEY in the environment instead)', {
      range: removalRange(text, doc, entry),
      newText: '',
    });
  }
  return [];
}

/**
 * Where a new top-level import may go: after a shebang and encoding line, the module docstring and any
 * `from __future__` imports (which must stay first), at the start of a line.
 */
export function importOffset(text: string): number {
  let offset = 0;
  const header = /^(?:#![^\n]*\n|#[^\n]*coding[:=][^\n]*\n)+/.exec(text);
  if (header) offset = header[0].length;
  const doc = /^\s*(?:[rRuU]?(?:"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3}))[ \t]*\r?\n/.exec(text.slice(offset));
  if (doc) offset += doc[0].length;
  const future = [...text.matchAll(/^from[ \t]+__future__[ \t]+import[^\n]*(?:\n|$)/gm)];
  const last = future[future.length - 1];
  if (last && last.index! + last[0].length > offset) offset = last.index! + last[0].length;
  return offset;
}
