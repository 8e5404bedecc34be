/**
 * The viewer's contribution ids, shared by the code that creates the views and the test that keeps
 * package.json in step with it. Pure: no `vscode`.
 */

/** The "Lineage" activity bar container. */
export const VIEW_CONTAINER = 'lineageLens';
export const RECENT_RUNS_VIEW = 'lineageLens.recentRuns';
export const ISSUES_VIEW = 'lineageLens.issues';
/** The tree views the viewer creates in {@link VIEW_CONTAINER}. */
export const TREE_VIEWS = [RECENT_RUNS_VIEW, ISSUES_VIEW] as const;

/**
 * Context key for the views' welcome content, once a load finished: `ok`, `error`, or why there is no endpoint
 * (`none`, `invalid`, `untrusted`, `unconfirmed`: see `UnconfiguredReason` in ./runs.ts). package.json shows a
 * welcome with the way out for each reason (the views are then empty).
 */
export const ENDPOINT_STATE_CONTEXT = 'lineageLens.viewer.endpoint';
