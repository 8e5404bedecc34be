/**
 * True when a value is resolved at run time rather than written literally: shell/env expansions (`$VAR`,
 * `${VAR}`, `${env:VAR}`), Jinja or Databricks secret references (`{{ ... }}`, `{{secrets/scope/key}}`),
 * and Airflow macros. Such values are never type-checked or URL-checked.
 */
export function isTemplated(value: string): boolean {
  // By hand, not `/\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{[^}]*\}\}|\$\([^)]*\)/`: that regex is quadratic on `{{{{…`.
  return /\$[A-Za-z_]/.test(value) || opensAndCloses(value, '${', '}') || opensAndCloses(value, '$(', ')') || jinja(value, false);
}

/** True when `open` occurs with a `close` somewhere after it. */
function opensAndCloses(value: string, open: string, close: string): boolean {
  const at = value.indexOf(open);
  return at >= 0 && value.indexOf(close, at + open.length) >= 0;
}

/**
 * A Jinja expression: `{{ … }}`. With `anything`, its body may hold `}` (`/\{\{[\s\S]*?\}\}/`); without,
 * it may not (`/\{\{[^}]*\}\}/`). Linear: every `{{` before the same first `}` has the same answer.
 */
export function jinja(value: string, anything: boolean): boolean {
  let at = value.indexOf('{{');
  if (anything) return at >= 0 && value.indexOf('}}', at + 2) >= 0;
  while (at >= 0) {
    const close = value.indexOf('}', at + 2);
    if (close < 0) return false;
    if (value[close + 1] === '}') return true;
    at = value.indexOf('{{', close + 1);
  }
  return false;
}
