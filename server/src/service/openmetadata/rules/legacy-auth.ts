import type { Fix } from '../../rules/rule';
import { nearest } from '../../util/nearest';
import { AUTH_PROVIDERS, BACKEND_RENAMED_IN, OM_PACKAGE, omKey, SSO_KEYS } from '../catalog';
import { keyFor, type LineageSetting } from '../config';
import { removeSetting, replaceValue } from '../edits';
import { atLeast, type OmVersion } from '../versions';
import type { OmRule } from './rule';

/**
 * Authentication options by version: older openmetadata-ingestion read `auth_provider_type` and the SSO
 * settings of the chosen provider; the newest loader ignores them and always authenticates with the bot JWT
 * in `jwt_token`. The release that changed this is not recorded, so these are warnings at most.
 */
export const legacyAuth: OmRule = {
  id: 'openmetadata/legacy-auth',
  defaultSeverity: 'warning',
  summary:
    '`auth_provider_type` and SSO settings, which the newest openmetadata-ingestion no longer reads (it always authenticates with `jwt_token`).',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active) return;
    // Versions before the backend module rename certainly read these options.
    if (atLeast(ctx.om, BACKEND_RENAMED_IN) === false) return;
    const basis = versionBasis(ctx.om);
    const jwtKey = keyFor(view, 'jwt_token');
    const jwt = view.last('jwt_token') ?? view.elsewhereOf('jwt_token');
    const providerSetting = view.last('auth_provider_type');
    const provider = providerSetting?.setting.valueKind === 'literal' ? providerSetting.setting.value.trim() : undefined;
    const remove = (s: LineageSetting): Fix[] => {
      const e = removeSetting(view, s);
      return e ? [{ title: `Remove ${s.setting.key}`, edits: [e] }] : [];
    };

    for (const s of view.settings) {
      const key = s.setting.key;
      if (s.option === 'auth_provider_type') {
        const value = s.setting.valueKind === 'literal' ? s.setting.value.trim() : undefined;
        if (value === 'openmetadata' || (value === 'no-auth' && jwt)) {
          ctx.report({
            range: s.setting.keyRange,
            severity: 'information',
            tags: ['unnecessary'],
            message: `The newest ${OM_PACKAGE} no longer reads \`${key}\`: it always authenticates with the bot JWT in \`jwt_token\`${jwt ? '' : ' (which is set nowhere in this workspace)'}. Older versions did read it; ${basis} You can remove this line.`,
            fixes: remove(s),
          });
        } else if (value === 'no-auth') {
          ctx.report({
            range: s.setting.keyRange,
            message: `Older ${OM_PACKAGE} versions sent no credentials with \`${key} = no-auth\`; the newest ones no longer read this option and always authenticate with the bot JWT in \`jwt_token\`, which is set nowhere in this workspace, so their calls carry no valid token. ${basis} Copy the ingestion bot's JWT from OpenMetadata and set \`${jwtKey}\` from a secret (e.g. AIRFLOW__LINEAGE__JWT_TOKEN in the deployment's secret environment), then remove this line.`,
            fixes: remove(s),
          });
        } else if (value !== undefined && SSO_KEYS[value]) {
          ctx.report({
            range: s.setting.keyRange,
            message: `Only older ${OM_PACKAGE} versions read \`${key}\` and the ${value} SSO settings (${SSO_KEYS[value]!.map((k) => `\`${k}\``).join(', ')}); the newest ones ignore them and authenticate only with an OpenMetadata bot JWT. ${basis} Set \`${jwtKey}\` to the ingestion bot's JWT (from a secret) and remove the SSO settings.`,
          });
        } else if (value !== undefined) {
          const near = nearest(value, AUTH_PROVIDERS);
          ctx.report({
            range: s.setting.valueRange,
            message: `\`${value}\` is not an auth provider: older ${OM_PACKAGE} versions accept ${AUTH_PROVIDERS.map((p) => `\`${p}\``).join(', ')} and fail to load the configuration otherwise; the newest ones ignore \`${key}\` and use \`jwt_token\`. ${basis}${near ? ` Did you mean \`${near}\`?` : ` Remove the line and use \`${jwtKey}\`.`}`,
            fixes: near ? [{ title: `Use ${near}`, edits: [replaceValue(view, s, near)] }] : [],
          });
        }
        continue;
      }
      const spec = omKey(s.option);
      if (!spec?.providers) continue;
      const usedBy = provider && spec.providers.includes(provider);
      ctx.report({
        range: s.setting.keyRange,
        severity: 'information',
        tags: ['unnecessary'],
        message: usedBy
          ? `\`${key}\` is an SSO setting of the ${provider} provider, which only older ${OM_PACKAGE} versions read; the newest ones ignore it and use \`jwt_token\`. ${basis} Remove it when you move to \`${jwtKey}\`.`
          : `\`${key}\` is an SSO setting only older ${OM_PACKAGE} versions read, and only with \`auth_provider_type\` ${spec.providers.map((p) => `\`${p}\``).join(' or ')}${provider ? ` (here it is \`${provider}\`)` : ' (not set here)'}: no version reads it in this configuration. You can remove it.`,
        fixes: remove(s),
      });
    }
  },
};

function versionBasis(om: OmVersion | undefined): string {
  return om
    ? `This project uses ${om.how}; the upstream sources checked do not record which release stopped reading it.`
    : `The workspace does not declare ${OM_PACKAGE}, so its version is unknown (and the upstream sources checked do not record which release stopped reading it).`;
}
