import { normalizePackage } from '../../project/requirements';
import type { AirflowRule } from './rule';
import { cutAtFirst } from '../../text/lines';

const PYTHON_PACKAGES =
  /^(apache-airflow(-providers-[a-z0-9-]+)?|openlineage-[a-z0-9-]+|astronomer-[a-z0-9-]+|airflow-provider-[a-z0-9-]+)$/;

/**
 * Python packages in an Astro project's `packages.txt`, which lists OS packages installed with `apt-get`: the
 * image build fails on them. They belong in requirements.txt.
 */
export const packagesTxt: AirflowRule = {
  id: 'airflow/packages-txt',
  defaultSeverity: 'error',
  summary:
    'A Python package (the OpenLineage provider, openlineage-airflow, …) in `packages.txt`, which holds OS packages for `apt-get`; it belongs in requirements.txt.',
  check(ctx) {
    if (ctx.doc.kind !== 'packages-txt') return;
    for (const l of ctx.doc.lines ?? []) {
      const name = normalizePackage(cutAtFirst(l.name, '=<>!~'));
      if (!PYTHON_PACKAGES.test(name)) continue;
      const lineBreak = ctx.text.startsWith('\r\n', l.line.end) ? 2 : ctx.text[l.line.end] === '\n' ? 1 : 0;
      ctx.report({
        range: l.range,
        message: `\`${l.name}\` is a Python package, but packages.txt lists OS packages that the image installs with apt-get, so the build fails on it. Move it to requirements.txt.`,
        fixes: [
          {
            title: `Remove ${l.name} (add it to requirements.txt)`,
            edits: [{ range: { start: l.line.start, end: l.line.end + lineBreak }, newText: '' }],
          },
        ],
      });
    }
  },
};
