import type { AirflowRule } from './rule';

/**
 * Transport keys the Python client does not read: the Java client's spellings (`timeoutInMillis`, `headers`,
 * `topicName`, `transformerClass`) and typos. The client ignores them silently.
 */
export const transportKey: AirflowRule = {
  id: 'airflow/transport-key',
  defaultSeverity: 'warning',
  summary:
    'A transport key the Python client ignores: a Java spelling (`timeoutInMillis`, `headers`, `topicName`) or a typo; suggests the Python key.',
  check(ctx) {
    for (const i of ctx.transportIssues()) if (i.category === 'key') ctx.report(i);
  },
};
