import { PY_TRANSPORT_TYPES } from '../catalog';
import { describeKind } from '../json';
import type { AirflowRule } from './rule';

/**
 * The provider's `transport` (and the client's `OPENLINEAGE__TRANSPORT`) must be a JSON object. Catches quotes
 * that are part of the value (airflow.cfg and compose `- KEY=value` items keep them), invalid JSON with the
 * exact position of the error, and values that are not objects (a bare `console`).
 */
export const transportJson: AirflowRule = {
  id: 'airflow/transport-json',
  defaultSeverity: 'error',
  summary:
    'The `transport` value is not a JSON object: quotes around it that are part of the value (airflow.cfg, compose list items), invalid JSON (exact position), or a bare word like `console`.',
  check(ctx) {
    const form = ctx.doc.settings?.form;
    for (const site of ctx.transports) {
      const s = site.setting;
      if (!s) continue;
      if (site.extraQuotes) {
        const q = s.value.trim()[0]!;
        const how =
          form === 'airflow-cfg'
            ? 'airflow.cfg keeps quotes as part of the value (configparser does not remove them)'
            : form === 'compose' && ctx.text[s.keyRange.end] === '='
              ? 'in the list form `- KEY=value` docker compose passes everything after `=` as written, quotes included'
              : 'the value still holds these quotes after the file’s own quoting is removed';
        const lead = s.value.indexOf(q);
        const tail = s.value.lastIndexOf(q);
        const edits = s.valueExact
          ? [
              { range: { start: s.valueRange.start + lead, end: s.valueRange.start + lead + 1 }, newText: '' },
              { range: { start: s.valueRange.start + tail, end: s.valueRange.start + tail + 1 }, newText: '' },
            ]
          : undefined;
        ctx.report({
          range: s.valueRange,
          message: `${site.label} is wrapped in ${q === "'" ? 'single' : 'double'} quotes, and ${how}: the value is not JSON, the provider fails to parse it and no events are sent. Remove the quotes.`,
          fixes: edits ? [{ title: 'Remove the quotes around the JSON', edits, preferred: true }] : [],
        });
        continue;
      }
      if (site.templated && (site.error || site.json?.kind !== 'object')) continue;
      if (site.error) {
        const bare = s.value.trim();
        const type = PY_TRANSPORT_TYPES.find((t) => t === bare.toLowerCase());
        if (type && s.valueExact) {
          const json = `{"type": "${type}"}`;
          ctx.report({
            range: s.valueRange,
            message: `${site.label} must be a JSON object, not the bare word \`${bare}\`: the JSON parse fails when the plugin is imported and OpenLineage is disabled. Write \`${json}\`${type === 'http' ? ' with a `url`' : ''}.`,
            fixes:
              type === 'http' ? [] : [{ title: `Replace with ${json}`, edits: [{ range: s.valueRange, newText: json }], preferred: true }],
          });
          continue;
        }
        ctx.report({
          range: site.error.range.end > site.error.range.start ? site.error.range : s.valueRange,
          message: `${site.label} is not valid JSON: ${site.error.message}. The provider cannot read the transport, so no events are sent. ${form === 'dockerfile' && ctx.text[s.valueRange.start - 1] !== "'" ? `Docker removes double quotes and splits on spaces in \`ENV\`: wrap the JSON in single quotes, \`ENV ${s.key}='{"type": …}'\`.` : 'Fix the JSON (double-quoted keys and strings, no trailing commas).'}`,
        });
        continue;
      }
      if (site.json && site.json.kind !== 'object') {
        ctx.report({
          range: s.valueRange,
          message: `${site.label} must be a JSON object such as \`{"type": "http", "url": "…"}\`, not ${describeKind(site.json)}; the provider raises a ValueError and sends nothing.`,
        });
      }
    }
  },
};
