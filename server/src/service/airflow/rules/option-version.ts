import { compareVersions, parseVersion } from '../../util/version';
import { PROVIDER } from '../catalog';
import { UNKNOWN_PROVIDER } from '../analysis';
import type { AirflowRule } from './rule';

/**
 * `[openlineage]` options newer than the project's provider: an older provider ignores them. When the provider
 * version is unknown, only options from 2.19.0 on (`emission_policy`) are mentioned, as a hint.
 */
export const optionVersion: AirflowRule = {
  id: 'airflow/option-version',
  defaultSeverity: 'warning',
  summary:
    'An `[openlineage]` option newer than the project’s pinned provider version (e.g. `emission_policy` before 2.19.0), which that provider ignores.',
  check(ctx) {
    const provider = ctx.versions.provider;
    for (const { setting: s, spec } of ctx.settings) {
      if (!spec?.since) continue;
      const since = parseVersion(spec.since)!;
      if (provider) {
        if (compareVersions(provider.version, since) >= 0) continue;
        ctx.report({
          range: s.keyRange,
          ...(spec.sinceNote ? { severity: 'information' as const } : {}),
          message: `\`${spec.name}\` was added in ${PROVIDER} ${spec.since}${spec.sinceNote ? ` (${spec.sinceNote})` : ''}; this project has ${provider.label}, which ignores it. Upgrade the provider to ${spec.since} or later, or remove the option.`,
          tags: ['unnecessary'],
        });
      } else if (compareVersions(since, parseVersion('2.19.0')!) >= 0) {
        ctx.report({
          range: s.keyRange,
          severity: 'hint',
          message: `\`${spec.name}\` needs ${PROVIDER} ${spec.since} or later; ${UNKNOWN_PROVIDER}. Pin the provider in requirements.txt to have this checked.`,
        });
      }
    }
  },
};
