/**
 * Two Airflow DAG files that share a dataset, for the lineage tests (service, CLI, server): `producer`, whose
 * task `load` (after `extract`) writes ORDERS (`s3://lake/orders`), and `consumer`, scheduled on ORDERS, whose
 * task `report` reads it. Each test varies only the arguments it is about.
 */

const ORDERS = 'Dataset("s3://lake/orders")';

/** The producer DAG; `dag` adds arguments to `DAG("producer", …)`, `load` replaces its task's lineage arguments. */
export function producerDag(o: { dag?: string; asDag?: boolean; load?: string } = {}): string {
  return [
    'from airflow import DAG',
    'from airflow.datasets import Dataset',
    'from airflow.operators.bash import BashOperator',
    `ORDERS = ${ORDERS}`,
    `with DAG("producer"${o.dag ? `, ${o.dag}` : ''})${o.asDag === false ? '' : ' as dag'}:`,
    '    extract = BashOperator(task_id="extract", bash_command="x")',
    `    load = BashOperator(task_id="load", bash_command="x", ${o.load ?? 'outlets=[ORDERS]'})`,
    '    extract >> load',
    '',
  ].join('\n');
}

/**
 * The consumer DAG, using the ORDERS constant (or the Dataset written out in place with `inline`); `outlets`
 * gives its task outlets too.
 */
export function consumerDag(o: { inline?: boolean; outlets?: string } = {}): string {
  const orders = o.inline ? ORDERS : 'ORDERS';
  return [
    'from airflow.datasets import Dataset',
    'from airflow.decorators import dag, task',
    ...(o.inline ? [] : [`ORDERS = ${ORDERS}`]),
    `@dag(schedule=[${orders}])`,
    'def consumer():',
    `    @task(inlets=[${orders}]${o.outlets ? `, outlets=${o.outlets}` : ''})`,
    '    def report(): ...',
    '    report()',
    'consumer()',
    '',
  ].join('\n');
}
