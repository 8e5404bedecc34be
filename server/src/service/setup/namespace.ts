/**
 * The OpenLineage namespace and endpoint URL a project already uses, from the files the setup reads, so that
 * setting up (or fixing) an integration keeps them instead of replacing them with a default. Pure.
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

/** `[section] option = …` in an airflow.cfg (the value to the end of the line). */
function cfgOption(text: string, name: string, option: string): string | undefined {
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]/.exec(line);
    if (section) inSection = section[1]!.trim().toLowerCase() === name;
    else if (inSection) {
      const m = new RegExp(`^\\s*${option}\\s*[=:]\\s*(\\S.*?)\\s*$`).exec(line);
      if (m) return m[1];
    }
  }
  return undefined;
}

const templated = (value: string) => value.includes('${') || value.includes('{{') || value.startsWith('$');

/**
 * The namespace already written in `files` (path → text), if one is, and where: the most specific key first
 * (an integration's own option wins over the clients' OPENLINEAGE_NAMESPACE in another file).
 */
export function existingNamespace(files: ReadonlyMap<string, string>): { namespace: string; path: string } | undefined {
  for (const [path, text] of files) {
    const fromCfg = /(^|\/)airflow\.cfg$/.test(path) ? cfgOption(text, 'openlineage', 'namespace') : undefined;
    if (fromCfg && !templated(fromCfg)) return { namespace: fromCfg, path };
  }
  for (const { test, pattern } of PATTERNS)
    for (const [path, text] of files) {
      if (!test(path)) continue;
      const value = pattern.exec(text)?.[1];
      if (value && !templated(value)) return { namespace: value, path };
    }
  return undefined;
}

/** Where an endpoint URL is written; the first capture group is the URL (or a transport JSON holding it). */
const URL_PATTERNS: readonly RegExp[] = [
  /^\s*"?spark\.openlineage\.transport\.url"?\s*[=:\s]\s*"?([^"\s#]+)"?/m,
  /\bAIRFLOW__OPENLINEAGE__TRANSPORT\s*[=:]\s*(.*)$/m,
  /\bOPENLINEAGE__TRANSPORT__URL\s*[=:]\s*["']?([^"'\s#]+)/,
  /\bOPENLINEAGE_URL\s*[=:]\s*["']?([^"'\s#]+)/,
  /^\s*openlineage_host\s*:\s*["']?([^"'\s#]+)/m,
];

/** The URL in a value: itself, or the `url` of a transport JSON (possibly quoted). */
function urlIn(value: string): string | undefined {
  const json = /"url"\s*:\s*"([^"]+)"/.exec(value)?.[1];
  const url = (json ?? value).trim().replace(/\/+$/, '');
  return /^https?:\/\/[^\s/]+/.test(url) && !templated(url) ? url : undefined;
}

/** The endpoint URL already written in `files`, if one is, and where (the same precedence as the namespace). */
export function existingUrl(files: ReadonlyMap<string, string>): { url: string; path: string } | undefined {
  for (const [path, text] of files) {
    if (!/(^|\/)airflow\.cfg$/.test(path)) continue;
    const transport = cfgOption(text, 'openlineage', 'transport');
    const url = transport === undefined ? undefined : urlIn(transport);
    if (url) return { url, path };
  }
  for (const pattern of URL_PATTERNS)
    for (const [path, text] of files) {
      const value = pattern.exec(text)?.[1];
      const url = value === undefined ? undefined : urlIn(value);
      if (url) return { url, path };
    }
  return undefined;
}
