/**
 * The shipped OpenLineage schema (server/schema/), imported as JSON: esbuild inlines it into the bundle and tsx
 * loads it in tests. Declared here because the server's tsconfig does not enable `resolveJsonModule`.
 */
declare module '*/OpenLineage-2-0-2.json' {
  const schema: Record<string, unknown>;
  export default schema;
}
