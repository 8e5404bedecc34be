import { nearest } from '../../util/nearest';
import { CLIENT_TOP_KEYS, JAVA_SPELLINGS, PY_TRANSPORTS, pyTransport } from '../catalog';
import type { AirflowRule } from './rule';

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Java spellings as they arrive through env names (lower-cased, or snake_case as Java would map them). */
const JAVA_LOWER = new Map(
  Object.entries(JAVA_SPELLINGS).flatMap(
    ([j, p]) =>
      [
        [j.toLowerCase(), p],
        [snake(j), p],
      ] as [string, string][],
  ),
);

/**
 * `OPENLINEAGE__<A>__<B>…` variables, which the Python client turns into config keys by splitting on `__` and
 * lower-casing each part: keys the config does not have are ignored, and camelCase keys (`domainId`) cannot be
 * reached this way at all.
 */
export const dynamicEnvKey: AirflowRule = {
  id: 'airflow/dynamic-env-key',
  defaultSeverity: 'warning',
  summary:
    'An `OPENLINEAGE__…` variable naming a config key the Python client does not have, or a camelCase key (`domainId`) that env names cannot set because the client lower-cases them.',
  check(ctx) {
    const typeValue = (
      ctx.settings.find((i) => i.setting.key === 'OPENLINEAGE__TRANSPORT__TYPE')?.setting.value ??
      ctx.project.settings.find((s) => s.key === 'OPENLINEAGE__TRANSPORT__TYPE')?.value
    )?.trim();
    const typeOf = () => (typeValue ? pyTransport(typeValue) : undefined);
    // A custom transport class reads keys of its own.
    const custom = !!typeValue && !typeOf() && /\./.test(typeValue);
    for (const { setting: s } of ctx.settings) {
      if (s.source !== 'env' || !s.key.startsWith('OPENLINEAGE__')) continue;
      const parts = s.key
        .slice('OPENLINEAGE__'.length)
        .split('__')
        .map((p) => p.toLowerCase());
      const top = parts[0]!;
      const keyAt = (index: number) => {
        let at = s.keyRange.start + 'OPENLINEAGE__'.length;
        for (let i = 0; i < index; i++) at += parts[i]!.length + 2;
        return { start: at, end: at + parts[index]!.length };
      };
      if (!CLIENT_TOP_KEYS.includes(top)) {
        const near = nearest(top, CLIENT_TOP_KEYS);
        const r = keyAt(0);
        ctx.report({
          range: r,
          message: `The OpenLineage client config has no \`${top}\` section (it reads ${CLIENT_TOP_KEYS.map((k) => `\`${k}\``).join(', ')}), so \`${s.key}\` is ignored.${near ? ` Did you mean \`OPENLINEAGE__${near.toUpperCase()}\`?` : ''}`,
          fixes: near
            ? [{ title: `Rename to ${near.toUpperCase()}`, edits: [{ range: r, newText: near.toUpperCase() }], preferred: true }]
            : [],
        });
        continue;
      }
      if (top !== 'transport' || parts.length < 2 || custom) continue;
      const key = parts[1]!;
      if (key === 'type' || key === 'transports' || key === 'transport') continue;
      const spec = typeOf();
      const candidates = spec ? [...spec.keys] : [...new Set(PY_TRANSPORTS.flatMap((t) => t.keys))];
      if (key === 'auth' || candidates.includes(key)) continue;
      const camel = candidates.find((c) => c !== c.toLowerCase() && c.toLowerCase() === key.replace(/_/g, ''));
      const r = keyAt(1);
      if (camel) {
        const alias = camel === 'messageKey' ? 'message_key' : undefined;
        ctx.report({
          range: r,
          message: alias
            ? `The client lower-cases env names, so \`${s.key}\` sets \`${key}\`, not \`${camel}\`. Use the alias \`${alias}\`: \`OPENLINEAGE__TRANSPORT__${alias.toUpperCase()}\`.`
            : `The Python client lower-cases env names (the Java client maps them to camelCase, the Python client does not), so \`${s.key}\` sets \`${key}\`, never \`${camel}\`, for the Airflow provider, dbt-ol and the other Python integrations. Set the whole transport as JSON instead: \`OPENLINEAGE__TRANSPORT='{"type": "${spec?.type ?? '…'}", "${camel}": "…"}'\`.`,
          fixes: alias
            ? [{ title: `Rename to ${alias.toUpperCase()}`, edits: [{ range: r, newText: alias.toUpperCase() }], preferred: true }]
            : [],
        });
        continue;
      }
      const java = JAVA_LOWER.get(key);
      const target =
        java && candidates.includes(java)
          ? java
          : nearest(
              key,
              candidates.filter((c) => c === c.toLowerCase()),
              3,
            );
      ctx.report({
        range: r,
        message: `${spec ? `The Python client's \`${spec.type}\` transport` : 'No Python client transport'} reads no \`${key}\`${java ? ` (that is the Java client's spelling)` : ''}, so the Airflow provider, dbt-ol and the other Python integrations ignore \`${s.key}\`.${target ? ` Did you mean \`OPENLINEAGE__TRANSPORT__${target.toUpperCase()}\`?` : ''}`,
        fixes: target
          ? [{ title: `Rename to ${target.toUpperCase()}`, edits: [{ range: r, newText: target.toUpperCase() }], preferred: true }]
          : [],
      });
    }
  },
};
