/**
 * Placeholder secrets: values written where an API key or password goes that are clearly not one (`<your-key>`,
 * `changeme`, `xxxx`, `***`, `your_api_key`, `dummy`, `…`). Every literal-secret rule skips them; one definition,
 * the union of what the Spark, Airflow, Great Expectations and openlineage.yml rules each recognised.
 */

/**
 * Whole values (`<…>`, `[…]`, `xxx`, `***`, `api-key`, `todo`, `none`, `null`, `...`), values that contain a
 * placeholder word (`changeme`, `placeholder`, `your-api-key`, `dummy`, `example`, `fake`, `redacted`,
 * `unused`), and values that end in `secret` or `token`.
 */
const PLACEHOLDER_SECRET =
  /^(<.*>|\[.*\]|x+|\*+|api[-_ ]?key|todo|none|null|\.\.\.|…)$|changeme|change[-_]me|placeholder|your[-_ ]?(api[-_ ]?)?key|dummy|unused|example|fake|redacted|secret$|token$/i;

/** True when a (trimmed) value is evidently a placeholder, not a real secret. */
export function isPlaceholderSecret(value: string): boolean {
  return PLACEHOLDER_SECRET.test(value.trim());
}
