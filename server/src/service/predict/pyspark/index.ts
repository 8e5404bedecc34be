/**
 * PySpark job lineage (issue 16, item 4): what the OpenLineage Spark listener will report for a PySpark script
 * or notebook, predicted from its code. See `lineage.ts` for what is read, `naming.ts` for the names.
 */
export { pysparkLineage, type PySparkLineage, type PySparkOptions, type PySparkUnpredicted } from './lineage';
export { ipynbPysparkLineage, pysparkNotebookLineage } from './notebook';
export { normalizeJobName } from './naming';
