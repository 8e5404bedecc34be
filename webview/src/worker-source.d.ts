/** `import source from 'worker-source:layout'`: the bundled text of src/layout-worker.ts (scripts/build.mjs). */
declare module 'worker-source:*' {
  const source: string;
  export default source;
}
