/**
 * How to pass a value through the environment instead of writing it in `openlineage.yml` (a secret, or a
 * `${VAR}` the clients would not expand). Both clients merge `OPENLINEAGE__A__B` variables into the file's
 * configuration, but values written in the file win (docs/upstream/spark.md#configuration-resolution,
 * docs/upstream/python-client.md#config-sources-and-precedence), so the key has to leave the file.
 */
import type { Dialect } from './catalog';

const SAFE_PART = /^[a-z0-9_]+$/;

function snake(part: string): string {
  return part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The variable(s) the Python client reads for `path`, with a placeholder value. */
export function pythonEnv(path: readonly string[]): string | undefined {
  if (path.some((p) => p.startsWith('['))) return undefined;
  let k = 0;
  while (k < path.length && SAFE_PART.test(path[k]!)) k++;
  if (k === path.length) return `\`OPENLINEAGE__${path.map((p) => p.toUpperCase()).join('__')}=<value>\``;
  if (k === 0) return undefined;
  // The Python client lower-cases variable names, so a camelCase key needs a JSON value one level up.
  const inner: Record<string, unknown> = {};
  let cursor = inner;
  const rest = path.slice(k);
  const auth = path.length === 3 && path[0] === 'transport' && path[1] === 'auth';
  rest.forEach((part, i) => {
    if (i === rest.length - 1) {
      if (auth) cursor['type'] = 'api_key';
      cursor[part] = auth ? '<key>' : '<value>';
    } else {
      const next: Record<string, unknown> = {};
      cursor[part] = next;
      cursor = next;
    }
  });
  const json = JSON.stringify(inner).replace(/":/g, '": ').replace(/,"/g, ', "');
  return `\`OPENLINEAGE__${path
    .slice(0, k)
    .map((p) => p.toUpperCase())
    .join('__')}='${json}'\``;
}

/** The variable the Java client reads for `path` (it turns snake_case parts into camelCase). */
export function javaEnv(path: readonly string[]): string | undefined {
  if (path.some((p) => p.startsWith('['))) return undefined;
  return `\`OPENLINEAGE__${path.map(snake).join('__')}=<value>\``;
}

/** A sentence or two on moving the value of `path` to the environment, for the given reader(s). */
export function envAdvice(path: readonly string[], readers: readonly Dialect[]): string {
  const parts: string[] = [];
  const isApiKey = path.length === 3 && path[0] === 'transport' && path[1] === 'auth' && /^(apiKey|api_key|apikey)$/.test(path[2]!);
  if (readers.includes('python')) {
    const env = pythonEnv(isApiKey ? ['transport', 'auth', 'apiKey'] : path);
    const how = env ? `set ${env}` : 'set it through an `OPENLINEAGE__…` variable holding the JSON of the section around it';
    parts.push(
      `${readers.length > 1 ? 'For the Python client, remove' : 'Remove'} it from this file and ${how} where the client runs (values written in the file win over \`OPENLINEAGE__\` variables, so it must not stay here).` +
        (isApiKey ? ' `OPENLINEAGE_API_KEY` works only without a transport in the file, together with `OPENLINEAGE_URL`.' : ''),
    );
  }
  if (readers.includes('java')) {
    const env = javaEnv(path);
    parts.push(
      `${readers.length > 1 ? 'For the Java client, remove' : 'Remove'} it from this file and set ${env ?? 'an `OPENLINEAGE__…` variable'} where the client runs (the Java client turns snake_case parts into camelCase; with Spark, values in this file win over these variables${isApiKey ? ', and `spark.openlineage.transport.auth.apiKey` from a secret also works' : ''}).`,
    );
  }
  return parts.join(' ');
}
