import { nearest } from '../../util/nearest';
import { AIRFLOW_LINEAGE_OPTIONS, OM_KEYS } from '../catalog';
import { keyFor } from '../config';
import { replaceKey } from '../edits';
import type { OmRule } from './rule';

const KNOWN = new Set([...OM_KEYS.map((k) => k.key), ...AIRFLOW_LINEAGE_OPTIONS]);
/** Suggestions: current keys first (a legacy SSO key is not suggested over a current one). */
const CANDIDATES = OM_KEYS.filter((k) => k.complete).map((k) => k.key);

/** A `[lineage]` option the OpenMetadata backend does not read (a typo, usually): it is silently ignored. */
export const unknownKey: OmRule = {
  id: 'openmetadata/unknown-key',
  defaultSeverity: 'warning',
  summary: 'A `[lineage]` option the OpenMetadata backend does not read (silently ignored); suggests the nearest known one.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active) return;
    for (const s of view.settings) {
      if (KNOWN.has(s.option)) continue;
      const base = /^(.+)_(cmd|secret)$/.exec(s.option);
      if (base && KNOWN.has(base[1]!)) {
        ctx.report({
          range: s.setting.keyRange,
          message: `Airflow resolves \`_${base[2]}\` variants only for options its configuration declares sensitive, which OpenMetadata's [lineage] options are not (not verified against the upstream source), so \`${s.setting.key}\` is most likely ignored. Remove it and set \`${keyFor(view, base[1]!)}\` itself, from a secret environment variable.`,
        });
        continue;
      }
      const near = nearest(s.option, CANDIDATES) ?? nearest(s.option, [...KNOWN]);
      ctx.report({
        range: s.setting.keyRange,
        message: `OpenMetadata's lineage backend does not read \`${s.setting.key}\`, so it is ignored.${near ? ` Did you mean \`${keyFor(view, near)}\`?` : ` Rename or remove it; the options it reads are ${CANDIDATES.map((k) => `\`${k}\``).join(', ')}.`}`,
        fixes:
          near && !view.last(near)
            ? [{ title: `Rename to ${keyFor(view, near)}`, edits: [replaceKey(view, s, near)], preferred: true }]
            : [],
      });
    }
  },
};
