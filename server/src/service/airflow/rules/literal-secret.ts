import { literal } from '../analysis';
import { notALiteralSecret } from '../transport';
import type { AirflowRule } from './rule';

const SECRET_ENV = /^(OPENLINEAGE_API_KEY|MARQUEZ_API_KEY|OPENLINEAGE__TRANSPORT__AUTH__(API_KEY|APIKEY)|OPENLINEAGE__TRANSPORT__API_KEY)$/;

/**
 * A literal API key in a file that is usually committed (Dockerfile, docker-compose, airflow.cfg), or in `.env`
 * (information: keep it out of version control). Placeholders and `${VAR}` references are fine.
 */
export const literalSecret: AirflowRule = {
  id: 'airflow/literal-secret',
  defaultSeverity: 'warning',
  summary:
    'A literal OpenLineage API key in a Dockerfile, docker-compose file or airflow.cfg (or `.env`, as information): reference a secret instead.',
  check(ctx) {
    const form = ctx.doc.settings?.form;
    const envFile = form === 'env-file';
    for (const { setting: s } of ctx.settings) {
      if (s.source !== 'env' || !SECRET_ENV.test(s.key) || !literal(s) || notALiteralSecret(s.value)) continue;
      const composeMap = form === 'compose' && ctx.text[s.keyRange.end] !== '=';
      ctx.report({
        range: s.valueRange,
        severity: envFile ? 'information' : undefined,
        message: envFile
          ? `\`${s.key}\` holds a literal key. Keep this \`.env\` file out of version control (Astro projects list it in .gitignore), and set the key as a secret environment variable in the deployment.`
          : `\`${s.key}\` holds a literal key in a file that is committed${form === 'dockerfile' ? ' and baked into the image' : ''}. Set it from a secret instead: ${form === 'compose' ? `\`\${${s.key}}\` (taken from the shell or .env)` : form === 'dockerfile' ? 'a secret environment variable of the deployment (e.g. an Astro secret env var), not `ENV`' : 'the deployment’s secret store'}.`,
        fixes:
          composeMap && s.valueExact
            ? [
                {
                  title: `Reference \${${s.key}}`,
                  edits: [
                    {
                      range:
                        ctx.text[s.valueRange.start - 1] === '"' || ctx.text[s.valueRange.start - 1] === "'"
                          ? { start: s.valueRange.start - 1, end: s.valueRange.end + 1 }
                          : s.valueRange,
                      newText: `"\${${s.key}}"`,
                    },
                  ],
                },
              ]
            : [],
      });
    }
    for (const i of ctx.transportIssues()) if (i.category === 'secret') ctx.report(envFile ? { ...i, severity: 'information' } : i);
  },
};
