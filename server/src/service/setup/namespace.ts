/**
 * The OpenLineage namespace a workspace already uses, from the files the setup reads, so that setting up (or
 * fixing) an integration keeps it instead of replacing it with a default. Pure.
 */

/** Where a namespace is written, per file kind; the first capture group is the value. */
const PATTERNS: readonly { test: (path: string) => boolean; pattern: RegExp }[] = [
  // Spark conf, Databricks cluster conf and init scripts (`key value`, `key=value`, `"key" = "value"`).
  { test: () => true, pattern: /^\s*"?spark\.openlineage\.namespace"?\s*[=:\s]\s*"?([^"\s#]+)"?/m },
  // .env, Dockerfile ENV, compose environment: the provider's option first, then the clients' variable.
  { test: () => true, pattern: /\bAIRFLOW__OPENLINEAGE__NAMESPACE\s*[=:]\s*["']?([^"'\s#]+)/ },
  { test: () => true, pattern: /\bOPENLINEAGE_NAMESPACE\s*[=:]\s*["']?([^"'\s#]+)/ },
  // Great Expectations' action.
  { test: (p) => /\.ya?ml$/i.test(p), pattern: /^\s*openlineage_namespace\s*:\s*["']?([^"'\s#]+)/m },
];

/** `[openlineage] namespace = …` in an airflow.cfg. */
function cfgNamespace(text: string): string | undefined {
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]/.exec(line);
    if (section) inSection = section[1]!.trim().toLowerCase() === 'openlineage';
    else if (inSection) {
      const m = /^\s*namespace\s*[=:]\s*(\S+)/.exec(line);
      if (m) return m[1];
    }
  }
  return undefined;
}

const templated = (value: string) => value.includes('${') || value.includes('{{') || value.startsWith('$');

/** The namespace already written in `files` (path → text), if one is, and where. */
export function existingNamespace(files: ReadonlyMap<string, string>): { namespace: string; path: string } | undefined {
  for (const [path, text] of files) {
    const fromCfg = /(^|\/)airflow\.cfg$/.test(path) ? cfgNamespace(text) : undefined;
    if (fromCfg && !templated(fromCfg)) return { namespace: fromCfg, path };
    for (const { test, pattern } of PATTERNS) {
      if (!test(path)) continue;
      const value = pattern.exec(text)?.[1];
      if (value && !templated(value)) return { namespace: value, path };
    }
  }
  return undefined;
}
