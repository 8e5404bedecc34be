/**
 * The shared OpenLineage corpus: real configurations, DAGs and events from upstream projects, kept outside the
 * repository in `../shared/openlineage-corpus` (beside the clone). Tests that read it fail with a clear message
 * when it is missing, unless LINEAGE_LENS_SKIP_SHARED=1 or CI=true says to skip them (`npm test` stops at once
 * outside CI when the folder is absent, and says so loudly under CI: scripts/test-prerequisites.mjs).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The corpus folder, relative to the repository root. */
export const SHARED_CORPUS = resolve(__dirname, '..', '..', '..', 'shared', 'openlineage-corpus');

const warned = new Set<string>();

/** A path inside the shared corpus. */
export function corpusPath(...parts: string[]): string {
  return join(SHARED_CORPUS, ...parts);
}

/**
 * Call first in a test (or `before` hook) that reads the corpus (`function () {...}`, not an arrow, for
 * mocha's `this`): skips it when the corpus is missing and LINEAGE_LENS_SKIP_SHARED=1 or CI=true, fails otherwise.
 */
export function needsSharedCorpus(ctx: Mocha.Context, path = SHARED_CORPUS): void {
  if (existsSync(path)) return;
  const message = `${path} is missing: it is the shared OpenLineage corpus (real configurations, DAGs and events), expected in ../shared/openlineage-corpus beside the repository`;
  const skip =
    process.env.LINEAGE_LENS_SKIP_SHARED === '1' ? 'LINEAGE_LENS_SKIP_SHARED=1' : process.env.CI === 'true' ? 'CI=true' : undefined;
  if (skip) {
    if (!warned.has(path)) console.warn(`  skipped (${skip}): ${message}`);
    warned.add(path);
    ctx.skip();
  }
  throw new Error(`${message}. Put it there, or set LINEAGE_LENS_SKIP_SHARED=1 to skip the tests that read it.`);
}
