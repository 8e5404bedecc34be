/**
 * How the code names a dataset (protocol/lineage.ts `StaticProvenance`), in a few words: the hover on a task
 * (server) and the DAG view's list of datasets (webview) say it the same way.
 */
export const PROVENANCE_WORDS = {
  declared: 'declared',
  sql: 'from SQL',
  operator: 'from the operator',
  dbt: 'from dbt',
  spark: 'from the Spark job',
} as const;
