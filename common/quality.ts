/**
 * Data-quality assertions read from OpenLineage dataset facets, one way for every view that shows them: the
 * Issues view (extension host, failed assertions as issues) and the graph's details panel (webview, passed and
 * failed counts). Pure: no Node, no DOM, no `vscode`. The facets come from an endpoint and are untrusted:
 * values of the wrong shape are skipped, never thrown on, and long texts are clipped.
 */

/** One data-quality assertion, as the facet gives it (values turned into text). */
export interface Assertion {
  /** The check: `not_null`, `expect_column_values_to_not_be_null`, ...; `(unnamed)` when the facet names none. */
  assertion: string;
  success: boolean;
  column?: string;
  severity?: string;
  /** The assertion's own name, when it differs from `assertion`. */
  name?: string;
  description?: string;
  expected?: string;
  actual?: string;
}

/** The assertions of one dataset and the facet they came from. */
export interface Assertions {
  /** `dataQualityAssertions`, or a producer's own facet such as `greatExpectations_assertions`. */
  facet: string;
  assertions: Assertion[];
}

/** The standard facet of data-quality assertions (on input datasets). */
export const ASSERTIONS_FACET = 'dataQualityAssertions';

/** What an assertion that names no check is shown as. */
export const UNNAMED_ASSERTION = '(unnamed)';

/** Longest text taken from a facet for a label or tooltip: the endpoint's values may be megabytes. */
const MAX_TEXT_CHARS = 2000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(value: string): string {
  return value.length > MAX_TEXT_CHARS ? `${value.slice(0, MAX_TEXT_CHARS - 1)}…` : value;
}

/**
 * A facet value as text for a label or tooltip: strings as they are (empty ones left out), numbers and booleans
 * printed, the rest as JSON; clipped to 2,000 characters.
 */
export function facetText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : clip(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return undefined;
  try {
    // Throws on nesting deeper than the stack (caught): the value is then left out.
    return clip(JSON.stringify(value));
  } catch {
    return undefined;
  }
}

/** One entry of a facet's `assertions` list, or undefined when it has no boolean `success`. */
function readAssertion(value: unknown): Assertion | undefined {
  if (!isObject(value) || typeof value.success !== 'boolean') return undefined;
  // `assertion` in the standard facet; `expectationType` in Great Expectations' own.
  const assertion = facetText(value.assertion) ?? facetText(value.expectationType) ?? facetText(value.name) ?? UNNAMED_ASSERTION;
  const item: Assertion = { assertion, success: value.success };
  for (const key of ['column', 'severity', 'name', 'description', 'expected', 'actual'] as const) {
    const t = facetText(value[key]);
    if (t !== undefined && !(key === 'name' && t === assertion)) item[key] = t;
  }
  return item;
}

/**
 * The assertions in a dataset's facets: the standard `dataQualityAssertions`, else the first (by name) producer
 * facet named `*assertions` with an `assertions` list. Undefined when no facet holds an assertion.
 */
export function readAssertions(facets: unknown): Assertions | undefined {
  if (!isObject(facets)) return undefined;
  const keys = [
    ASSERTIONS_FACET,
    ...Object.keys(facets)
      .filter((k) => k !== ASSERTIONS_FACET && /assertions$/i.test(k))
      .sort(),
  ];
  for (const facet of keys) {
    const value = facets[facet];
    if (!isObject(value) || !Array.isArray(value.assertions)) continue;
    const assertions = value.assertions.map(readAssertion).filter((a): a is Assertion => a !== undefined);
    if (assertions.length > 0) return { facet, assertions };
  }
  return undefined;
}
