import type { AirflowRule } from './rule';

/** Transport values of the wrong shape: a malformed `url`, a `timeout` that is not a number, an unknown `auth.type`. */
export const transportValue: AirflowRule = {
  id: 'airflow/transport-value',
  defaultSeverity: 'error',
  summary:
    'A transport value of the wrong shape: malformed `url`, non-numeric `timeout`, unknown `auth.type`, `transports` that is not a list or object.',
  check(ctx) {
    for (const i of ctx.transportIssues()) if (i.category === 'value') ctx.report(i);
  },
};
