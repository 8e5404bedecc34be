import type { OmRule } from './rule';

/** A JSON Web Token: three base64url parts, the first one a JSON header (`eyJ`). */
const JWT = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/;

/** The bot's JWT written in a committed file (airflow.cfg, Dockerfile, docker-compose) instead of a secret. */
export const literalJwt: OmRule = {
  id: 'openmetadata/literal-jwt',
  defaultSeverity: 'warning',
  summary: 'An OpenMetadata bot JWT written literally in airflow.cfg, a Dockerfile or docker-compose file instead of coming from a secret.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active || view.doc.form === 'env-file') return;
    for (const s of view.settings) {
      if (s.option !== 'jwt_token' || s.setting.valueKind !== 'literal' || !JWT.test(s.setting.value.trim())) continue;
      const where =
        view.doc.form === 'airflow-cfg'
          ? 'airflow.cfg'
          : view.doc.form === 'dockerfile'
            ? 'the Dockerfile (and every image layer built from it)'
            : 'the compose file';
      ctx.report({
        range: s.setting.valueRange,
        message: `The OpenMetadata bot's JWT is written in ${where}, which is usually committed: anyone who reads it can call OpenMetadata as the bot. Remove it here and set AIRFLOW__LINEAGE__JWT_TOKEN from a secret (the deployment's secret environment variables, or a \`.env\` file kept out of version control); then revoke this token in OpenMetadata.`,
      });
    }
  },
};
