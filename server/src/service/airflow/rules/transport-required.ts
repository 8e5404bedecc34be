import type { AirflowRule } from './rule';

/** Keys a transport type cannot work without: http `url`, kafka `topic` and `config`, file `log_file_path`, … */
export const transportRequired: AirflowRule = {
  id: 'airflow/transport-required',
  defaultSeverity: 'error',
  summary:
    'A transport missing a key its type requires (http `url`, kafka `topic`/`config`, file `log_file_path`, composite `transports`, …).',
  check(ctx) {
    for (const i of ctx.transportIssues()) if (i.category === 'required') ctx.report(i);
  },
};
