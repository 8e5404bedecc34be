// Types of examples/demo-history/generate.mjs, for the TypeScript tests that use its generator.
/** The namespaces of examples/astro-project's lineage. */
export const DEMO_NAMESPACES: { airflow: string; spark: string; openlineage: string; warehouse: string; lake: string };
/** The demo history: three days of OpenLineage events ending before the UTC day of `now`, sorted by time. */
export function generateDemoHistory(options?: { now?: Date | number | string; seed?: number }): Record<string, unknown>[];
