import { nearest } from '../../util/nearest';
import { VERIFY_SSL_VALUES } from '../catalog';
import { replaceValue } from '../edits';
import type { OmRule } from './rule';

/** `verify_ssl` is OpenMetadata's `VerifySSL` enum: `no-ssl`, `validate` or `ignore`, exactly. */
export const verifySsl: OmRule = {
  id: 'openmetadata/verify-ssl',
  defaultSeverity: 'error',
  summary: '`verify_ssl` is not `no-ssl`, `validate` or `ignore`: the connection settings fail to load and nothing is sent.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active) return;
    for (const s of view.settings) {
      if (s.option !== 'verify_ssl' || s.setting.valueKind !== 'literal') continue;
      const value = s.setting.value.trim();
      if ((VERIFY_SSL_VALUES as readonly string[]).includes(value)) continue;
      // "Do not verify" is `no-ssl` for a plain-HTTP endpoint, `ignore` for HTTPS.
      const endpoint = view.last('openmetadata_api_endpoint') ?? view.elsewhereOf('openmetadata_api_endpoint');
      const plainHttp = /^\s*http:\/\//i.test(endpoint ? ('setting' in endpoint ? endpoint.setting.value : endpoint.value) : '');
      const near = /^(true|yes|1|on)$/i.test(value)
        ? 'validate'
        : /^(false|no|0|off|none)$/i.test(value)
          ? plainHttp
            ? 'no-ssl'
            : 'ignore'
          : nearest(value, VERIFY_SSL_VALUES);
      const allowed = VERIFY_SSL_VALUES.map((v) => `\`${v}\``).join(', ');
      ctx.report({
        range: s.setting.valueRange,
        message: `${value ? `\`${value}\`` : 'An empty value'} is not a \`verify_ssl\` value: OpenMetadata accepts ${allowed} (exactly, lower case), so loading the connection settings fails and no lineage is sent.${near ? ` Did you mean \`${near}\`?` : ' Write one of them.'} (\`no-ssl\` for plain HTTP, \`validate\` to check the server's certificate, \`ignore\` to skip the check.)`,
        fixes: near
          ? [
              {
                title: `Use ${near}`,
                edits: [replaceValue(view, s, near)],
                ...(near.toLowerCase() === value.toLowerCase() ? { preferred: true } : {}),
              },
            ]
          : [],
      });
    }
  },
};
