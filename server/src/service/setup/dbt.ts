/**
 * dbt: openlineage-dbt in requirements.txt and the Python client's variables in .env; dbt-ol runs dbt and sends
 * the events (docs/upstream/dbt.md).
 */
import type { PlanContext } from './common';
import { ensureEnv, ensureRequirement } from './files';

export function planDbt(ctx: PlanContext): void {
  const { ws } = ctx;
  ensureRequirement(ws, 'requirements.txt', 'openlineage-dbt');
  ensureEnv(ws, '.env', 'OPENLINEAGE_URL', ctx.url);
  ensureEnv(ws, '.env', 'OPENLINEAGE_NAMESPACE', ctx.namespace);
  if (ctx.apiKey) {
    ctx.secret = {
      name: 'OPENLINEAGE_API_KEY',
      where: '.env next to the other OPENLINEAGE_* variables (keep it out of version control), or the CI/scheduler secrets that run dbt-ol',
      how: 'Add OPENLINEAGE_API_KEY=<your key> to .env locally; in CI, expose it as a secret environment variable.',
    };
  }
  ctx.nextSteps.push(
    'pip install -r requirements.txt, then load .env (set -a; . ./.env; set +a) and run dbt through dbt-ol: dbt-ol run (or build, test, seed, snapshot) with the usual dbt arguments.',
  );
}
