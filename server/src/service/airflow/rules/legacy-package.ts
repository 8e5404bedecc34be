import { airflowVersionUnknown } from '../../project/wording';
import { upperFirst } from '../../text/wording';
import { atLeast } from '../analysis';
import { LEGACY_PACKAGE, PROVIDER } from '../catalog';
import type { AirflowRule } from './rule';

/**
 * The legacy `openlineage-airflow` package in requirements: deprecated, removed from OpenLineage in 1.42.0, and
 * not for Airflow ≥ 2.8, where the provider replaces it. Also checks the last versions for old Airflow lines.
 */
export const legacyPackage: AirflowRule = {
  id: 'airflow/legacy-package',
  defaultSeverity: 'error',
  summary:
    '`openlineage-airflow` (legacy, removed in OpenLineage 1.42.0) on Airflow ≥ 2.8, where `apache-airflow-providers-openlineage` replaces it; its last versions for Airflow 2.1–2.4.',
  check(ctx) {
    if (ctx.doc.kind !== 'requirements') return;
    const airflow = ctx.versions.airflow;
    for (const req of ctx.doc.requirements ?? []) {
      if (req.name !== LEGACY_PACKAGE) continue;
      const range = { start: req.nameRange.start, end: Math.max(req.nameRange.end, req.specRange.end) };
      const withProvider = ctx.versions.providerListed;
      const replace = withProvider
        ? { title: `Remove ${LEGACY_PACKAGE} (${PROVIDER} is listed)`, edits: [{ range: lineWithBreak(ctx.text, req.span), newText: '' }] }
        : { title: `Replace with ${PROVIDER}`, edits: [{ range, newText: PROVIDER }] };
      if (!airflow) {
        // Whether it is wrong depends on the Airflow version, which is unknown: say so without a warning,
        // unless the provider is listed too (two integrations for one Airflow is wrong on any version).
        ctx.report({
          range,
          severity: withProvider ? 'warning' : 'information',
          message: `${LEGACY_PACKAGE} is deprecated and was removed from OpenLineage in 1.42.0; it must not be used with Airflow 2.8 or later, where ${PROVIDER} replaces it. ${upperFirst(airflowVersionUnknown(ctx.project))}, so this is not checked further.${withProvider ? ` ${PROVIDER} is listed too: keep only one.` : ''}`,
          fixes: [replace],
        });
        continue;
      }
      if (atLeast(airflow.version, '2.8')) {
        ctx.report({
          range,
          severity: airflow.verified ? 'error' : 'warning',
          message: `${LEGACY_PACKAGE} must not be used with ${airflow.label}: it is deprecated (removed from OpenLineage in 1.42.0) and ${PROVIDER} replaces it${ctx.versions.airflow?.astro ? ' (Astro Runtime ships the provider)' : ''}. ${withProvider ? 'Remove it; the provider is already listed.' : `Replace it with ${PROVIDER} and move its settings to \`[openlineage]\`.`}`,
          fixes: [replace],
        });
        continue;
      }
      const pin = ctx.versions.legacy?.pinned;
      const limit = !atLeast(airflow.version, '2.3') ? '1.14.0' : !atLeast(airflow.version, '2.5') ? '1.33.0' : undefined;
      if (pin && limit && !atLeast(limit.split('.').map(Number), pin.text)) {
        ctx.report({
          range: req.specRange.end > req.specRange.start ? req.specRange : range,
          severity: 'warning',
          message: `The last ${LEGACY_PACKAGE} that supports ${airflow.label} is ${limit}; this project pins ${pin.text}. Pin \`${LEGACY_PACKAGE}==${limit}\`.`,
          fixes: [
            {
              title: `Pin ==${limit}`,
              edits: [
                {
                  range: req.specRange.end > req.specRange.start ? req.specRange : { start: req.nameRange.end, end: req.nameRange.end },
                  newText: `==${limit}`,
                },
              ],
            },
          ],
        });
      }
    }
  },
};

function lineWithBreak(text: string, span: { start: number; end: number }) {
  const lineBreak = text.startsWith('\r\n', span.end) ? 2 : text[span.end] === '\n' ? 1 : 0;
  return { start: span.start, end: span.end + lineBreak };
}
