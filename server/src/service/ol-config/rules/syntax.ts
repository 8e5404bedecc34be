import type { OlConfigRule } from './rule';

/** The file must be one YAML document whose root is a mapping; otherwise neither client reads any of it. */
export const syntax: OlConfigRule = {
  id: 'ol-config/syntax',
  defaultSeverity: 'error',
  summary: '`openlineage.yml` is not valid YAML, holds several documents, or its root is not a mapping: the client ignores the whole file.',
  check(ctx) {
    const { parse } = ctx.analysis;
    if (parse.error) {
      const at = parse.error.offset;
      const lineEnd = ctx.text.indexOf('\n', at);
      ctx.report({
        range: { start: at, end: Math.max(at, lineEnd < 0 ? ctx.text.length : lineEnd) },
        message: `This file is not valid YAML (${parse.error.message}). The client logs an error and ignores the whole file, so events go wherever the environment says (or to the console). Fix the YAML syntax here.`,
      });
      return;
    }
    const docs = parse.documents;
    if (docs.length > 1) {
      const second = docs[1];
      const start = second ? second.range.start : ctx.text.length;
      const python = ctx.dialect.dialect !== 'java';
      ctx.report({
        range: second
          ? {
              start,
              end: Math.max(
                start + 1,
                Math.min(ctx.text.length, ctx.text.indexOf('\n', start) < 0 ? ctx.text.length : ctx.text.indexOf('\n', start)),
              ),
            }
          : { start: 0, end: 0 },
        severity: ctx.dialect.dialect === 'python' ? 'error' : 'warning',
        message: python
          ? 'This file holds more than one YAML document (`---`). The Python client reads it with `yaml.safe_load`, which rejects several documents, so it ignores the whole file. Keep one document: remove the `---` separators and merge the settings.'
          : 'This file holds more than one YAML document (`---`); the client reads only one configuration. Keep one document: remove the `---` separators and merge the settings.',
      });
    }
    const root = docs[0];
    if (root && root.kind !== 'map') {
      ctx.report({
        range:
          root.range.end > root.range.start
            ? root.range
            : { start: root.range.start, end: Math.min(ctx.text.length, root.range.start + 1) },
        message:
          'The top level of `openlineage.yml` must be a mapping (`transport:`, `facets:`, …); this one is a ' +
          (root.kind === 'seq' ? 'list' : 'single value') +
          ', so no setting in it applies. Write the settings as `key: value` pairs.',
      });
    }
  },
};
