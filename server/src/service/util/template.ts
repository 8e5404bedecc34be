/**
 * True when a value is resolved at run time rather than written literally: shell/env expansions (`$VAR`,
 * `${VAR}`, `${env:VAR}`), Jinja or Databricks secret references (`{{ ... }}`, `{{secrets/scope/key}}`),
 * and Airflow macros. Such values are never type-checked or URL-checked.
 */
export function isTemplated(value: string): boolean {
  return /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]*\}\}|\$\([^)]*\)/.test(value);
}
